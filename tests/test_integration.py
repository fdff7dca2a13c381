"""All services in one nameko runner against the real RabbitMQ, driven through the gateway."""

import email
import email.policy
import time

import pytest

from deploy.services import service_classes
from interra_chassis.testing import CONSENTS, PASSWORD, EventTap, wait_for
from interra_contracts import load_event
from tests.conftest import incubator_application, incubator_coordinator, open_incubator_call, register

PROPOSER = {
    "first_name": "Olena",
    "password": PASSWORD,
    "consents": CONSENTS,
    "last_name": "Kovalenko",
    "email": "olena.int@example.org",
    "birth_year": 1988,
    "region": "liege",
    "languages": ["uk", "en"],
    "french_level": "B1",
    "interests": ["crafts"],
    "arrived_on": "2024-09-15",
    "preferred_language": "en",
}
WORKSHOP = {
    "title": "Pysanky egg painting",
    "description": "Ukrainian egg decoration, a relaxed evening for all.",
    "category": "crafts",
    "languages": ["fr", "uk"],
    "format": "in_person",
}


@pytest.fixture
def platform(runner_factory, rabbit_config, web_config, data_dir, monkeypatch):
    monkeypatch.setenv("RPC_TIMEOUT", "1")
    monkeypatch.setenv("JWT_SECRET", "integration-" + "z" * 40)
    runner = runner_factory({**rabbit_config, **web_config}, *service_classes())
    runner.start()
    return runner


def when_known(call):
    """Other services learn of a member through MemberRegistered, a moment later."""
    return wait_for(lambda: (r := call()).status_code != 422 and r, timeout=10)


def test_a_proposed_workshop_is_announced_and_acknowledged(platform, web_session, rabbit_config, data_dir):
    tap = EventTap(rabbit_config["AMQP_URI"], "workshops", "WorkshopProposed")
    proposer = register(web_session, PROPOSER)

    response = when_known(lambda: proposer.post("/workshops", {**WORKSHOP, "proposer_id": proposer.member_id}))
    assert response.status_code == 201, response.text
    workshop = response.json()
    [event] = tap.wait("WorkshopProposed")
    assert load_event(event).data["workshop_id"] == workshop["workshop_id"]
    tap.close()

    # the proposer sees their proposal; to anyone else it does not exist until it is published
    assert proposer.get(f"/workshops/{workshop['workshop_id']}").json()["title"] == WORKSHOP["title"]
    assert web_session.get(f"/workshops/{workshop['workshop_id']}").status_code == 404
    assert web_session.get("/workshops", params={"limit": 5}).json()["items"] == []

    [eml] = wait_for(lambda: list((data_dir / "mail").glob("*.eml")), timeout=10)
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == PROPOSER["email"]
    assert message["Content-Language"] == "en"
    assert "Olena" in message.get_body().get_content()


def test_an_incubator_application_is_accepted_once_per_call(platform, web_session, rabbit_config):
    coordinator = incubator_coordinator(web_session, rabbit_config)
    interlab, next_cohort = open_incubator_call(coordinator), open_incubator_call(coordinator, cohort="2028")
    member = register(web_session, {**PROPOSER, "email": "olena.inc@example.org"})
    application = incubator_application(interlab["call_id"])
    first = when_known(lambda: member.post("/incubator/applications", application))
    assert first.status_code == 201, first.text
    created = first.json()
    assert (created["member_id"], created["call_id"]) == (member.member_id, interlab["call_id"])
    assert created["project"]["title"] == application["project"]["title"] and created["status"] == "submitted"
    second = member.post("/incubator/applications", application)
    assert second.status_code == 409, second.text
    assert "call_id" in second.json()["errors"]
    assert member.get("/incubator/applications").json()["total"] == 1
    other_call = member.post("/incubator/applications", incubator_application(next_cohort["call_id"]))
    assert other_call.status_code == 201, other_call.text


def test_a_silent_service_answers_504_within_the_timeout(platform, web_session):
    container = next(c for c in platform.containers if c.service_name == "workshops")
    container.stop()
    started = time.monotonic()
    response = web_session.get("/workshops")
    elapsed = time.monotonic() - started
    assert response.status_code == 504, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "workshops" in response.json()["detail"]
    assert elapsed < 5
    health = web_session.get("/health").json()
    assert health["services"]["workshops"] == "unavailable"
    assert health["status"] == "degraded"
