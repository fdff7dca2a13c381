"""InterLab's mentor matching alone (pure, no broker): each hard constraint, capacity, the global optimum
(against first come, first served and against scipy's dense assignment), determinism, reasons."""

import random
from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from incubator.mentoring import (
    MENTORING_NEEDS,
    POINTS,
    Entrepreneur,
    Mentor,
    MentorProposal,
    Points,
    allowed,
    fit,
    match_mentors,
)
from interra_contracts.vocabulary import FRENCH_LEVELS, INCUBATOR_SECTORS


def entrepreneur(n, **changes) -> Entrepreneur:
    base = {
        "application_id": f"A{n:03d}", "member_id": f"e{n}", "sector": "food", "needs": frozenset({"legal"}),
        "languages": frozenset({"fr"}), "french_level": "B2", "region": "liege", "video": False,
    }  # fmt: skip
    return Entrepreneur(**{**base, **changes})


def mentor(n, **changes) -> Mentor:
    base = {
        "member_id": f"m{n}", "expertise": frozenset({"legal"}), "sectors": frozenset(), "languages": frozenset({"fr"}),
        "region": "brussels", "video": False, "capacity": 1,
    }  # fmt: skip
    return Mentor(**{**base, **changes})


def pairs(proposals: list[MentorProposal]) -> list[tuple[str, str]]:
    return [(p.application_id, p.mentor_id) for p in proposals]


# --- Hard constraints ---------------------------------------------------------------------------


def test_a_mentor_is_never_their_own_mentee():
    same_member = mentor(1, member_id="e1", sectors=frozenset({"food"}), region="liege")
    assert not allowed(entrepreneur(1), same_member)
    assert match_mentors([entrepreneur(1)], [same_member]) == []
    assert pairs(match_mentors([entrepreneur(1)], [same_member, mentor(2)])) == [("A001", "m2")]


def test_a_suspended_mentor_is_matched_to_no_one():
    suspended = mentor(1, sectors=frozenset({"food"}), region="liege", suspended=True)
    assert match_mentors([entrepreneur(1), entrepreneur(2)], [suspended]) == []
    assert pairs(match_mentors([entrepreneur(1)], [suspended, mentor(2)])) == [("A001", "m2")]


def test_a_barred_pair_is_never_proposed_again_in_either_order():
    best, other = mentor(1, sectors=frozenset({"food"}), region="liege"), mentor(2)
    assert pairs(match_mentors([entrepreneur(1)], [best, other])) == [("A001", "m1")]
    assert pairs(match_mentors([entrepreneur(1)], [best, other], barred=[("e1", "m1")])) == [("A001", "m2")]
    assert pairs(match_mentors([entrepreneur(1)], [best, other], barred=[("m1", "e1")])) == [("A001", "m2")]
    assert match_mentors([entrepreneur(1)], [best, other], barred=[("e1", "m1"), ("e1", "m2")]) == []


def test_no_pair_without_fit_whatever_else_they_share():
    """Same region, both by video, a bridge language: without a need met or the sector, no mentorship."""
    newcomer = entrepreneur(1, needs=frozenset({"financing"}), languages=frozenset({"ar", "fr"}), french_level="A1")
    nearby = mentor(1, expertise=frozenset({"legal"}), languages=frozenset({"ar"}), region="liege", video=True)
    assert fit(newcomer, nearby) == (0, ())
    assert match_mentors([newcomer], [nearby]) == []
    assert match_mentors([entrepreneur(1, needs=frozenset())], [mentor(1)]) == []


# --- Capacity -----------------------------------------------------------------------------------


def test_a_mentor_takes_up_to_their_free_places():
    cohort = [entrepreneur(n) for n in range(1, 6)]
    assert len(match_mentors(cohort, [mentor(1, capacity=3)])) == 3
    assert len(match_mentors(cohort, [mentor(1, capacity=3, mentees=1)])) == 2
    assert match_mentors(cohort, [mentor(1, capacity=2, mentees=2)]) == []
    proposals = match_mentors(cohort, [mentor(1, capacity=2), mentor(2, capacity=1)])
    assert sorted(p.mentor_id for p in proposals) == ["m1", "m1", "m2"]
    assert len({p.application_id for p in proposals}) == 3  # each entrepreneur at most once


@pytest.mark.parametrize("capacity", [0, 4])
def test_a_capacity_is_one_to_three(capacity):
    with pytest.raises(ValueError, match="capacity"):
        match_mentors([entrepreneur(1)], [mentor(1, capacity=capacity)])


