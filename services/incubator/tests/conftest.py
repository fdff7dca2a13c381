"""Fixtures of the incubator service's tests: the service on the real broker, its store, and an open
call with members applying to it."""

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
        register(incubator, member_id, **(member or {}))
        return call(incubator, "apply", application_request(call_id, member_id, **changes))

    return applicant
