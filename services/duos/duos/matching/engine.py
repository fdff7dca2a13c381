"""The engine: candidate pairs (duos.matching.candidates), the exact solve (interra_matching.solver), and the
reasons (duos.matching.rules.score) for the chosen pairs only."""

from collections.abc import Sequence

import numpy as np

from duos.matching.candidates import Candidates
from duos.matching.model import DEFAULT_WEIGHTS, Learner, Proposal, Volunteer, Weights
from duos.matching.rules import score
from interra_matching import solver


def match(
    learners: Sequence[Learner],
    volunteers: Sequence[Volunteer],
    weights: Weights = DEFAULT_WEIGHTS,
    forbidden: frozenset[tuple[str, str]] = frozenset(),
    now_year: int | None = None,
) -> list[Proposal]:
    """The duos of maximum total score (see duos.matching), in learner request_id order."""
    engine = _Engine(learners, volunteers, weights, forbidden, now_year)
    return engine.proposals(engine.solve())


class _Engine(Candidates):
    """One matching round: the candidate pairs, then solve() and proposals(); stats after solve()."""

    def __init__(self, learners, volunteers, weights: Weights, forbidden, now_year):
        super().__init__(learners, volunteers, weights, forbidden, now_year)
        self.stats: dict = {}

    def solve(self) -> np.ndarray:
        """The volunteer of each learner in a maximum-score b-matching (-1: unmatched)."""
        if not self.L.n or not self.V.n:
            return np.full(self.L.n, -1, dtype=np.int64)
        row, col, value = self.edges()
        self.stats = {"edges": len(row), "levels": []}
        return solver.max_score_matching(self.L.n, self.places, row, col, value, stats=self.stats)

    def proposals(self, volunteer_of: np.ndarray) -> list[Proposal]:
        out = []
        for i in np.flatnonzero(volunteer_of >= 0):
            learner, volunteer = self.L.people[i], self.V.people[volunteer_of[i]]
            value, reasons = score(learner, volunteer, self.weights, self.now_year)
            out.append(
                Proposal(
                    learner.request_id, volunteer.request_id, learner.member_id, volunteer.member_id, value, reasons
                )
            )
        out.sort(key=lambda p: p.learner_request_id)
        return out
