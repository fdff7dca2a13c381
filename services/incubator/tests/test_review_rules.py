"""The review's rules alone (incubator.review): reviewers, the grid, who sees which review, the
ranking and the decision's checks. No broker, no store."""

from fractions import Fraction

import pytest

from incubator import review

GRID = ["motivation", "feasibility", "social_value", "fit"]
APPLICATION = {"_id": "a1", "call_id": "c1", "cohort": "2027", "member_id": "m-kofi", "status": "in_review",
               "submitted_at": "2027-01-12T10:00:00"}  # fmt: skip


def scored(reviewer, *scores, application_id="a1", conflict=False, submitted=True):
    return {
        "application_id": application_id,
        "reviewer": reviewer,
        "conflict": conflict,
        "scores": dict(zip(GRID, scores, strict=True)) if submitted else None,
        "submitted_at": "2027-02-01T10:00:00" if submitted else None,
    }


# --- reviewers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reviewer", "member", "message"),
    [
        ("member:m-lea", {"_id": "m-lea"}, None),
        ("staff:0a1b2c", None, None),
        ("member:m-ghost", None, "unknown member 'm-ghost'"),
        ("member:m-kofi", {"_id": "m-kofi"}, "the applicant cannot review their own application"),
        ("m-lea", None, "staff:<id> or member:<id>"),
        ("admin:x", None, "staff:<id> or member:<id>"),
        ("member:a.b", None, "staff:<id> or member:<id>"),
        ("member:m-lea\n", {"_id": "m-lea"}, "staff:<id> or member:<id>"),
        ("member:" + "x" * 65, None, "staff:<id> or member:<id>"),
        (None, None, "staff:<id> or member:<id>"),
    ],
)
def test_who_may_review_an_application(reviewer, member, message):
    errors = review.reviewer_errors(reviewer, member, APPLICATION)
    if message is None:
        assert errors == {}
    else:
        assert message in errors["reviewer"][0]


def test_a_member_reviewer_is_known_by_their_member_id():
    assert review.member_reviewer_id("member:m-lea") == "m-lea"
    assert review.member_reviewer_id("staff:m-lea") is None


# --- the grid ---------------------------------------------------------------------------------------


def test_every_criterion_of_the_grid_is_scored_once_from_1_to_5():
    assert review.score_errors({"motivation": 1, "feasibility": 5, "social_value": 3, "fit": 4}, GRID) == {}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fit": 6}, "fit: a whole number from 1 to 5, not 6"),
        ({"fit": 0}, "fit: a whole number from 1 to 5, not 0"),
        ({"fit": 2.5}, "fit: a whole number from 1 to 5, not 2.5"),
        ({"fit": "4"}, "fit: a whole number from 1 to 5, not '4'"),
        ({"fit": True}, "fit: a whole number from 1 to 5, not True"),
        ({"fit": None}, "fit: a whole number from 1 to 5, not None"),
        ({"budget": 3}, "budget: not a criterion of this call's grid (motivation, feasibility, social_value, fit)"),
    ],
)
def test_a_bad_score_names_its_criterion(changes, message):
    scores = {"motivation": 3, "feasibility": 3, "social_value": 3, "fit": 3, **changes}
    assert review.score_errors(scores, GRID) == {"scores": [message]}


def test_a_missing_criterion_is_named():
    errors = review.score_errors({"motivation": 3, "fit": 3}, GRID)
    assert errors == {"scores": ["feasibility: missing (every criterion of the grid is scored)",
                                 "social_value: missing (every criterion of the grid is scored)"]}  # fmt: skip


# --- submitting -------------------------------------------------------------------------------------


