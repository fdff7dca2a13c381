"""Helpers for tests that drive the API over HTTP as a frontend would."""

from datetime import UTC, datetime, timedelta

import requests

from interra_chassis.testing import CONSENTS, PASSWORD


def profile(name: str, **overrides) -> dict:
    """A newcomer in Liège unless told otherwise; e-mail derived from the name."""
    return {
        "first_name": name,
        "last_name": "Testeur",
        "email": f"{name.lower()}@example.org",
        "password": PASSWORD,
        "consents": CONSENTS,
        "birth_year": 1993,
        "region": "liege",
        "languages": ["ar"],
        "french_level": "A2",
        "interests": ["cooking"],
        "arrived_on": "2025-04-01",
        "preferred_language": "en",
        **overrides,
    }


class BaseUrlSession(requests.Session):
    """A requests session whose paths are relative to the gateway's address."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 30)
        return super().request(method, self.base_url + url, *args, **kwargs)


class Client:
    """A web session speaking for one principal."""

    def __init__(self, session, token=None, member_id=None):
        self.session, self.token, self.member_id = session, token, member_id

    def _headers(self, headers):
        return {**({"Authorization": f"Bearer {self.token}"} if self.token else {}), **(headers or {})}

    def get(self, path, headers=None, **kw):
        return self.session.get(path, headers=self._headers(headers), **kw)

    def post(self, path, json=None, headers=None, **kw):
        return self.session.post(path, json=json, headers=self._headers(headers), **kw)

    def patch(self, path, json=None, headers=None, **kw):
        return self.session.patch(path, json=json, headers=self._headers(headers), **kw)

    def put(self, path, json=None, headers=None, **kw):
        return self.session.put(path, json=json, headers=self._headers(headers), **kw)

    def delete(self, path, headers=None, **kw):
        return self.session.delete(path, headers=self._headers(headers), **kw)


def log_in(web_session, username, password=PASSWORD) -> str:
    response = web_session.post("/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


# --- InterLab: the bodies a coordinator and an applicant send -----------------------------------------

INCUBATOR_PROJECT = {
    "title": "Syrian catering",
    "sector": "food",
    "stage": "idea",
    "description": "Syrian catering for weddings and events in Liège.",
    "needs": ["legal", "financing"],
    "team_size": 2,
    "newcomer_founders": True,
}


def incubator_call(**changes) -> dict:
    """What an InterLab coordinator sends to open a call open today (POST /incubator/calls): it
    opened 10 days ago and closes in 10, the cohort runs from day 20 to day 200; one question."""
    today = datetime.now(UTC).date()
    days = {"opens_on": -10, "closes_on": 10, "starts_on": 20, "ends_on": 200}
    return {
        "cohort": "2027",
        **{name: (today + timedelta(days=n)).isoformat() for name, n in days.items()},
        "places": 12,
        "questions": [{"key": "why_liege", "text": "Why start this project in Liège?"}],
        **changes,
    }


def incubator_application(call_id: str, **changes) -> dict:
    """A complete application to that call (POST /incubator/applications), submitted at once
    (member_id: the caller's own unless given; project: INCUBATOR_PROJECT unless given)."""
    return {"call_id": call_id, "language": "en", "project": dict(INCUBATOR_PROJECT),
            "answers": {"why_liege": "My family lives here."}, **changes}  # fmt: skip


def open_incubator_call(coordinator: Client, **changes) -> dict:
    """Open a call (incubator_call with changes) as an InterLab coordinator, over HTTP; returns its view."""
    response = coordinator.post("/incubator/calls", incubator_call(**changes))
    assert response.status_code == 201, response.text
    return response.json()
