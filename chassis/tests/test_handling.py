"""Reliable handling against the real broker: dead-letters, bounded retries, duplicates."""

import json
import time

import pytest
from kombu import Connection

from interra_chassis import handling
from interra_chassis.handling import ATTEMPTS_HEADER, handle_event, look_again_delay
from interra_chassis.rpc import rpc
from interra_chassis.service import InterraService
from interra_chassis.store import Repository, Store, open_database
from interra_chassis.testing import member_registered, publish_event, wait_for
from interra_contracts import new_event


class Seen(Repository):
    def add(self, event):
        self.db.seen.insert_one({"event_id": event.id, "member_id": event.data["member_id"]})

    def count(self, member_id=None):
        return self.db.seen.count_documents({"member_id": member_id} if member_id else {})


class Probe(InterraService):
    name = "probe"
    store = Store(Seen)

    @handle_event("members", "MemberRegistered")
    def on_member(self, event):
        if event.data["region"] == "broken":
            raise RuntimeError("cannot handle broken regions")
        self.store.add(event)

    @rpc
    def count(self, member_id=None):
        return self.store.count(member_id)


QUEUE = "evt-members-MemberRegistered--probe.on_member"


@pytest.fixture
def probe(container_factory, rabbit_config, data_dir, monkeypatch):
    monkeypatch.setenv("HANDLER_MAX_RETRIES", "2")
    container = container_factory(Probe, rabbit_config)
    container.start()
    return container


def count(container, member_id=None):
    from nameko.testing.services import entrypoint_hook

    with entrypoint_hook(container, "count") as call:
        return call(member_id)


def dead_letters(amqp_uri, expected):
    with Connection(amqp_uri) as conn:
        queue = conn.SimpleQueue("probe.dlq")
        messages = []
        for _ in range(expected):
            message = queue.get(timeout=10)
            message.ack()
            messages.append(message)
        queue.close()
    return messages


def publish_raw(amqp_uri, body: bytes, content_type="application/json"):
    with Connection(amqp_uri) as conn:
        conn.Producer().publish(
            body,
            exchange="members.events",
            routing_key="MemberRegistered",
            content_type=content_type,
            content_encoding="utf-8",
        )


def test_bad_messages_are_dead_lettered_and_the_good_ones_still_handled(probe, rabbit_config):
    uri = rabbit_config["AMQP_URI"]
    publish_raw(uri, b"{not json", content_type="text/plain")
    invalid = new_event("MemberRegistered", member_registered("m-0"), source="members")
    invalid["data"]["french_level"] = "Z9"
    publish_raw(uri, json.dumps(invalid).encode())
    publish_event(uri, "MemberRegistered", member_registered("m-1"), "members")

    wait_for(lambda: count(probe, "m-1") == 1)
    letters = dead_letters(uri, 2)  # handled concurrently: in any order
    [not_json] = [m for m in letters if m.content_type == "text/plain"]
    [bad_level] = [m for m in letters if m.content_type == "application/json"]
    assert not_json.body in (b"{not json", "{not json")  # SimpleQueue may decode text
    assert not_json.headers["x-error"].startswith("contract:")
    assert not_json.headers["x-queue"] == QUEUE
    assert "french_level" in bad_level.headers["x-error"]


def test_a_failing_handler_is_retried_then_dead_lettered_with_its_error(probe, rabbit_config):
    uri = rabbit_config["AMQP_URI"]
    envelope = publish_event(uri, "MemberRegistered", member_registered("m-2", region="broken"), "members")
    publish_event(uri, "MemberRegistered", member_registered("m-3"), "members")

    [message] = dead_letters(uri, 1)
    assert json.loads(message.body)["id"] == envelope["id"]
    assert message.headers["x-error"] == "RuntimeError: cannot handle broken regions"
    assert message.headers[ATTEMPTS_HEADER] == 3  # the first try and two retries
    assert count(probe, "m-3") == 1


def test_a_duplicate_delivery_has_no_effect(probe, rabbit_config):
    uri = rabbit_config["AMQP_URI"]
    envelope = new_event("MemberRegistered", member_registered("m-4"), source="members")
    for _ in range(3):
        publish_raw(uri, json.dumps(envelope).encode())
    publish_event(uri, "MemberRegistered", member_registered("m-5"), "members")
    wait_for(lambda: count(probe, "m-5") == 1)
    assert count(probe, "m-4") == 1


def claimed_elsewhere(event_id: str, owner: str, beat_at: float | None) -> None:
    """Leave a claim on the event as another process would, with that process's last heartbeat."""
    db = open_database("probe")
    db[handling.PROCESSED].insert_one(
        {"_id": f"on_member:{event_id}", "status": "processing", "at": time.time(), "owner": owner}
    )
    if beat_at is not None:
        db[handling.INSTANCES].update_one({"_id": owner}, {"$set": {"seen": beat_at}}, upsert=True)


def test_a_claim_left_by_a_crashed_process_is_taken_over_at_once(probe, rabbit_config):
    # the old rule waited CLAIM_STALE_S (300 s) for any claim; a silent owner's is free now
    envelope = new_event("MemberRegistered", member_registered("m-6"), source="members")
    claimed_elsewhere(envelope["id"], "crashed-process", beat_at=time.time() - handling.OWNER_SILENT_S - 5)
    started = time.monotonic()
    publish_raw(rabbit_config["AMQP_URI"], json.dumps(envelope).encode())
    wait_for(lambda: count(probe, "m-6") == 1, timeout=10)
    assert time.monotonic() - started < 10
    claim = open_database("probe")[handling.PROCESSED].find_one({"_id": f"on_member:{envelope['id']}"})
    assert claim["status"] == "done" and claim["owner"] != "crashed-process"


def test_a_claim_of_a_live_process_is_waited_for_until_it_stops_beating(probe, rabbit_config, monkeypatch):
    monkeypatch.setattr(handling, "OWNER_SILENT_S", 1.5)
    envelope = new_event("MemberRegistered", member_registered("m-7"), source="members")
    claimed_elsewhere(envelope["id"], "busy-process", beat_at=time.time())
    publish_raw(rabbit_config["AMQP_URI"], json.dumps(envelope).encode())
    beats = open_database("probe")[handling.INSTANCES]
    for _ in range(6):  # the owner keeps beating for 3 s: its claim is respected
        beats.update_one({"_id": "busy-process"}, {"$set": {"seen": time.time()}})
        time.sleep(0.5)
        assert count(probe, "m-7") == 0
    wait_for(lambda: count(probe, "m-7") == 1, timeout=20)  # it stopped: taken over, handled once


def test_a_copy_in_flight_is_looked_at_again_later_each_time_twice_as_late():
    assert [look_again_delay(0.5, looks) for looks in range(8)] == [0.5, 1, 2, 4, 8, 16, 30, 30]