def test_a_review_is_submitted_then_amended_until_the_decision():
    assignment = review.new_assignment(APPLICATION, "member:m-lea", "r1", "2027-02-01T09:00:00")
    assert review.review_refusal(assignment, APPLICATION) is None
    request = {"scores": {"motivation": 4}, "comment": "Strong", "recommendation": None}
    first = review.reviewed(assignment, request, "2027-02-01T10:00:00")
    assert (first["submitted_at"], first["amended_at"]) == ("2027-02-01T10:00:00", None)
    amended = review.reviewed({**assignment, **first}, request, "2027-02-03T10:00:00")
    assert (amended["submitted_at"], amended["amended_at"]) == ("2027-02-01T10:00:00", "2027-02-03T10:00:00")
    assert review.review_refusal(assignment, {**APPLICATION, "status": "interview"}) is None
    kind, message = review.review_refusal(assignment, {**APPLICATION, "status": "admitted"})
    assert kind == "conflict" and "a admitted application is not under review" in message


def test_not_assigned_is_not_found_and_a_conflict_is_a_conflict():
    assert review.review_refusal(None, APPLICATION) == ("not_found", "no application 'a1' to review")
    conflicted = {**review.new_assignment(APPLICATION, "staff:s1", "r1", "t"), "conflict": True}
    assert review.review_refusal(conflicted, APPLICATION) == ("conflict", review.CONFLICT_DECLARED)


# --- visibility -------------------------------------------------------------------------------------


def test_reviews_stay_hidden_from_a_reviewer_until_theirs_is_submitted():
    lea_done = scored("member:m-lea", 4, 4, 4, 4)
    sam_pending = scored("staff:sam", submitted=False)
    reviews = [lea_done, sam_pending]
    assert review.visible_reviews(reviews, "staff:sam", coordinator=True) == ([], 1)  # assigned: a reviewer first
    assert review.visible_reviews(reviews, "member:m-lea", coordinator=False) == ([lea_done], 0)
    sam_done = scored("staff:sam", 2, 2, 2, 2)
    assert review.visible_reviews([lea_done, sam_done], "staff:sam", coordinator=False) == ([lea_done, sam_done], 0)


def test_coordinators_see_all_others_none_and_a_conflict_sees_nothing():
    lea_done = scored("member:m-lea", 4, 4, 4, 4)
    erased = scored(None, 3, 3, 3, 3)
    conflicted = scored("member:m-omar", conflict=True, submitted=False)
    reviews = [lea_done, erased, conflicted]
    assert review.visible_reviews(reviews, "staff:boss", coordinator=True) == ([lea_done, erased], 0)
    assert review.visible_reviews(reviews, None, coordinator=True) == ([lea_done, erased], 0)
    assert review.visible_reviews(reviews, "member:m-kofi", coordinator=False) == ([], 2)  # the applicant
    assert review.visible_reviews(reviews, "member:m-omar", coordinator=False) == ([], 2)


# --- ranking ----------------------------------------------------------------------------------------


def application(app_id, submitted_at, status="in_review", **more):
    return {"_id": app_id, "status": status, "submitted_at": submitted_at, **more}


def test_an_application_s_mean_is_the_mean_of_its_reviewers_means_and_its_spread_their_range():
    reviews = [scored("staff:a", 5, 4, 4, 4), scored("staff:b", 2, 3, 3, 3), scored("member:c", 3, 3, 3, 4),
               scored("staff:d", conflict=True, submitted=False), scored("staff:e", submitted=False)]  # fmt: skip
    [entry] = review.ranking([application("a1", "t1")], reviews, GRID)
    assert entry["mean"] == Fraction(41, 12) and entry["spread"] == Fraction(3, 2)
    assert (entry["reviews"], entry["reviewers"], entry["rank"]) == (3, 4, 1)
    item = review.ranking_item(entry)
    assert (item["mean"], item["spread"]) == (3.42, 1.5)
    assert item["criteria"] == {"motivation": 3.33, "feasibility": 3.33, "social_value": 3.33, "fit": 3.67}
    assert item["waitlist_rank"] is None


