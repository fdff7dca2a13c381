"""InterLab's review of applications as data: each move, from where, by whom, with what first."""

from datetime import date

import pytest

from incubator.domain import CLOSED, MOVES, REVIEW_STATUSES, call_errors, call_open, review_move_error

ALL = {"call_open": True, "a_place_left": True, "two_reviews": True}
CALL = {"cohort": "2027", "opens_on": "2027-01-10", "closes_on": "2027-02-28", "starts_on": "2027-03-15",
        "ends_on": "2027-12-15", "places": 12}  # fmt: skip


def test_an_application_goes_from_draft_to_admission_through_review_and_interview():
    application = {"status": "draft"}
    for move, by in (("submit", "applicant"), ("review", "staff"), ("invite", "staff"), ("admit", "staff")):
        assert review_move_error(application, move, ALL, by) is None, move
        application = {"status": MOVES[move].to}
    assert application["status"] == "admitted" and application["status"] in CLOSED


def test_more_information_goes_back_to_the_applicant_and_returns():
    assert review_move_error({"status": "in_review"}, "ask_more_info", ALL) is None
    assert review_move_error({"status": "more_info_requested"}, "answer", ALL, "applicant") is None
    assert MOVES["answer"].to == "submitted"


def test_a_forbidden_move_names_the_allowed_ones():
    error = review_move_error({"status": "submitted"}, "admit", ALL)
    assert error == "a submitted application cannot admit; allowed: ask_more_info, review, decline, withdraw"
    assert "allowed: none" in review_move_error({"status": "declined"}, "withdraw", ALL, "applicant")
    assert "unknown move" in review_move_error({"status": "draft"}, ["submit"], ALL, "applicant")


@pytest.mark.parametrize(
    ("status", "move", "by", "missing", "words"),
    [
        ("draft", "submit", "applicant", "call_open", "call"),
        ("interview", "admit", "staff", "a_place_left", "place"),
        ("in_review", "admit", "staff", "two_reviews", "two submitted reviews"),
        ("interview", "waitlist", "staff", "two_reviews", "two submitted reviews"),
    ],
)
def test_a_move_checks_its_prerequisite(status, move, by, missing, words):
    error = review_move_error({"status": status}, move, {**ALL, missing: False}, by)
    assert error.startswith(f"{move} needs") and words in error


def test_who_makes_which_move():
    assert "only the applicant" in review_move_error({"status": "draft"}, "submit", ALL, "staff")
    assert "only an incubator coordinator" in review_move_error({"status": "submitted"}, "review", ALL, "applicant")
    assert {s for s in REVIEW_STATUSES if s not in CLOSED} == set(MOVES["withdraw"].from_)
    assert MOVES["decline"].reason and not MOVES["admit"].reason


def test_a_call_is_open_from_its_first_to_its_last_day():
    assert not call_open(CALL, date(2027, 1, 9))
    assert call_open(CALL, date(2027, 1, 10)) and call_open(CALL, date(2027, 2, 28))
    assert not call_open(CALL, date(2027, 3, 1))
    assert call_errors({**CALL, "closes_on": "2027-01-01"}) == {"closes_on": ["the call cannot close before it opens"]}
    assert call_errors({**CALL, "places": 0}) == {"places": ["between 1 and 200"]}


def test_admitting_without_reviews_nor_a_place_names_both():
    error = review_move_error({"status": "in_review"}, "admit", {"call_open": True})
    assert error == "admit needs at least two submitted reviews; a place left in the cohort"
