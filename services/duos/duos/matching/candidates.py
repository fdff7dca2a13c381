"""Candidate pairs: every feasible (learner, volunteer) pair with its score, vectorised by blocks, never
pair by pair in Python; the same pairs and scores as duos.matching.rules (feasible, score).

Both sides are sorted by region and format class (in person only, both formats with or without other
regions, video with or without other regions), so that the volunteers a learner class may meet are a few
contiguous ranges, and learners also by the French-level class that sets the language bonus.
Availability, interests and languages are uint64 bitsets over what both sides use; per block (a few
hundred learners x a volunteer range) numpy computes every pair's code (shared interests up to the cap,
shared language, age gap) and feasibility (availability AND, gender and age only for the few who set
them, barred pairs), and keeps the feasible pairs with their score as int32 hundredths: all edges, by
learner (~12.5 million at 10,000 x 10,000 places in the benchmark: realistic instances are dense).

A pair's code is (min(shared interests, cap) * 2 + shared language) * 51 + min(age gap, 50); its part of
the score, per French-level class, comes from rules.pair_cents, the function score() uses.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from itertools import chain

import numpy as np

from duos.matching.model import (
    AGE_GAP_CAP,
    BRIDGE,
    LEVEL_CLASSES,
    LEVELS,
    SLOTS_PER_WEEK,
    Learner,
    Person,
    Volunteer,
    Weights,
)
from duos.matching.rules import learner_cents, pair_cents

BLOCK = 1 << 16
"""Pairs computed at once (learners x volunteers) in the candidate pass: fits in the CPU caches."""
CODE_WIDTH = AGE_GAP_CAP + 1
"""Age gaps 0..AGE_GAP_CAP: the low part of a pair's code."""

Codes = tuple[dict, dict, dict]
"""Bit positions of the slots, interests and languages both sides have."""


# -- classes and keys ----------------------------------------------------------------------------------


def level_class(level: str) -> int:
    return LEVEL_CLASSES.index(level) if level in BRIDGE else 3


def format_key(person: Person) -> tuple[str, int]:
    """Region, then in person only / both without cross-region / both with / video with / video without:
    in this order, the volunteers a learner class accepts are a few contiguous ranges."""
    video, in_person, cross = "video" in person.formats, "in_person" in person.formats, person.cross_region
    if video and in_person:
        return person.region, 2 if cross else 1
    if video:
        return person.region, 3 if cross else 4
    return person.region, 0 if in_person else 5  # 5: no format, feasible with no one


def learner_key(learner: Learner) -> tuple:
    return format_key(learner), level_class(learner.french_level)


def keys_fit(a: tuple[str, int], b: tuple[str, int]) -> bool:
    (region_a, a), (region_b, b) = a, b
    if region_a == region_b:
        return (a in (1, 2, 3, 4) and b in (1, 2, 3, 4)) or (a in (0, 1, 2) and b in (0, 1, 2))
    return a in (2, 3) and b in (2, 3)


def runs(keys: list) -> list[tuple[int, int, object]]:
    """Contiguous runs of equal keys: (start, end, key)."""
    out: list[tuple[int, int, object]] = []
    for index, key in enumerate(keys):
        if out and out[-1][2] == key:
            out[-1] = (out[-1][0], index + 1, key)
        else:
            out.append((index, index + 1, key))
    return out


def volunteer_ranges(learner_keys: Iterable, volunteer_keys: list) -> dict:
    """The volunteer index ranges [(start, end), ...] each learner format class accepts."""
    ranges: dict = {}
    volunteer_runs = runs(volunteer_keys)
    for fkey, _ in set(learner_keys):
        spans: list[tuple[int, int]] = []
        for start, end, vkey in volunteer_runs:
            if keys_fit(fkey, vkey):
                if spans and spans[-1][1] == start:
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((start, end))
        ranges[fkey] = spans
    return ranges


# -- input and encodings -------------------------------------------------------------------------------


def check_input(learners: Sequence[Learner], volunteers: Sequence[Volunteer]) -> None:
    """ValueError on what the engine cannot take: duplicate request ids, unknown levels, bad slots."""
    for side in (learners, volunteers):
        if len({p.request_id for p in side}) != len(side):
            raise ValueError("request ids must be unique")
    for learner in learners:
        if learner.french_level not in LEVELS:
            raise ValueError(f"{learner.request_id}: unknown French level {learner.french_level!r}")
    for person in chain(learners, volunteers):
        if not all(isinstance(s, int | np.integer) and 0 <= s < SLOTS_PER_WEEK for s in person.slots):
            raise ValueError(f"{person.request_id}: slots must be whole numbers in 0..{SLOTS_PER_WEEK - 1}")


def _union(people, attr: str) -> set:
    return set(chain.from_iterable(getattr(p, attr) for p in people))


def shared_codes(learners: Sequence[Person], volunteers: Sequence[Person]) -> Codes:
    """Only what both sides have can be shared: the rest is left out of the bitsets."""
    return tuple(
        {item: i for i, item in enumerate(sorted(_union(learners, attr) & _union(volunteers, attr)))}
        for attr in ("slots", "interests", "languages")
    )


