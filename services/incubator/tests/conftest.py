"""Fixtures of the incubator service's tests: the service on the real broker, its store, and an open
call with members applying to it; how InterLab reviews and admits an application (one copy of each)."""

from datetime import UTC, datetime, timedelta

import pytest

from incubator.service import IncubatorService
from interra_chassis.store import open_database
from interra_chassis.testing import call, register

PROJECT = {
    "title": "Accra kitchen",
    "sector": "food",
    "stage": "idea",
    "description": "A catering business serving Ghanaian dishes at events.",
    "needs": ["legal", "financing"],
    "team_size": 2,
    "newcomer_founders": True,
}
QUESTIONS = [{"key": "why_liege", "text": "Why start this project in Liège?"}]
ANSWERS = {"why_liege": "My family lives here and the market has no Ghanaian caterer."}
REVIEW_COMMENT = "Clear plan; the market in Liège is real."
"""The comment of every review `reviewed` submits (tests check it never reaches an applicant or an event)."""


def call_request(**changes) -> dict:
    """A call open today: it closed its doors in 10 days, the cohort runs from day 20 to day 200."""
    today = datetime.now(UTC).date()
    days = {"opens_on": -10, "closes_on": 10, "starts_on": 20, "ends_on": 200}
    return {
        "cohort": "2027",
        **{name: (today + timedelta(days=n)).isoformat() for name, n in days.items()},
        "places": 12,
        "questions": QUESTIONS,
        **changes,
    }


def application_request(call_id: str, member_id: str, **changes) -> dict:
    return {"call_id": call_id, "member_id": member_id, "language": "en", "project": dict(PROJECT),
            "answers": dict(ANSWERS), **changes}  # fmt: skip


def applied(incubator, call_id: str, member_id: str, member: dict | None = None, **changes) -> dict:
    """A member known to the incubator (MemberRegistered with `member`'s details) applies to the call
    (application_request with changes): the application's view."""
    register(incubator, member_id, **(member or {}))
    return call(incubator, "apply", application_request(call_id, member_id, **changes))


def reviewed(incubator, application_id: str, *marks: int | tuple[int, ...]) -> dict:
    """The application reviewed as InterLab reviews before an admission: one staff reviewer per mark
    (staff:r0, staff:r1...) is assigned (the first assignment puts it in review), then each submits a
    review with REVIEW_COMMENT on the call's grid. A mark is one score for every criterion, or the
    scores in the grid's order; two reviewers marking 4 unless told. The last review sheet."""
    marks = marks or (4, 4)
    reviewers = [f"staff:r{n}" for n in range(len(marks))]
    for reviewer in reviewers:
        call(incubator, "assign_reviewer", application_id, {"reviewer": reviewer})
    criteria = call(incubator, "get_review_sheet", application_id, reviewers[0])["criteria"]
    for reviewer, mark in zip(reviewers, marks, strict=True):
        scores = dict.fromkeys(criteria, mark) if isinstance(mark, int) else dict(zip(criteria, mark, strict=True))
        review = {"scores": scores, "comment": REVIEW_COMMENT}
        sheet = call(incubator, "submit_review", application_id, reviewer, review)
    return sheet


def admit(incubator, application_id: str) -> dict:
    """A submitted application reviewed (two reviewers marking 4) and admitted by a coordinator (the
    projects area opens its project): the admitted application's view, its project_id the project's."""
    reviewed(incubator, application_id)
    return call(incubator, "move_application", application_id, {"move": "admit"})


def admitted(incubator, call_id: str, member_id: str, member: dict | None = None, **changes) -> dict:
    """An entrepreneur admitted to the call as InterLab admits: known to the incubator, applied
    (application_request with changes), reviewed, admitted. The admitted application's view."""
    return admit(incubator, applied(incubator, call_id, member_id, member, **changes)["application_id"])


@pytest.fixture
def incubator(container_factory, rabbit_config, data_dir):
    container = container_factory(IncubatorService, rabbit_config)
    container.start()
    return container


@pytest.fixture
def db(incubator):
    return open_database("incubator")


@pytest.fixture
def open_call(incubator):
    """Open a call (call_request with changes) through the service; returns its view."""

    def open_call(**changes):
        return call(incubator, "open_call", call_request(**changes))

    return open_call


@pytest.fixture
def applicant(incubator):
    """A member known to the incubator (MemberRegistered) who applies to a call: returns the view."""

    def applicant(call_id: str, member_id: str, member: dict | None = None, **changes):
        return applied(incubator, call_id, member_id, member, **changes)

    return applicant
