"""Matching shared by the programmes: an exact maximum-score bipartite b-matching (solver), generic.

A library, not a service: no nameko, no I/O, nothing of any programme (Duo-Langue's learners and
volunteers, InterLab's entrepreneurs and mentors are the callers' words). numpy and scipy only.
"""

from interra_matching.solver import MAX_SCORE, match_pairs, max_score_matching

__all__ = ["MAX_SCORE", "match_pairs", "max_score_matching"]