def gender_codes(people: Iterable[Person]) -> dict:
    everyone = list(people)
    named = {p.gender for p in everyone} | {p.gender_preference for p in everyone}
    return {g: i for i, g in enumerate(sorted(named - {None}))}


def bitsets(sets: list, codes: Mapping, words: int) -> np.ndarray:
    """(words, people) uint64 bitsets of the coded items (items without a code are left out)."""
    owner = [i for i, items in enumerate(sets) for item in items if item in codes]
    index = np.fromiter(
        (codes[item] for items in sets for item in items if item in codes), dtype=np.int64, count=len(owner)
    )
    bits = np.zeros((max(1, words), len(sets)), dtype=np.uint64)
    np.bitwise_or.at(bits, (index >> 6, owner), np.left_shift(np.uint64(1), (index & 63).astype(np.uint64)))
    return bits


def pair_cents_table(weights: Weights) -> np.ndarray:
    """(level class, pair code) -> the pair's part of the score in hundredths (rules.pair_cents)."""
    n_codes = (int(weights.interests_cap) + 1) * 2 * CODE_WIDTH
    return np.array(
        [
            [
                pair_cents(weights, c // (2 * CODE_WIDTH), bool(c // CODE_WIDTH % 2), c % CODE_WIDTH, level)
                for c in range(n_codes)
            ]
            for level in LEVEL_CLASSES
        ],
        dtype=np.int64,
    )


class Side:
    """One side as arrays; people ordered by (key, request_id)."""

    def __init__(self, people: list, key: Callable, now_year: int, codes: Codes, genders: dict):
        decorated = sorted((key(p), p.request_id, p) for p in people)
        self.people = [p for *_, p in decorated]
        self.keys = [k for k, *_ in decorated]
        people, n = self.people, len(self.people)
        self.n = n
        slots, interests, languages = codes
        self.avail = bitsets([p.slots for p in people], slots, -(-len(slots) // 64))
        self.interests = bitsets([p.interests for p in people], interests, -(-len(interests) // 64))
        self.languages = bitsets([p.languages for p in people], languages, -(-len(languages) // 64))
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

    def accepts(self, mine: np.ndarray, other: "Side", theirs: np.ndarray) -> np.ndarray:
        """(len(mine), len(theirs)) booleans: my preferences are met by them."""
        pref = self.pref[mine][:, None]
        gender = other.gender[theirs][None, :]
        age = other.age[theirs][None, :]
        return ((pref < 0) | (pref == gender)) & (self.low[mine][:, None] <= age) & (age <= self.high[mine][:, None])


def barred_indexes(L: Side, V: Side, forbidden: Iterable[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """Barred pairs, and a member on both sides, as sorted (learner indexes, volunteer indexes)."""
    at: tuple[dict, dict] = ({}, {})
    for side, index in zip((L, V), at, strict=True):
        for i, p in enumerate(side.people):
            index.setdefault(p.member_id, []).append(i)
    pairs = {(i, j) for member, js in at[1].items() for j in js for i in at[0].get(member, ())}
    pairs.update((i, j) for a, b in forbidden for i in at[0].get(a, ()) for j in at[1].get(b, ()))
    barred = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    return barred[:, 0], barred[:, 1]


# -- one block of pairs --------------------------------------------------------------------------------


def _available(L: Side, V: Side, rows: np.ndarray, cols) -> np.ndarray:
    """(rows, cols) booleans: at least one common slot."""
    la, va = L.avail[:, rows], V.avail[:, cols]
    common = np.bitwise_and(la[0][:, None], va[0][None, :])
    if la.shape[0] > 1:
        tmp = np.empty_like(common)
        for w in range(1, la.shape[0]):
            np.bitwise_and(la[w][:, None], va[w][None, :], out=tmp)
            np.bitwise_or(common, tmp, out=common)
    return common != 0


def _shared(L: Side, V: Side, rows: np.ndarray, cols, cap: int) -> np.ndarray:
    """(rows, cols) uint8: min(shared interests, cap) * 2 + shared language. The count is capped word by
    word (at most cap + 64 before each cap), so that the 8-bit integer never wraps however many
    interests are shared."""
    shared = np.bitwise_count(np.bitwise_and(L.interests[0, rows][:, None], V.interests[0, cols][None, :]))
    for w in range(1, L.interests.shape[0]):
        np.minimum(shared, cap, out=shared)
        shared += np.bitwise_count(np.bitwise_and(L.interests[w, rows][:, None], V.interests[w, cols][None, :]))
    np.minimum(shared, cap, out=shared)
    language = np.bitwise_and(L.languages[0, rows][:, None], V.languages[0, cols][None, :]) != 0
    for w in range(1, L.languages.shape[0]):
        language |= np.bitwise_and(L.languages[w, rows][:, None], V.languages[w, cols][None, :]) != 0
    np.left_shift(shared, 1, out=shared)
    shared |= language
    return shared


def _gap(L: Side, V: Side, rows: np.ndarray, cols) -> np.ndarray:
    """(rows, cols) int16: min(age gap, AGE_GAP_CAP)."""
    gap = np.subtract(L.birth16[rows][:, None], V.birth16[None, cols])
    np.abs(gap, out=gap)
    np.minimum(gap, AGE_GAP_CAP, out=gap)
    return gap


class Candidates:
    """Both sides encoded once; edges() gives every feasible pair with its score."""

    def __init__(
        self,
        learners: Sequence[Learner],
        volunteers: Sequence[Volunteer],
        weights: Weights,
        forbidden: Iterable[tuple[str, str]],
        now_year: int | None,
    ):
        self.weights = weights
        self.now_year = now_year if now_year is not None else date.today().year
        volunteers = [v for v in volunteers if v.places > 0]
        check_input(learners, volunteers)
        codes = shared_codes(learners, volunteers)
        genders = gender_codes(chain(learners, volunteers))
        self.L = Side(list(learners), learner_key, self.now_year, codes, genders)
        self.V = Side(volunteers, format_key, self.now_year, codes, genders)
        L, V = self.L, self.V
        self.places = np.array([v.places for v in V.people], dtype=np.int64).reshape(V.n)
        self.learner_cents = np.array([learner_cents(weights, p.waited_days) for p in L.people], np.int64).reshape(L.n)
        self.cap = int(weights.interests_cap)
        self.pair_cents = pair_cents_table(weights)
        self.n_codes = self.pair_cents.shape[1]
        self.high_code = (np.arange(2 * (self.cap + 1)) * CODE_WIDTH).astype(np.int16)  # _shared -> high part
        self.barred_i, self.barred_j = barred_indexes(L, V, forbidden)
        self.ranges = volunteer_ranges(L.keys, V.keys)

    def codes(self, rows: np.ndarray, cols: slice | np.ndarray) -> np.ndarray:
        """(len(rows), len(cols)) int16 pair codes, n_codes where the pair is infeasible.
        rows, cols: sorted learner and volunteer indexes (cols may be a slice)."""
        L, V = self.L, self.V
        feasible = _available(L, V, rows, cols)
        code = self.high_code.take(_shared(L, V, rows, cols, self.cap))
        code += _gap(L, V, rows, cols)
        columns = np.arange(cols.start, cols.stop) if isinstance(cols, slice) else cols
        self._preferences(feasible, rows, columns)
        self._bar(feasible, rows, columns)
        np.putmask(code, ~feasible, self.n_codes)
        return code

    def _preferences(self, feasible: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> None:
        """Clears the pairs whose gender or age preferences are not met: only the few who have some are checked."""
        L, V = self.L, self.V
        mine = np.flatnonzero(L.constrained[rows])
        if mine.size:
            feasible[mine] &= L.accepts(rows[mine], V, columns)
        theirs = np.flatnonzero(V.constrained[columns])
        if theirs.size:
            feasible[:, theirs] &= V.accepts(columns[theirs], L, rows).T

    def _bar(self, feasible: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> None:
        """Clears the barred pairs (and a member with themselves)."""
        if self.barred_i.size:
            at_i = np.searchsorted(rows, self.barred_i).clip(max=len(rows) - 1)
            at_j = np.searchsorted(columns, self.barred_j).clip(max=len(columns) - 1)
            hit = (rows[at_i] == self.barred_i) & (columns[at_j] == self.barred_j)
            feasible[at_i[hit], at_j[hit]] = False

    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every feasible pair, by learner: (learner, volunteer, score in hundredths), int32."""
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for start, end, (fkey, level) in runs(self.L.keys):
            spans = self.ranges[fkey]
            width = sum(c1 - c0 for c0, c1 in spans)
            if not width:
                continue
            columns = np.concatenate([np.arange(c0, c1) for c0, c1 in spans])
            chunk = max(8, BLOCK // width)
            for r0 in range(start, end, chunk):
                found.append(self._block(np.arange(r0, min(r0 + chunk, end)), spans, columns, level))
        if not found:
            return tuple(np.zeros(0, np.int32) for _ in range(3))
        return tuple(np.concatenate(parts) for parts in zip(*found, strict=True))

    def _block(self, rows: np.ndarray, spans: list, columns: np.ndarray, level: int):
        """The feasible pairs of these learners (one class) with the volunteers of spans (columns: their
        indexes, in order), by learner."""
        width = len(columns)
        code = np.empty((len(rows), width), dtype=np.int16)
        at = 0
        for c0, c1 in spans:
            code[:, at : at + c1 - c0] = self.codes(rows, slice(c0, c1))
            at += c1 - c0
        flat = code.ravel()
        hit = np.flatnonzero(flat != self.n_codes)
        r, c = np.divmod(hit, width)
        value = self.pair_cents[level].take(flat[hit]) + self.learner_cents[rows[r]]
        return rows[r].astype(np.int32), columns[c].astype(np.int32), value.astype(np.int32)
