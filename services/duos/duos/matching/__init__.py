"""Duo-Langue matching engine, pure: who should meet whom, globally, with the reasons why.

No nameko, no pymongo, no I/O: plain data in, proposals out. It is CPU-bound (seconds for thousands of
requests), so the service runs it in a native thread (eventlet.tpool), never on the eventlet hub; it
starts no thread of its own.

Objective: the set of duos of maximum total score, each learner in at most one duo, each volunteer in
at most `places` (a b-matching), exactly optimal; people without a feasible partner stay unmatched.

Modules, each usable and tested alone:
- model: Learner, Volunteer, Weights, Proposal and the domain's constants (plain data);
- rules: the hard constraints (feasible), the score formula, each term rounded to the hundredth (score),
  and the reasons, for one pair in plain Python;
- candidates: every feasible pair with its score, vectorised (numpy bitsets by blocks), the same as rules;
- the solver is not here: interra_matching (libs/matching/), the exact maximum-score bipartite
  b-matching on integer scores, generic (indexes, capacities, scores: nothing of Duo-Langue), with an
  LP-duality certificate of optimality for every answer, shared with InterLab's mentor matching;
- engine: match(), the three in a row, reasons computed for the chosen pairs only.

Determinism: both sides are ordered by (class, request_id) before anything else, the samples use fixed
seeds, and the solver is deterministic, so the same requests give the same proposals whatever order
they come in (ties go the same way every time).

Measured (python -m bench.matching, 2 shared cores, timings vary by ~30% between runs): 5,000 learners x
5,000 places in 1.8 s, 10.9x faster than scipy.optimize.linear_sum_assignment on the dense matrix (20 s in
that run, ~30 s in others), same optimum; 10,000 x 10,000 places in 5.3 s (11-13 s before the tie-break
and KEEP 128): the top level's first LAPJVsp round (~1.9 million square entries, prices from the sample,
no previous matching to prefer) takes ~2 s of it, candidate pairs ~0.8 s. Short of the 1 s goal.
"""

from duos.matching.engine import _Engine, match
from duos.matching.model import (
    AGE_GAP_CAP,
    BRIDGE,
    DAY_NAMES,
    LEVEL_CLASSES,
    LEVELS,
    MAX_SCORE_CENTS,
    SLOTS_PER_DAY,
    SLOTS_PER_WEEK,
    Learner,
    Person,
    Proposal,
    Volunteer,
    Weights,
)
from duos.matching.rules import feasible, score
from interra_matching import match_pairs, max_score_matching

__all__ = [
    "AGE_GAP_CAP",
    "BRIDGE",
    "DAY_NAMES",
    "LEVELS",
    "LEVEL_CLASSES",
    "MAX_SCORE_CENTS",
    "SLOTS_PER_DAY",
    "SLOTS_PER_WEEK",
    "Learner",
    "Person",
    "Proposal",
    "Volunteer",
    "Weights",
    "_Engine",
    "feasible",
    "match",
    "match_pairs",
    "max_score_matching",
    "score",
]