@pytest.mark.parametrize(
    ("entrepreneurs", "mentors", "message"),
    [
        ([entrepreneur(1, needs=frozenset({"astrology"}))], [mentor(1)], "unknown needs"),
        ([entrepreneur(1)], [mentor(1, expertise=frozenset({"astrology"}))], "unknown expertise"),
        ([entrepreneur(1), entrepreneur(1, member_id="e9")], [mentor(1)], "application is given twice"),
        ([entrepreneur(1)], [mentor(1), mentor(1, region="liege")], "mentor is given twice"),
    ],
)
def test_input_outside_the_vocabulary_or_twice_is_refused(entrepreneurs, mentors, message):
    with pytest.raises(ValueError, match=message):
        match_mentors(entrepreneurs, mentors)


def test_points_are_whole_and_every_allowed_pair_scores_at_least_one():
    with pytest.raises(ValueError, match="points"):
        Points(need=0)
    with pytest.raises(ValueError, match="points"):
        Points(video=-1)
    stingy = Points(need=1, sector=1, language=0, language_bridge=0, same_region=0, video=0)
    assert fit(entrepreneur(1), mentor(1), stingy) == (1, ("1 need met: legal",))


# --- The global optimum -------------------------------------------------------------------------


def test_the_best_total_wins_over_first_come_first_served():
    """Ada fits the lawyer best (legal and financing: 20 + 3) and the accountant well (financing: 10 + 3);
    Bea needs a lawyer only (10 + 3). First come: Ada takes the lawyer (23), Bea no one. Globally:
    Ada with the accountant (13) and Bea with the lawyer (13): 26 > 23, and both have a mentor."""
    ada = entrepreneur(1, needs=frozenset({"legal", "financing"}))
    bea = entrepreneur(2, needs=frozenset({"legal"}))
    lawyer = mentor(1, expertise=frozenset({"legal", "financing"}), region="liege")
    accountant = mentor(2, expertise=frozenset({"financing", "accounting"}), region="liege")
    greedy = fit(ada, lawyer)[0]
    proposals = match_mentors([ada, bea], [lawyer, accountant])
    assert pairs(proposals) == [("A001", "m2"), ("A002", "m1")]
    assert sum(p.score for p in proposals) == 26 > greedy == 23


def test_the_same_cohort_in_any_order_gives_the_same_proposals():
    rng = random.Random(7)
    cohort, mentors = random_instance(rng, 12, 6)
    reference = match_mentors(cohort, mentors)
    assert reference
    for _ in range(5):
        shuffled_cohort, shuffled_mentors = rng.sample(cohort, len(cohort)), rng.sample(mentors, len(mentors))
        assert match_mentors(shuffled_cohort, shuffled_mentors) == reference
    assert [p.application_id for p in reference] == sorted(p.application_id for p in reference)


def test_ties_go_the_same_way_every_time():
    twins = [mentor(1), mentor(2)]
    assert pairs(match_mentors([entrepreneur(1)], twins)) == pairs(match_mentors([entrepreneur(1)], twins[::-1]))


# --- Score and reasons --------------------------------------------------------------------------


def test_the_reasons_say_why_in_words():
    amina = entrepreneur(
        1, needs=frozenset({"financing", "legal", "sales"}), sector="food", languages=frozenset({"ar", "fr"}),
        french_level="A2", region="liege",
    )  # fmt: skip
    karim = mentor(
        1, expertise=frozenset({"legal", "financing", "marketing"}), sectors=frozenset({"food", "retail"}),
        languages=frozenset({"ar", "fr", "en"}), region="liege",
    )  # fmt: skip
    assert fit(amina, karim) == (
        2 * POINTS.need + POINTS.sector + POINTS.language_bridge + POINTS.same_region,
        ("2 needs met: legal, financing", "same sector: food", "shared language: ar", "both in liege"),
    )
    [proposal] = match_mentors([amina], [karim])
    assert proposal == MentorProposal("A001", "e1", "m1", 35, fit(amina, karim)[1])


