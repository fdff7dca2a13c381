"""Duo-Langue matching engine, pure: who should meet whom, globally, with the reasons why.

No nameko, no pymongo, no I/O: plain data in, proposals out. It is CPU-bound (seconds for thousands of
requests), so the service runs it in a native thread (eventlet.tpool), never on the eventlet hub; it
starts no thread of its own.

Hard constraints (feasible): a learner and a volunteer may form a duo only if they are different members,
the pair is not barred (a duo of theirs ended badly), they share at least one half-hour slot of weekly
availability (one slot is 30 contiguous minutes), they share a format (in person only within one region;
video within a region, or across regions when both accept it), each one's gender preference is met by
the other's gender, and each one's age range contains the other's age (ages in now_year).

Score of a feasible pair (score), in points, each term rounded to the hundredth (so that equal pairs
are exactly equal and sums are exact):

    base                                          (1: every feasible pair is worth > 0, so one more
                                                   duo always adds value)
    + interests       * min(shared interests, interests_cap)
    + age_gap         * (50 - min(years between birth years, 50)) / 10
                                                  (a penalty of age_gap per 10 years of gap, counted
                                                   from a 50-year gap so that it never goes negative)
    + shared_language * [they share another language than French]
    + level_fit       * BRIDGE[French level] * [they share another language than French]
                                                  (the less French, the more a bridge language helps:
                                                   A0 1, A1 2/3, A2 1/3, B1 and up 0)
    + waiting         * min(days waited, waiting_cap_days)
                                                  (the same for all of a learner's pairs: whoever
                                                   waited longer rises in priority)

Objective: the set of duos of maximum total score, each learner in at most one duo, each volunteer in
at most `places` (a b-matching), exactly optimal; people without a feasible partner stay unmatched.

How (match):

1. Candidate pairs, vectorised by blocks, never pair by pair in Python. Both sides are sorted by region
   and format class (in person only, both formats with or without other regions, video with or without
   other regions), so that the volunteers a learner class may meet are a few contiguous ranges, and
   learners also by the French-level class that sets the language bonus. Availability, interests and
   languages are uint64 bitsets over what both sides use; per block (a few hundred learners x a
   volunteer range) numpy computes every pair's code (shared interests, shared language, age gap) and
   feasibility (availability AND, gender and age only for the few who set them, barred pairs), and keeps
   the feasible pairs with their score as int32 hundredths: all edges, by learner (~12.5 million at
   10,000 x 10,000 places in the benchmark: realistic instances are dense).
2. Exact solve by levels. A level with at most BASE learners is solved directly on all its edges:
   scipy.sparse.csgraph.min_weight_full_bipartite_matching (LAPJVsp) on a sparse matrix of one column
   per volunteer place and one "stays unmatched" column per learner, costs (max score + 1 - score), or
   that constant for staying unmatched, so that the least cost is the greatest total score. A larger
   level first solves a random 1/SAMPLE of its learners and volunteers (recursively) for dual values
   (prices), extends them to everyone, and then works on a small graph: each learner's KEEP edges of
   smallest reduced cost. Each round solves the working graph exactly with LAPJVsp in square form (every
   learner an "unmatched" column, every place an "empty" row, each edge a mirror edge between them, so
   that any matching completes at the same cost), costs reduced by the current dual values so that its
   initial phases do most of the work, and, once few violated edges joined (PREFER), ties broken towards
   the previous round's matching (costs times size + 1, that matching's entries 1 cheaper: a full matching
   changes by less than one unscaled unit, so a perturbed optimum is a real one, and LAPJVsp's column
   reduction starts from that matching instead of arbitrary ties, which cost it a search per free row);
   computes the optimal dual values of that solution (u per learner, V per volunteer, integers: the
   smallest V, by a monotone fixpoint); and checks every edge of the
   level: if u_i + V_j >= s_ij everywhere, LP duality proves the matching optimal on the whole level,
   else each learner's most violated edges join the working graph and the round repeats. The check is
   exact (integers), so the result is always the optimum of the full candidate graph.
3. Reasons are computed (score) for the chosen pairs only.

Determinism: both sides are ordered by (class, request_id) before anything else, the samples use fixed
seeds, and the solver is deterministic, so the same requests give the same proposals whatever order
they come in (ties go the same way every time).

Measured (python -m bench.matching, 2 shared cores, timings vary by ~30% between runs): 5,000 learners x
5,000 places in 1.8 s, 10.9x faster than scipy.optimize.linear_sum_assignment on the dense matrix (20 s in
that run, ~30 s in others), same optimum; 10,000 x 10,000 places in 5.3 s (11-13 s before the tie-break
and KEEP 128): the top level's first LAPJVsp round (~1.9 million square entries, prices from the sample,
no previous matching to prefer) takes ~2 s of it, candidate pairs ~0.8 s. Short of the 1 s goal.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from itertools import chain

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

SLOTS_PER_WEEK = 7 * 48  # half-hour slots, Monday 00:00 = 0
SLOTS_PER_DAY = 48
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")
BRIDGE = {"A0": 1.0, "A1": 2 / 3, "A2": 1 / 3}
"""level_fit: how much a shared other language helps, by French level; 0 from B1 on."""
LEVEL_CLASSES = ("A0", "A1", "A2", "B1")  # B1 stands for every level without a bridge bonus
AGE_GAP_CAP = 50
"""Years: a wider gap costs no more than this one."""
MAX_SCORE_CENTS = 1 << 28
"""Scores are counted in hundredths (int32 arithmetic with room for sums of two)."""

BLOCK = 1 << 16
"""Pairs computed at once (learners x volunteers) in the candidate pass: fits in the CPU caches."""
BASE = 800
"""A (sub)problem with at most this many learners is solved directly on all its edges."""
SAMPLE = 4
"""Each level of the multilevel solve first solves 1/SAMPLE of its learners and volunteers."""
NEAR = 50
"""Hundredths: edges within this reduced cost of tight are kept in the working graph."""
KEEP = 128
"""Edges of smallest reduced cost kept per learner in a level's first working graph (up to NEAR_MAX)."""
NEAR_MAX = 160
ADD_PER_ROW = 4
"""Most violated edges of a learner added to the working graph per round."""
PREFER = 5.0
"""A round breaks ties towards the previous round's matching when at most PREFER violated edges per
learner joined the working graph (far from the optimum, ties left to LAPJVsp are faster)."""


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


