"""Every service in one runner on the real broker, the gateway on a free port, and API clients."""

from datetime import UTC, datetime, timedelta

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from deploy.services import service_classes
from gateway.testing import Client, log_in
from interra_chassis.testing import CONSENTS, PASSWORD, wait_for

STAFF_PASSWORD = "staff password for tests"
INCUBATOR_PROJECT = {
    "title": "Syrian catering",
    "sector": "food",
    "stage": "idea",
    "description": "Syrian catering for weddings and events in Liège.",
    "needs": ["legal", "financing"],
    "team_size": 2,
    "newcomer_founders": True,
}


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


@pytest.fixture
def platform(runner_factory, rabbit_config, web_config, data_dir, monkeypatch):
    monkeypatch.setenv("JWT_SECRET", "test-secret-" + "x" * 40)
    monkeypatch.setenv("RPC_TIMEOUT", "5")
    runner = runner_factory({**rabbit_config, **web_config}, *service_classes())
    runner.start()
    return runner


@pytest.fixture
def api(platform, web_session):
    return Client(web_session)


@pytest.fixture
def member(api, web_session):
    """Register members and return clients logged in as them."""

    def make(name, **overrides):
        response = api.post("/members", profile(name, **overrides))
        assert response.status_code == 201, response.text
        member_id = response.json()["member_id"]
        return Client(web_session, log_in(web_session, f"{name.lower()}@example.org"), member_id)

    return make


@pytest.fixture
def staff(platform, rabbit_config, web_session):
    """Staff clients with the given roles (accounts created over RPC, as `make admin` does)."""

    def make(*roles):
        email = f"{'-'.join(r.replace(':', '.') for r in roles)}@interra.be"
        with ClusterRpcProxy(rabbit_config) as rpc:
            rpc.members.create_staff({"email": email, "password": STAFF_PASSWORD, "roles": list(roles)})
        return Client(web_session, log_in(web_session, email, STAFF_PASSWORD))

    return make


def known(call):
    """Services learn of a member through MemberRegistered, a moment after registration."""
    return wait_for(lambda: (r := call()).status_code != 422 and r, timeout=10)


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
    """A complete application to that call, submitted at once (member_id: the caller's own unless given)."""
    return {"call_id": call_id, "language": "en", "project": dict(INCUBATOR_PROJECT),
            "answers": {"why_liege": "My family lives here."}, **changes}  # fmt: skip


def open_incubator_call(coordinator: Client, **changes) -> dict:
    """Open a call (incubator_call with changes) as an InterLab coordinator; returns its view."""
    response = coordinator.post("/incubator/calls", incubator_call(**changes))
    assert response.status_code == 201, response.text
    return response.json()