def test_a_shared_language_counts_more_when_french_is_a0_to_b1():
    bridge = frozenset({"ar", "fr"})
    for level in FRENCH_LEVELS:
        score, reasons = fit(entrepreneur(1, languages=bridge, french_level=level), mentor(1, languages=bridge))
        extra = POINTS.language_bridge if level in ("A0", "A1", "A2", "B1") else POINTS.language
        assert (score, reasons) == (POINTS.need + extra, ("1 need met: legal", "shared language: ar")), level
    french_only = fit(entrepreneur(1, french_level="A0"), mentor(1))
    assert french_only == (POINTS.need, ("1 need met: legal",))  # French is not a bridge
    several = fit(entrepreneur(1, languages=frozenset({"en", "ar"})), mentor(1, languages=frozenset({"ar", "en"})))
    assert several[1][-1] == "shared languages: ar, en"


def test_same_region_or_both_by_video():
    brussels = mentor(1, region="brussels", video=True)
    assert fit(entrepreneur(1, region="brussels"), brussels)[1][-1] == "both in brussels"
    assert fit(entrepreneur(1, video=True), brussels) == (POINTS.need + POINTS.video, ("1 need met: legal", "by video"))
    assert fit(entrepreneur(1, video=False), brussels) == (POINTS.need, ("1 need met: legal",))
    assert fit(entrepreneur(1, sector="tech", needs=frozenset()), mentor(1, sectors=frozenset({"tech"}))) == (
        POINTS.sector,
        ("same sector: tech",),
    )


# --- Against scipy's dense assignment -----------------------------------------------------------


def random_instance(rng: random.Random, n_entrepreneurs: int, n_mentors: int):
    languages = ("fr", "ar", "en", "uk", "es")
    cohort = [
        entrepreneur(
            n,
            sector=rng.choice(INCUBATOR_SECTORS),
            needs=frozenset(rng.sample(MENTORING_NEEDS, rng.randint(0, 3))),
            languages=frozenset(rng.sample(languages, rng.randint(1, 2))),
            french_level=rng.choice(FRENCH_LEVELS),
            region=rng.choice(("liege", "brussels")),
            video=rng.random() < 0.5,
        )
        for n in range(n_entrepreneurs)
    ]
    mentors = [
        mentor(
            n,
            expertise=frozenset(rng.sample(MENTORING_NEEDS, rng.randint(1, 4))),
            sectors=frozenset(rng.sample(INCUBATOR_SECTORS, rng.randint(0, 2))),
            languages=frozenset(rng.sample(languages, rng.randint(1, 3))),
            region=rng.choice(("liege", "brussels")),
            video=rng.random() < 0.5,
            capacity=rng.randint(1, 3),
            mentees=rng.choice((0, 0, 0, 1)),
            suspended=rng.random() < 0.1,
        )
        for n in range(n_mentors)
    ]
    if n_mentors and n_entrepreneurs:  # a mentor who is also an entrepreneur of the cohort
        mentors[0] = replace(mentors[0], member_id=cohort[0].member_id)
    return cohort, mentors


def dense_optimum(cohort, mentors, barred) -> int:
    """The optimum of entrepreneurs x mentor places (capacities expanded), 0 where no pair is allowed."""
    columns = [m for m in mentors for _ in range(m.places)]
    matrix = np.zeros((len(cohort), len(columns)))
    for i, e in enumerate(cohort):
        for j, m in enumerate(columns):
            if allowed(e, m, barred):
                matrix[i, j] = fit(e, m)[0]
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return int(matrix[rows, cols].sum())


@pytest.mark.parametrize("seed", range(12))
def test_the_total_is_the_dense_assignments(seed):
    rng = random.Random(seed)
    cohort, mentors = random_instance(rng, rng.randint(3, 25), rng.randint(1, 10))
    barred_pairs = [(e.member_id, m.member_id) for e in cohort for m in mentors if rng.random() < 0.1]
    proposals = match_mentors(cohort, mentors, barred_pairs)
    barred = {frozenset(pair) for pair in barred_pairs}
    by_application = {e.application_id: e for e in cohort}
    by_mentor = {m.member_id: m for m in mentors}
    assert len({p.application_id for p in proposals}) == len(proposals)
    for p in proposals:
        e, m = by_application[p.application_id], by_mentor[p.mentor_id]
        assert allowed(e, m, barred) and (p.score, p.reasons) == fit(e, m) and p.score >= 1
        assert p.entrepreneur_id == e.member_id
    for m in mentors:
        assert sum(p.mentor_id == m.member_id for p in proposals) <= m.places
    assert sum(p.score for p in proposals) == dense_optimum(cohort, mentors, barred)