@dataclass(frozen=True)
class Weights:
    """How much each criterion counts (see the module's docstring for the formula)."""

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
        if _cents(self.base) < 1:
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
        if top * 100 >= MAX_SCORE_CENTS:
            raise ValueError(f"weights too large: a pair could score {top:.0f}")

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, float]) -> "Weights":
        """Weights from configuration; unknown keys are refused (a typo would silently weigh nothing)."""
        known = {field.name for field in fields(cls)}
        for key in mapping:
            if key not in known:
                raise ValueError(f"unknown weight {key!r} (known: {', '.join(sorted(known))})")
        return cls(**mapping)


@dataclass(frozen=True)
class Proposal:
    learner_request_id: str
    volunteer_request_id: str
    learner_id: str
    volunteer_id: str
    score: float
    reasons: tuple[str, ...]


# ---------------------------------------------------------------------------------------------------
# One pair: the rules in plain Python. The engine computes the same, vectorised (the tests compare).


def _formats_fit(a: Person, b: Person) -> bool:
    if a.region == b.region:
        return bool(a.formats & b.formats)
    return "video" in a.formats and "video" in b.formats and a.cross_region and b.cross_region


def _accepts(person: Person, other: Person, now_year: int) -> bool:
    """person's preferences are met by other."""
    if person.gender_preference is not None and other.gender != person.gender_preference:
        return False
    if person.age_range is not None:
        low, high = person.age_range
        if not low <= now_year - other.birth_year <= high:
            return False
    return True


def feasible(
    learner: Learner, volunteer: Volunteer, forbidden: frozenset[tuple[str, str]] = frozenset(), now_year=None
) -> bool:
    """Whether the pair meets every hard constraint (see the module's docstring)."""
    now_year = now_year if now_year is not None else date.today().year
    return (
        learner.member_id != volunteer.member_id
        and (learner.member_id, volunteer.member_id) not in forbidden
        and bool(learner.slots & volunteer.slots)
        and _formats_fit(learner, volunteer)
        and _accepts(learner, volunteer, now_year)
        and _accepts(volunteer, learner, now_year)
    )


def _cents(value: float) -> int:
    return round(value * 100)  # half to even, like numpy's rint


def _learner_cents(weights: Weights, waited_days: float) -> int:
    """The learner's own part of every pair's score: base and waiting."""
    return _cents(weights.base) + _cents(weights.waiting * min(max(waited_days, 0.0), weights.waiting_cap_days))


def _pair_cents(weights: Weights, shared: int, language: bool, gap: int, level: str) -> int:
    """The pair's part: shared interests, age gap, shared language (and its help at the learner's level)."""
    return (
        _cents(weights.interests * min(shared, weights.interests_cap))
        + _cents(weights.age_gap * (AGE_GAP_CAP - min(gap, AGE_GAP_CAP)) / 10)
        + (_cents(weights.shared_language + weights.level_fit * BRIDGE.get(level, 0.0)) if language else 0)
    )