def test_the_ranking_breaks_ties_by_spread_then_submission_then_id_and_puts_the_unreviewed_last():
    applications = [
        application("late", "t3"), application("early", "t1"), application("wide", "t0"),
        application("best", "t9"), application("none", "t0"), application("twin", "t3"),
        application("declined", "t0", status="declined"),
    ]  # fmt: skip
    reviews = [
        *(scored(r, 3, 3, 3, 3, application_id=a) for a in ("late", "early", "twin") for r in ("s:1", "s:2")),
        scored("s:1", 4, 4, 4, 4, application_id="wide"), scored("s:2", 2, 2, 2, 2, application_id="wide"),
        scored("s:1", 5, 5, 5, 4, application_id="best"),
        scored("s:1", 5, 5, 5, 5, application_id="declined"),
    ]  # fmt: skip
    ranked = review.ranking(applications, reviews, GRID)
    assert [e["application"]["_id"] for e in ranked] == ["best", "early", "late", "twin", "wide", "none"]
    assert [e["rank"] for e in ranked] == [1, 2, 3, 4, 5, 6]
    assert review.ranking_item(ranked[-1])["mean"] is None
    assert review.ranking(list(reversed(applications)), list(reversed(reviews)), GRID) == ranked


def test_figures_are_rounded_half_up_from_the_exact_value():
    assert [review.two_decimals(Fraction(n, 8)) for n in (33, 35, 1)] == [4.13, 4.38, 0.13]
    assert review.two_decimals(Fraction(41, 12)) == 3.42 and review.two_decimals(None) is None


def test_a_waitlisted_application_shows_its_place():
    entry = review.ranking([application("w", "t", status="waitlisted", waitlist_rank=2)], [], GRID)[0]
    assert review.ranking_item(entry)["waitlist_rank"] == 2


# --- the decision -----------------------------------------------------------------------------------


def reviewed_call():
    applications = [application(f"a{n}", f"t{n}") for n in range(1, 5)]
    reviews = [scored(r, n, n, n, n, application_id=f"a{n}") for n in range(1, 5) for r in ("s:1", "s:2")]
    return applications, review.ranking(applications, reviews, GRID)


def test_a_decision_within_the_places_then_the_rest_waitlisted_in_rank_order():
    applications, ranked = reviewed_call()
    assert review.decision_errors(["a1", "a4"], applications, ranked, 2) == ({}, {})
    waitlist = review.waitlist(ranked, ["a1", "a4"])
    assert [(a["_id"], a["waitlist_rank"]) for a in waitlist] == [("a3", 1), ("a2", 2)]


def test_a_decision_beyond_the_places_is_refused_whole():
    applications, ranked = reviewed_call()
    assert review.decision_errors(["a1", "a2", "a3"], applications, ranked, 2) == (
        {}, {"places": ["3 to admit, 2 places left"]},
    )  # fmt: skip
    assert review.decision_errors(["a1"], applications, ranked, 0)[1] == {"places": ["1 to admit, 0 places left"]}


def test_a_decision_names_unknown_twice_and_unreviewed_applications():
    applications, ranked = reviewed_call()
    invalid, _ = review.decision_errors(["a1", "a1", "zz"], applications, ranked, 5)
    assert invalid == {"admit": ["a1: named twice", "zz: no application of this call"]}
    applications += [application("a5", "t5"), application("a6", "t6", status="declined"),
                     application("a7", "t7", erased=True)]  # fmt: skip
    ranked = review.ranking(applications, [scored("s:1", 3, 3, 3, 3, application_id="a5")], GRID)
    assert "a7" not in [entry["application"]["_id"] for entry in ranked]
    _, conflicts = review.decision_errors(["a5", "a6", "a7"], applications, ranked, 5)
    assert conflicts["admit"] == ["a5: 1 submitted review, 2 needed", "a6: a declined application cannot be admitted",
                                  "a7: its applicant's data was erased"]  # fmt: skip
    assert "a1: 0 submitted reviews, 2 needed" in conflicts["waitlist"]


def test_a_reviewer_s_export_is_their_own_reviews_only():
    written = {**review.new_assignment(APPLICATION, "member:m-lea", "r1", "t"), "comment": "Good"}
    [exported] = review.reviewer_export([written])
    assert exported["review_id"] == "r1" and exported["comment"] == "Good" and "reviewer" not in exported
