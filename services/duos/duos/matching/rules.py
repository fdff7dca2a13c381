"""Duo-Langue's rules for one pair, in plain Python: may they meet (feasible), how good a duo would they
make (score), and why (the reasons). The engine computes the same, vectorised (duos.matching.candidates,
from the very functions below: the tests compare).

Hard constraints (feasible): a learner and a volunteer may form a duo only if they are different members,
the pair is not barred (a duo of theirs ended badly), they share at least one half-hour slot of weekly
availability (one slot is 30 contiguous minutes), they share a format (in person only within one region;
video within a region, or across regions when both accept it), each one's gender preference is met by
the other's gender, and each one's age range contains the other's age (ages in now_year).

Score of a feasible pair (score), in points, each term rounded to the hundredth on its own (half to
even), so that equal pairs are exactly equal and sums are exact:

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

There is no limit on the number of interests a person lists or shares (only interests_cap of them count).
"""

from collections.abc import Iterable
from datetime import date

from duos.matching.model import (
    AGE_GAP_CAP,
    BRIDGE,
    DAY_NAMES,
    DEFAULT_WEIGHTS,
    SLOTS_PER_DAY,
    Learner,
    Person,
    Volunteer,
    Weights,
    cents,
)


def formats_fit(a: Person, b: Person) -> bool:
    if a.region == b.region:
        return bool(a.formats & b.formats)
    return "video" in a.formats and "video" in b.formats and a.cross_region and b.cross_region


def accepts(person: Person, other: Person, now_year: int) -> bool:
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
        and formats_fit(learner, volunteer)
        and accepts(learner, volunteer, now_year)
        and accepts(volunteer, learner, now_year)
    )


def learner_cents(weights: Weights, waited_days: float) -> int:
    """The learner's own part of every pair's score: base and waiting."""
    return cents(weights.base) + cents(weights.waiting * min(max(waited_days, 0.0), weights.waiting_cap_days))


def pair_cents(weights: Weights, shared: int, language: bool, gap: int, level: str) -> int:
    """The pair's part: shared interests, age gap, shared language and its help at the learner's level."""
    total = cents(weights.interests * min(shared, weights.interests_cap))
    total += cents(weights.age_gap * (AGE_GAP_CAP - min(gap, AGE_GAP_CAP)) / 10)
    if language:
        total += cents(weights.shared_language) + cents(weights.level_fit * BRIDGE.get(level, 0.0))
    return total


def score(
    learner: Learner, volunteer: Volunteer, weights: Weights = DEFAULT_WEIGHTS, now_year=None
) -> tuple[float, tuple[str, ...]]:
    """Score of a pair (exactly as the engine counts it, in hundredths) and the reasons, in words.
    Feasibility is not checked (see feasible)."""
    shared = sorted(learner.interests & volunteer.interests)
    languages = sorted(learner.languages & volunteer.languages)
    gap = abs(learner.birth_year - volunteer.birth_year)
    total = learner_cents(weights, learner.waited_days) + pair_cents(
        weights, len(shared), bool(languages), gap, learner.french_level
    )
    return total / 100, reasons(learner, volunteer, weights, shared, languages, gap)


def reasons(
    learner: Learner, volunteer: Volunteer, weights: Weights, shared: list[str], languages: list[str], gap: int
) -> tuple[str, ...]:
    """Why this pair, in words: shared interests, time, region, languages, wait, age gap."""
    out = []
    if shared:
        out.append(f"{len(shared)} shared interest{'s' if len(shared) > 1 else ''}: {', '.join(shared)}")
    common = learner.slots & volunteer.slots
    if common:
        out.append(f"both free {describe(common)}")
    if learner.region == volunteer.region:
        out.append(f"same region: {learner.region}")
    else:
        out.append(f"video across regions: {learner.region} and {volunteer.region}")
    if languages:
        out.append(f"shared language{'s' if len(languages) > 1 else ''}: {', '.join(languages)}")
        if BRIDGE.get(learner.french_level, 0.0) and weights.level_fit:
            out.append(f"French level {learner.french_level}: a shared language helps")
    days = int(max(learner.waited_days, 0.0))
    out.append(f"waited {days} day{'s' if days != 1 else ''}")
    out.append(f"age gap {gap} year{'s' if gap != 1 else ''}")
    return tuple(out)


def describe(slots: Iterable[int]) -> str:
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