def score(
    learner: Learner, volunteer: Volunteer, weights: Weights = Weights(), now_year=None
) -> tuple[float, tuple[str, ...]]:
    """Score of a pair (exactly as the engine counts it, in hundredths) and the reasons, in words.
    Feasibility is not checked (see feasible)."""
    shared = sorted(learner.interests & volunteer.interests)
    languages = sorted(learner.languages & volunteer.languages)
    gap = abs(learner.birth_year - volunteer.birth_year)
    cents = _learner_cents(weights, learner.waited_days) + _pair_cents(
        weights, len(shared), bool(languages), gap, learner.french_level
    )
    reasons = []
    if shared:
        reasons.append(f"{len(shared)} shared interest{'s' if len(shared) > 1 else ''}: {', '.join(shared)}")
    common = learner.slots & volunteer.slots
    if common:
        reasons.append(f"both free {_describe(common)}")
    if learner.region == volunteer.region:
        reasons.append(f"same region: {learner.region}")
    else:
        reasons.append(f"video across regions: {learner.region} and {volunteer.region}")
    if languages:
        reasons.append(f"shared language{'s' if len(languages) > 1 else ''}: {', '.join(languages)}")
        if BRIDGE.get(learner.french_level, 0.0) and weights.level_fit:
            reasons.append(f"French level {learner.french_level}: a shared language helps")
    days = int(max(learner.waited_days, 0.0))
    reasons.append(f"waited {days} day{'s' if days != 1 else ''}")
    reasons.append(f"age gap {gap} year{'s' if gap != 1 else ''}")
    return cents / 100, tuple(reasons)


def _describe(slots: Iterable[int]) -> str:
    """The longest common stretch (the earliest among equals) in words: 'Tuesday 19:00-20:30'."""
    runs: list[tuple[int, int]] = []
    for slot in sorted(slots):
        if runs and slot == runs[-1][1] and slot % SLOTS_PER_DAY:
            runs[-1] = (runs[-1][0], slot + 1)
        else:
            runs.append((slot, slot + 1))
    start, end = max(runs, key=lambda run: (run[1] - run[0], -run[0]))
    day = start // SLOTS_PER_DAY

    def clock(slot: int) -> str:
        minutes = (slot - day * SLOTS_PER_DAY) * 30
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    others = len(runs) - 1
    more = f" (and {others} other time{'s' if others > 1 else ''})" if others else ""
    return f"{DAY_NAMES[day]} {clock(start)}-{clock(end)}{more}"


# ---------------------------------------------------------------------------------------------------
# The engine.


def match(
    learners: Sequence[Learner],
    volunteers: Sequence[Volunteer],
    weights: Weights = Weights(),
    forbidden: frozenset[tuple[str, str]] = frozenset(),
    now_year: int | None = None,
) -> list[Proposal]:
    """The duos of maximum total score (see the module's docstring), in learner request_id order."""
    engine = _Engine(learners, volunteers, weights, forbidden, now_year)
    return engine.proposals(engine.solve())


def _level_class(level: str) -> int:
    return LEVEL_CLASSES.index(level) if level in BRIDGE else 3


def _format_key(person: Person) -> tuple[str, int]:
    """Region, then in person only / both without cross-region / both with / video with / video without:
    in this order, the volunteers a learner class accepts are a few contiguous ranges."""
    video, in_person, cross = "video" in person.formats, "in_person" in person.formats, person.cross_region
    if video and in_person:
        return person.region, 2 if cross else 1
    if video:
        return person.region, 3 if cross else 4
    return person.region, 0 if in_person else 5  # 5: no format, feasible with no one


def _keys_fit(a: tuple[str, int], b: tuple[str, int]) -> bool:
    (region_a, a), (region_b, b) = a, b
    if region_a == region_b:
        return (a in (1, 2, 3, 4) and b in (1, 2, 3, 4)) or (a in (0, 1, 2) and b in (0, 1, 2))
    return a in (2, 3) and b in (2, 3)


def _bitsets(sets: list, codes: Mapping, words: int) -> np.ndarray:
    """(words, people) uint64 bitsets of the coded items (items without a code are left out)."""
    owner = [i for i, items in enumerate(sets) for item in items if item in codes]
    index = np.fromiter(
        (codes[item] for items in sets for item in items if item in codes), dtype=np.int64, count=len(owner)
    )
    bits = np.zeros((max(1, words), len(sets)), dtype=np.uint64)
    np.bitwise_or.at(bits, (index >> 6, owner), np.left_shift(np.uint64(1), (index & 63).astype(np.uint64)))
    return bits


