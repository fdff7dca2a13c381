"""End to end: the platform started as `make run` starts it, driven over HTTP like a frontend,
watched from outside like a partner (pika) and like a member (the .eml files)."""

import email
import email.policy
import importlib.util
import json
from pathlib import Path

import jsonschema
import pika
import pytest
import requests
from nameko.standalone.rpc import ClusterRpcProxy

from gateway.testing import BaseUrlSession
from interra_chassis.testing import CONSENTS, PASSWORD, member_registered, wait_for
from interra_contracts import load_event, new_event
from tests.conftest import register

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.e2e

NEWCOMER = {
    "first_name": "Yasmin",
    "password": PASSWORD,
    "consents": CONSENTS,
    "last_name": "Al-Rahim",
    "email": "yasmin.e2e@example.org",
    "phone": "+32 470 11 22 33",
    "birth_year": 1996,
    "region": "liege",
    "languages": ["ar", "en"],
    "french_level": "A2",
    "interests": ["cooking", "football"],
    "arrived_on": "2025-06-01",
    "preferred_language": "en",
}
LOCAL = {
    "first_name": "Luc",
    "password": PASSWORD,
    "consents": CONSENTS,
    "last_name": "Dethier",
    "email": "luc.e2e@example.org",
    "phone": "+32 470 44 55 66",
    "birth_year": 1961,
    "region": "liege",
    "languages": ["fr"],
    "french_level": "native",
    "interests": ["cooking"],
    "preferred_language": "fr",
}


def load_partner_subscriber():
    spec = importlib.util.spec_from_file_location("subscriber", ROOT / "docs/partners/subscriber.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def post(platform, path, body):
    return requests.post(platform["url"] + path, json=body, timeout=15)


def ask_when_known(client, path, body):
    """The duo service learns of a member through MemberRegistered, a moment after registration."""
    response = wait_for(lambda: (r := client.post(path, body)).status_code != 422 and r, timeout=15)
    assert response.status_code == 201, response.text
    return response.json()


def test_registration_to_duo_match_seen_by_a_partner_and_by_mail(platform):
    subscriber = load_partner_subscriber()
    connection = pika.BlockingConnection(pika.URLParameters(platform["amqp_uri"]))
    channel = connection.channel()
    subscriber.subscribe(channel, "duos", "partner.e2e", ["DuoMatched"])

    session = BaseUrlSession(platform["url"])
    newcomer_client, local_client = register(session, NEWCOMER), register(session, LOCAL)
    newcomer = newcomer_client.get(f"/members/{newcomer_client.member_id}").json()
    local = local_client.get(f"/members/{local_client.member_id}").json()
    assert (newcomer["kind"], local["kind"]) == ("newcomer", "local")

    ask_when_known(newcomer_client, "/duos/requests", {"member_id": newcomer["member_id"]})
    ask_when_known(local_client, "/duos/offers", {"member_id": local["member_id"], "capacity": 1})

    def delivered():
        _method, _, body = channel.basic_get("partner.e2e", auto_ack=True)
        return body

    body = wait_for(delivered, timeout=15)
    envelope = json.loads(body)
    schema = json.loads((ROOT / "docs/events/DuoMatched.v1.schema.json").read_text())
    jsonschema.validate(envelope, schema)
    event = load_event(envelope)
    assert (event.data["learner_id"], event.data["volunteer_id"]) == (
        newcomer["member_id"],
        local["member_id"],
    )
    assert "1 shared interest: cooking" in event.data["reasons"]  # explainable: the score's reasons, in words
    for personal in (*NEWCOMER.values(), *LOCAL.values()):
        if isinstance(personal, str) and personal not in ("liege", "fr", "en", "A2", "native", "2025-06-01"):
            assert personal not in body.decode(), f"{personal!r} leaked into DuoMatched"
    connection.close()

    mail_dir = platform["var"] / "mail"
    files = wait_for(lambda: len(list(mail_dir.glob("*.eml"))) == 2 and list(mail_dir.glob("*.eml")), 20)
    messages = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    assert {m["To"].addresses[0].addr_spec for m in messages} == {NEWCOMER["email"], LOCAL["email"]}
    by_address = {m["To"].addresses[0].addr_spec: m for m in messages}
    assert "Yasmin" in by_address[NEWCOMER["email"]].get_body().get_content()
    assert "Luc" in by_address[LOCAL["email"]].get_body().get_content()

    duos = newcomer_client.get("/duos")
    assert duos.json()["duos"][0]["duo_id"] == event.data["duo_id"]


def test_duplicates_are_ignored_and_bad_messages_dead_lettered(platform):
    uri = platform["amqp_uri"]
    connection = pika.BlockingConnection(pika.URLParameters(uri))
    channel = connection.channel()
    with ClusterRpcProxy({"AMQP_URI": uri}, timeout=10) as rpc:
        before = rpc.duos.stats()["members_known"]

        duplicate = new_event("MemberRegistered", member_registered("dup-1"), source="members")
        for _ in range(2):
            channel.basic_publish("members.events", "MemberRegistered", json.dumps(duplicate).encode())
        wait_for(lambda: rpc.duos.stats()["members_known"] == before + 1, 15)

        queue = "evt-members-MemberRegistered--duos.on_member_registered"
        channel.basic_publish("", queue, b"\x00 definitely not an event")
        good = new_event("MemberRegistered", member_registered("after-bad"), source="members")
        channel.basic_publish("members.events", "MemberRegistered", json.dumps(good).encode())
        wait_for(lambda: rpc.duos.stats()["members_known"] == before + 2, 15)

    _method, properties, body = wait_for(lambda: (m := channel.basic_get("duos.dlq", auto_ack=True))[0] and m, 15)
    assert body == b"\x00 definitely not an event"
    assert properties.headers["x-error"].startswith("contract:")
    assert properties.headers["x-queue"] == queue
    connection.close()

    def skipped_duplicates():  # a copy that arrived while the first was handled comes back later
        log = (platform["var"] / "log" / "duos.log").read_text()
        return [json.loads(line) for line in log.splitlines() if "duplicate event skipped" in line]

    skipped = wait_for(skipped_duplicates, 15)
    assert [entry["event_id"] for entry in skipped] == [duplicate["id"]]
    assert all(entry["service"] == "duos" for entry in skipped)


def test_bad_input_answers_problem_details(platform):
    response = post(platform, "/members", {**NEWCOMER, "email": "x@example.org", "region": "atlantis"})
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert "region" in problem["errors"] and problem["status"] == 422

    response = requests.post(platform["url"] + "/members", data="{", headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()["title"]) == (400, "Malformed JSON")
    response = requests.post(platform["url"] + "/members", data="a=b")
    assert response.status_code == 415
    response = requests.get(platform["url"] + "/nowhere", headers={"X-Request-ID": "abc-123"})
    assert (response.status_code, response.json()["request_id"]) == (404, "abc-123")
    assert requests.get(platform["url"] + "/health").json()["status"] == "ok"
