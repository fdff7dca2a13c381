"""What Duo-Langue matching works on: the people on both sides, the weights of the score, the proposals.

Plain frozen data, no numpy: the rules over it are in duos.matching.rules, the engine in the package.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields

from interra_matching import MAX_SCORE

SLOTS_PER_WEEK = 7 * 48  # half-hour slots, Monday 00:00 = 0
SLOTS_PER_DAY = 48
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")
BRIDGE = {"A0": 1.0, "A1": 2 / 3, "A2": 1 / 3}
"""level_fit: how much a shared other language helps, by French level; 0 from B1 on."""
LEVEL_CLASSES = ("A0", "A1", "A2", "B1")  # B1 stands for every level without a bridge bonus
AGE_GAP_CAP = 50
"""Years: a wider gap costs no more than this one."""
MAX_SCORE_CENTS = MAX_SCORE
"""Scores are counted in hundredths, below the solver's bound (int32 arithmetic with room for sums of two)."""


@dataclass(frozen=True)
class Person:
    """What both sides of a duo say about themselves and accept."""

    request_id: str
    member_id: str
    region: str  # "liege", "brussels", ...
    formats: frozenset[str]  # subset of {"video", "in_person"}
    cross_region: bool  # accepts video with someone of another region
    slots: frozenset[int]  # weekly availability, half-hour slot indexes
    interests: frozenset[str]
    languages: frozenset[str]  # other languages spoken (ISO codes), besides French
    birth_year: int
    gender: str | None = None
    gender_preference: str | None = None  # None = no preference
    age_range: tuple[int, int] | None = None  # acceptable partner age, inclusive; None = any


@dataclass(frozen=True)
class Learner(Person):
    french_level: str = "A1"  # A0..C2
    waited_days: float = 0.0


@dataclass(frozen=True)
class Volunteer(Person):
    places: int = 1  # free places (capacity 1-3 minus active duos)


def cents(value: float) -> int:
    """A score term in hundredths of a point, rounded half to even (like numpy's rint)."""
    return round(value * 100)


@dataclass(frozen=True)
class Weights:
    """How much each criterion counts (see duos.matching.rules for the formula)."""

    interests: float = 1.0  # per shared interest, up to interests_cap of them
    age_gap: float = 0.5  # penalty per 10 years of age gap (capped at AGE_GAP_CAP years)
    level_fit: float = 1.0  # a shared other language for a beginner, times BRIDGE[level]
    shared_language: float = 1.0  # a shared other language, at any level
    waiting: float = 0.05  # per day waited, up to waiting_cap_days
    base: float = 1.0  # every feasible pair is worth at least this (> 0)
    interests_cap: int = 3
    waiting_cap_days: float = 90.0

    def __post_init__(self):
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValueError(f"weight {field.name!r}: expected a finite number, got {value!r}")
            if value < 0:
                raise ValueError(f"weight {field.name!r}: must not be negative, got {value!r}")
        if cents(self.base) < 1:
            raise ValueError("weight 'base': must be at least 0.01, so that every feasible pair is worth matching")
        if self.interests_cap != int(self.interests_cap) or self.interests_cap > 20:
            raise ValueError(f"weight 'interests_cap': expected a whole number up to 20, got {self.interests_cap!r}")
        top = (
            self.base
            + self.interests * self.interests_cap
            + self.age_gap * AGE_GAP_CAP / 10
            + self.shared_language
            + self.level_fit
            + self.waiting * self.waiting_cap_days
        )
        if top * 100 + 3 >= MAX_SCORE_CENTS:  # + 3: six terms, each rounded up by at most half a hundredth
            raise ValueError(f"weights too large: a pair could score {top:.0f}")

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, float]) -> "Weights":
        """Weights from configuration; unknown keys are refused (a typo would silently weigh nothing)."""
        known = {field.name for field in fields(cls)}
        for key in mapping:
            if key not in known:
                raise ValueError(f"unknown weight {key!r} (known: {', '.join(sorted(known))})")
        return cls(**mapping)


DEFAULT_WEIGHTS = Weights()
"""The weights when none are given (frozen: one shared instance)."""


@dataclass(frozen=True)
class Proposal:
    learner_request_id: str
    volunteer_request_id: str
    learner_id: str
    volunteer_id: str
    score: float
    reasons: tuple[str, ...]