class _Side:
    """One side as arrays; people ordered by (key, request_id)."""

    def __init__(self, people: list, key, now_year: int, codes: tuple[dict, dict, dict], genders: dict):
        decorated = sorted((key(p), p.request_id, p) for p in people)
        self.people = [p for *_, p in decorated]
        self.keys = [k for k, *_ in decorated]
        people, n = self.people, len(self.people)
        self.n = n
        slots, interests, languages = codes
        self.avail = _bitsets([p.slots for p in people], slots, -(-len(slots) // 64))
        self.interests = _bitsets([p.interests for p in people], interests, -(-len(interests) // 64))
        self.languages = _bitsets([p.languages for p in people], languages, -(-len(languages) // 64))
        self.birth = np.array([p.birth_year for p in people], dtype=np.int64).reshape(n)
        self.birth16 = np.clip(self.birth, -(1 << 14), 1 << 14).astype(np.int16)
        self.age = now_year - self.birth
        self.gender = np.array([genders.get(p.gender, -1) for p in people], dtype=np.int64).reshape(n)
        self.pref = np.array(
            [-1 if p.gender_preference is None else genders[p.gender_preference] for p in people], dtype=np.int64
        ).reshape(n)
        ranges = [p.age_range or (-(1 << 30), 1 << 30) for p in people]
        self.low = np.array([r[0] for r in ranges], dtype=np.int64).reshape(n)
        self.high = np.array([r[1] for r in ranges], dtype=np.int64).reshape(n)
        self.constrained = (self.pref >= 0) | np.array([p.age_range is not None for p in people], bool).reshape(n)

    def accepts(self, mine: np.ndarray, other: "_Side", theirs: np.ndarray) -> np.ndarray:
        """(len(mine), len(theirs)) booleans: my preferences are met by them."""
        pref = self.pref[mine][:, None]
        gender = other.gender[theirs][None, :]
        age = other.age[theirs][None, :]
        return ((pref < 0) | (pref == gender)) & (self.low[mine][:, None] <= age) & (age <= self.high[mine][:, None])


def _runs(keys: list) -> list[tuple[int, int, object]]:
    """Contiguous runs of equal keys: (start, end, key)."""
    runs: list[tuple[int, int, object]] = []
    for index, key in enumerate(keys):
        if runs and runs[-1][2] == key:
            runs[-1] = (runs[-1][0], index + 1, key)
        else:
            runs.append((index, index + 1, key))
    return runs


def _union(people, attr: str) -> set:
    return set(chain.from_iterable(getattr(p, attr) for p in people))


class _Engine:
    def __init__(self, learners, volunteers, weights: Weights, forbidden, now_year):
        self.weights = weights
        self.now_year = now_year if now_year is not None else date.today().year
        volunteers = [v for v in volunteers if v.places > 0]
        for side in (learners, volunteers):
            if len({p.request_id for p in side}) != len(side):
                raise ValueError("request ids must be unique")
        for learner in learners:
            if learner.french_level not in LEVELS:
                raise ValueError(f"{learner.request_id}: unknown French level {learner.french_level!r}")
        for person in chain(learners, volunteers):
            if not all(isinstance(s, int | np.integer) and 0 <= s < SLOTS_PER_WEEK for s in person.slots):
                raise ValueError(f"{person.request_id}: slots must be whole numbers in 0..{SLOTS_PER_WEEK - 1}")
        # Only what both sides have can be shared: the rest is left out of the bitsets.
        codes = tuple(
            {item: i for i, item in enumerate(sorted(_union(learners, attr) & _union(volunteers, attr)))}
            for attr in ("slots", "interests", "languages")
        )
        everyone = list(chain(learners, volunteers))
        named = {p.gender for p in everyone} | {p.gender_preference for p in everyone}
        genders = {g: i for i, g in enumerate(sorted(named - {None}))}

        def learner_key(p: Learner) -> tuple:
            return _format_key(p), _level_class(p.french_level)

        self.L = _Side(list(learners), learner_key, self.now_year, codes, genders)
        self.V = _Side(volunteers, _format_key, self.now_year, codes, genders)
        L, V = self.L, self.V
        self.places = np.array([v.places for v in V.people], dtype=np.int64).reshape(V.n)
        self.learner_cents = np.array([_learner_cents(weights, p.waited_days) for p in L.people], np.int64).reshape(L.n)

        # A pair's code: (min(shared interests, cap) * 2 + shared language) * 51 + min(age gap, 50); its
        # part of the score per level class comes from the very function score() uses.
        self.cap = int(weights.interests_cap)
        width = AGE_GAP_CAP + 1
        self.n_codes = (self.cap + 1) * 2 * width
        self.pair_cents = np.array(
            [
                [
                    _pair_cents(weights, c // (2 * width), bool(c // width % 2), c % width, level)
                    for c in range(self.n_codes)
                ]
                for level in LEVEL_CLASSES
            ],
            dtype=np.int64,
        )
        shared = np.arange(2 * (len(codes[1]) + 1))  # shared interests * 2 + language -> the code's high part
        self.high_code = ((np.minimum(shared // 2, self.cap) * 2 + shared % 2) * width).astype(np.int16)

        # Barred pairs, and a member on both sides, as (learner index, volunteer index).
        at: tuple[dict, dict] = ({}, {})
        for side, index in zip((L, V), at, strict=True):
            for i, p in enumerate(side.people):
                index.setdefault(p.member_id, []).append(i)
        pairs = {(i, j) for member, js in at[1].items() for j in js for i in at[0].get(member, ())}
        pairs.update((i, j) for a, b in forbidden for i in at[0].get(a, ()) for j in at[1].get(b, ()))
        barred = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
        self.barred_i, self.barred_j = barred[:, 0], barred[:, 1]

        # The volunteer ranges each learner format class accepts.
        self.ranges: dict = {}
        volunteer_runs = _runs(V.keys)
        for fkey, _ in set(L.keys):
            spans: list[tuple[int, int]] = []
            for start, end, vkey in volunteer_runs:
                if _keys_fit(fkey, vkey):
                    if spans and spans[-1][1] == start:
                        spans[-1] = (spans[-1][0], end)
                    else:
                        spans.append((start, end))
            self.ranges[fkey] = spans
        self.stats: dict = {}

    # -- candidate pairs --------------------------------------------------------------------------

    def codes(self, rows: np.ndarray, cols: slice | np.ndarray) -> np.ndarray:
        """(len(rows), len(cols)) int16 pair codes, n_codes where the pair is infeasible.
        rows, cols: sorted learner and volunteer indexes (cols may be a slice)."""
        L, V = self.L, self.V
        la, va = L.avail[:, rows], V.avail[:, cols]
        common = np.bitwise_and(la[0][:, None], va[0][None, :])
        if la.shape[0] > 1:
            tmp = np.empty_like(common)
            for w in range(1, la.shape[0]):
                np.bitwise_and(la[w][:, None], va[w][None, :], out=tmp)
                np.bitwise_or(common, tmp, out=common)
        feasible = common != 0
        del common
        shared = np.bitwise_count(np.bitwise_and(L.interests[0, rows][:, None], V.interests[0, cols][None, :]))
        for w in range(1, L.interests.shape[0]):
            shared += np.bitwise_count(np.bitwise_and(L.interests[w, rows][:, None], V.interests[w, cols][None, :]))
        language = np.bitwise_and(L.languages[0, rows][:, None], V.languages[0, cols][None, :]) != 0
        for w in range(1, L.languages.shape[0]):
            language |= np.bitwise_and(L.languages[w, rows][:, None], V.languages[w, cols][None, :]) != 0
        np.left_shift(shared, 1, out=shared)
        shared |= language
        code = self.high_code.take(shared)
        gap = np.subtract(L.birth16[rows][:, None], V.birth16[None, cols])
        np.abs(gap, out=gap)
        np.minimum(gap, AGE_GAP_CAP, out=gap)
        code += gap
        columns = np.arange(cols.start, cols.stop) if isinstance(cols, slice) else cols
        # Preferences: only the few who have some are checked.
        mine = np.flatnonzero(L.constrained[rows])
        if mine.size:
            feasible[mine] &= L.accepts(rows[mine], V, columns)
        theirs = np.flatnonzero(V.constrained[cols])
        if theirs.size:
            feasible[:, theirs] &= V.accepts(columns[theirs], L, rows).T
        if self.barred_i.size:
            at_i = np.searchsorted(rows, self.barred_i).clip(max=len(rows) - 1)
            at_j = np.searchsorted(columns, self.barred_j).clip(max=len(columns) - 1)
            hit = (rows[at_i] == self.barred_i) & (columns[at_j] == self.barred_j)
            feasible[at_i[hit], at_j[hit]] = False
        np.putmask(code, ~feasible, self.n_codes)
        return code

    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every feasible pair, by learner: (learner, volunteer, score in hundredths), int32."""
        found_i, found_j, found_s = [], [], []
        for start, end, (fkey, level) in _runs(self.L.keys):
            spans = self.ranges[fkey]
            width = sum(c1 - c0 for c0, c1 in spans)
            if not width:
                continue
            columns = np.concatenate([np.arange(c0, c1) for c0, c1 in spans])
            values = self.pair_cents[level]
            chunk = max(8, BLOCK // width)
            for r0 in range(start, end, chunk):
                rows = np.arange(r0, min(r0 + chunk, end))
                code = np.empty((len(rows), width), dtype=np.int16)
                at = 0
                for c0, c1 in spans:
                    code[:, at : at + c1 - c0] = self.codes(rows, slice(c0, c1))
                    at += c1 - c0
                flat = code.ravel()
                hit = np.flatnonzero(flat != self.n_codes)
                r, c = np.divmod(hit, width)
                found_i.append(rows[r].astype(np.int32))
                found_j.append(columns[c].astype(np.int32))
                found_s.append((values.take(flat[hit]) + self.learner_cents[rows[r]]).astype(np.int32))
        if not found_i:
            return tuple(np.zeros(0, np.int32) for _ in range(3))
        return tuple(np.concatenate(found) for found in (found_i, found_j, found_s))

    # -- solve ------------------------------------------------------------------------------------

    def solve(self) -> np.ndarray:
        """The volunteer of each learner in a maximum-score b-matching (-1: unmatched)."""
        if not self.L.n or not self.V.n:
            return np.full(self.L.n, -1, dtype=np.int64)
        row, col, value = self.edges()
        self.stats = {"edges": len(row), "levels": []}
        solver = _Solver(self.L.n, self.V.n, self.places, self.stats)
        volunteer_of, _, _ = solver.level(np.arange(self.L.n), np.arange(self.V.n), row, col, value, 0)
        return volunteer_of

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


class _Solver:
    """Maximum-score b-matching over integer edge scores, exact: see the module's docstring."""

    def __init__(self, n_learners: int, n_volunteers: int, places: np.ndarray, stats: dict):
        self.nL, self.nV, self.places, self.stats = n_learners, n_volunteers, places, stats

    def level(self, learners, volunteers, row, col, value, depth):
        """Solve the subproblem of these learners and volunteers, whose edges are (row, col, value)
        (sorted by row): (volunteer_of, u, V) with optimal dual values."""
        info = {"depth": depth, "learners": len(learners), "edges": len(row), "rounds": 0, "graph": [], "violated": []}
        self.stats["levels"].append(info)
        if len(learners) <= BASE or depth >= 8:
            volunteer_of = self.assign_cold(row, col, value)
            duals = self.duals(row, col, value, volunteer_of)
            info["rounds"] = 1
            if duals is None:  # cannot happen: LAPJVsp is exact on integers
                raise RuntimeError("matching engine: no dual solution for an optimal matching")
            return volunteer_of, *duals
        # Prices from a sample of this level, extended to everyone: V_j = max(0, max_i s_ij - u_i) over
        # the sampled learners i (what the sample's own optimal V is for sampled volunteers), then
        # u_i = max(0, max_j s_ij - V_j): a feasible dual solution of this level.
        rng = np.random.default_rng(depth)
        sub_l = np.sort(rng.choice(learners, size=max(1, len(learners) // SAMPLE), replace=False))
        sub_v = np.sort(rng.choice(volunteers, size=max(1, len(volunteers) // SAMPLE), replace=False))
        in_l = np.zeros(self.nL, bool)
        in_l[sub_l] = True
        in_v = np.zeros(self.nV, bool)
        in_v[sub_v] = True
        from_sample = in_l[row]
        inside = from_sample & in_v[col]
        _, u_s, V_s = self.level(sub_l, sub_v, row[inside], col[inside], value[inside], depth + 1)
        V = np.zeros(self.nV, dtype=np.int32)
        np.maximum.at(V, col[from_sample], (value[from_sample] - u_s[row[from_sample]]).astype(np.int32))
        V[sub_v] = V_s[sub_v]
        starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]]) if len(row) else np.zeros(0, np.int64)
        u = self.best(row, col, value, V, starts)
        reduced = self.reduced(row, col, value, u, V)
        graph = self.nearest(row, reduced, starts)
        volunteer_of, prefer = None, None
        while True:
            info["rounds"] += 1
            g_row, g_col, g_value = row[graph], col[graph], value[graph]
            volunteer_of = self.assign_mirror(g_row, g_col, g_value, u, V, prefer)
            duals = self.duals(g_row, g_col, g_value, volunteer_of)
            if duals is None:  # cannot happen: LAPJVsp is exact on integers
                raise RuntimeError("matching engine: no dual solution for an optimal matching")
            u, V = duals
            reduced = self.reduced(row, col, value, u, V)
            violated = np.flatnonzero(reduced < 0)
            info["graph"].append(len(graph))
            info["violated"].append(len(violated))
            if not violated.size:  # optimal on every edge of this level
                return volunteer_of, u, V
            # Next working graph: its near-tight edges, the matching, each learner's most violated edges.
            order = np.lexsort((reduced[violated], row[violated]))
            violated = violated[order]
            first = np.r_[True, row[violated][1:] != row[violated][:-1]]
            rank = np.arange(len(violated)) - np.maximum.accumulate(np.where(first, np.arange(len(violated)), 0))
            keep = np.zeros(len(row), bool)
            keep[graph] = reduced[graph] <= NEAR
            keep[violated[rank < ADD_PER_ROW]] = True
            keep[graph[volunteer_of[g_row] == g_col]] = True
            graph = np.flatnonzero(keep)
            prefer = volunteer_of if len(violated) <= PREFER * len(learners) else None

    def best(self, row, col, value, V, starts) -> np.ndarray:
        """u_i = max(0, max_j s_ij - V_j): with V, a feasible dual solution."""
        u = np.zeros(self.nL, dtype=np.int32)
        if len(row):
            u[row[starts]] = np.maximum(np.maximum.reduceat(value - V[col], starts), 0)
        return u

    @staticmethod
    def reduced(row, col, value, u, V) -> np.ndarray:
        """u_i + V_j - s_ij for every edge (int32: negative where the dual values are violated)."""
        out = u[row]
        out += V[col]
        out -= value
        return out

    def nearest(self, row, reduced, starts) -> np.ndarray:
        """Each learner's KEEP edges of smallest reduced cost (up to NEAR_MAX), ties in edge order."""
        if not len(row):
            return np.zeros(0, np.int64)
        width = NEAR_MAX + 1
        bucket = np.minimum(reduced, NEAR_MAX)
        counts = np.bincount(row * width + bucket, minlength=self.nL * width).reshape(self.nL, width)
        reach = np.cumsum(counts[:, :NEAR_MAX], axis=1) >= KEEP
        limit = np.where(reach.any(axis=1), reach.argmax(axis=1), NEAR_MAX - 1).astype(np.int32)[row]
        below = bucket < limit
        at = bucket == limit
        del bucket, limit
        lengths = np.diff(np.r_[starts, len(row)])
        rank = np.cumsum(at, dtype=np.int32)  # rank of each "at" edge among its learner's "at" edges
        rank -= np.repeat(rank[starts] - at[starts], lengths)
        room = np.repeat(KEEP - np.add.reduceat(below, starts, dtype=np.int32), lengths)
        return np.flatnonzero(below | (at & (rank <= room)))

    def _expand(self, row, col):
        """Learners and volunteers present, and one entry per (edge, place of its volunteer)."""
        present = np.zeros(self.nL, bool)
        present[row] = True
        learners = np.flatnonzero(present)
        position = np.cumsum(present) - 1
        li = position[row]
        present = np.zeros(self.nV, bool)
        present[col] = True
        volunteers = np.flatnonzero(present)
        position = np.cumsum(present) - 1
        vj = position[col]
        caps = self.places[volunteers]
        first = np.concatenate(([0], np.cumsum(caps)))
        copies = caps[vj]
        total = int(copies.sum())
        r = np.repeat(li, copies)
        c = np.repeat(first[vj], copies) + (np.arange(total) - np.repeat(np.cumsum(copies) - copies, copies))
        owner = np.repeat(np.arange(len(volunteers)), caps)
        return learners, volunteers, caps, first, copies, r, c, owner

    def assign_cold(self, row, col, value) -> np.ndarray:
        """Rectangular LAPJVsp: one column per place, one "stays unmatched" column per row."""
        volunteer_of = np.full(self.nL, -1, dtype=np.int64)
        if not len(row):
            return volunteer_of
        learners, volunteers, _, first, copies, r, c, owner = self._expand(row, col)
        n_rows, n_places = len(learners), int(first[-1])
        top = float(value.max()) + 1.0
        cost = np.repeat(top - value, copies)
        if n_places < n_rows:  # rows: places (the smaller side), each with a "stays empty" column
            r, c = c, r
            extra_r, extra_c = np.arange(n_places), n_rows + np.arange(n_places)
            shape = (n_places, n_rows + n_places)
        else:
            extra_r, extra_c = np.arange(n_rows), n_places + np.arange(n_rows)
            shape = (n_rows, n_places + n_rows)
        data = np.concatenate((cost, np.full(shape[0], top)))
        entries = (data, (np.concatenate((r, extra_r)), np.concatenate((c, extra_c))))
        row_ind, col_ind = min_weight_full_bipartite_matching(csr_array(entries, shape=shape))
        if n_places < n_rows:
            real = col_ind < n_rows
            volunteer_of[learners[col_ind[real]]] = volunteers[owner[row_ind[real]]]
        else:
            real = col_ind < n_places
            volunteer_of[learners[row_ind[real]]] = volunteers[owner[col_ind[real]]]
        return volunteer_of

    def assign_mirror(self, row, col, value, u, V, prefer=None) -> np.ndarray:
        """Square LAPJVsp equivalent to the rectangular problem: every learner has an "unmatched"
        column, every place an "empty" row, and each edge (i, p) a mirror edge (p's row, i's column),
        so that any matching completes into a full one at the same cost; costs reduced by (u, V).
        prefer (a volunteer per learner, -1: none, its pairs among these edges): ties go its way."""
        if not len(row):
            return np.full(self.nL, -1, dtype=np.int64)
        learners, volunteers, _, first, copies, r, c, owner = self._expand(row, col)
        n_rows, n_places = len(learners), int(first[-1])
        place_v = V[volunteers][owner]
        real = np.repeat(u[row] + V[col] - value, copies).astype(np.int64)
        rows = (r, np.arange(n_rows), n_rows + np.arange(n_places), n_rows + c)
        cols = (c, n_places + np.arange(n_rows), np.arange(n_places), n_places + r)
        costs = [real, u[learners].astype(np.int64), place_v.astype(np.int64), np.zeros(len(r), np.int64)]
        size = n_rows + n_places
        scale = size + 1
        top = max(int(costs[0].max(initial=0)), int(costs[1].max(initial=0)), int(costs[2].max(initial=0)))
        if prefer is not None and (top + 1) * scale * size < 1 << 52:
            # Tie-break: every cost times `scale`, minus 1 on the preferred full matching. A full matching
            # has `size` entries, so the perturbation changes its cost by less than one unscaled unit: an
            # optimum of the perturbed problem is an optimum of the real one (exact in float64 here), and
            # LAPJVsp's column reduction starts from the preferred matching instead of arbitrary ties.
            place_of = self._places_of(prefer, learners, volunteers, first)
            costs = [x * scale for x in costs]
            mine = place_of[r] == c
            costs[0][mine] -= 1
            costs[1][place_of < 0] -= 1
            taken = np.zeros(n_places, bool)
            taken[place_of[place_of >= 0]] = True
            costs[2][~taken] -= 1
            costs[3][mine] -= 1
        return self._square(rows, cols, costs, size, learners, volunteers, owner, n_rows, n_places)

    @staticmethod
    def _places_of(prefer, learners, volunteers, first) -> np.ndarray:
        """The place (local index) of each present learner in the matching prefer: the k-th learner of a
        volunteer (by index) takes its k-th place; -1 if unmatched."""
        place_of = np.full(len(learners), -1, dtype=np.int64)
        mine = np.flatnonzero(prefer[learners] >= 0)
        if not mine.size:
            return place_of
        local = np.searchsorted(volunteers, prefer[learners[mine]])
        order = np.argsort(local, kind="stable")
        mine, local = mine[order], local[order]
        head = np.r_[True, local[1:] != local[:-1]]
        k = np.arange(len(local)) - np.maximum.accumulate(np.where(head, np.arange(len(local)), 0))
        place_of[mine] = first[local] + k
        return place_of

    def _square(self, rows, cols, costs, size, learners, volunteers, owner, n_rows, n_places) -> np.ndarray:
        cost = np.concatenate(costs).astype(np.float64)
        cost += 1.0 - cost.min()  # every entry must be nonzero; a constant does not change a full matching
        graph = csr_array((cost, (np.concatenate(rows), np.concatenate(cols))), shape=(size, size))
        row_ind, col_ind = min_weight_full_bipartite_matching(graph)
        volunteer_of = np.full(self.nL, -1, dtype=np.int64)
        real = (row_ind < n_rows) & (col_ind < n_places)
        volunteer_of[learners[row_ind[real]]] = volunteers[owner[col_ind[real]]]
        return volunteer_of

    def duals(self, row, col, value, volunteer_of):
        """The smallest V >= 0 (0 for a volunteer with a free place) and u_i = s(i, its volunteer) - V
        (0 if unmatched) with u_i + V_j >= s_ij on every edge: optimal dual values, which exist if and
        only if the matching is optimal on these edges (None otherwise)."""
        nV = self.nV
        matched = volunteer_of >= 0
        own = matched[row] & (col == volunteer_of[row])
        own_value = np.zeros(self.nL, dtype=np.int64)
        own_value[row[own]] = value[own]
        full = np.bincount(volunteer_of[matched], minlength=nV) >= self.places
        order = np.argsort(col, kind="stable")
        r, c, s = row[order], col[order], value[order].astype(np.int64)
        starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]]) if len(c) else np.zeros(0, np.int64)
        heads = c[starts]
        target = volunteer_of.clip(min=0)
        V = np.zeros(nV, dtype=np.int64)
        limit = int(own_value.max(initial=0))
        while True:
            u = np.where(matched, own_value - V[target], 0)
            if (u < 0).any():
                return None
            bound = np.zeros(nV, dtype=np.int64)
            if len(c):
                bound[heads] = np.maximum.reduceat(s - u[r], starts)
            if (bound[~full] > 0).any():
                return None
            new = np.where(full, np.maximum(bound, V), 0)
            if (new == V).all():
                return u.astype(np.int32), V.astype(np.int32)
            if new.max() > limit:
                return None
            V = new
