"""Helpers for tests that talk to the real broker: tap an exchange, publish an event, wait; make a member
known to a service, or erase them, as the members service would."""

import json
import time
import uuid

import eventlet
from kombu import Connection, Queue

from interra_chassis.publishing import EventPublisher, events_exchange
from interra_contracts import new_event

PASSWORD = "correct horse battery staple"
CONSENTS = [{"purpose": "data_processing", "granted": True}]
NOT_A_MEMBER_ID = [None, 42, "", ["m-1"], {"member_id": "m-1"}]
"""Values a `member_id` argument must refuse as Invalid (parametrize the GDPR entrypoints with it)."""


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.05):
    """Poll until predicate() is truthy; return its value or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        eventlet.sleep(interval)


class EventTap:
    """A temporary queue bound to `<source>.events` that records the bodies it receives."""

    def __init__(self, amqp_uri: str, source: str, routing_key: str = "#"):
        self.connection = Connection(amqp_uri)
        self.queue = Queue(
            f"tap-{source}-{uuid.uuid4().hex[:8]}",
            exchange=events_exchange(source),
            routing_key=routing_key,
            auto_delete=False,
            durable=False,
        )(self.connection.default_channel)
        self.queue.declare()
        self.received: list[dict] = []

    def drain(self) -> list[dict]:
        while (message := self.queue.get(no_ack=True)) is not None:
            self.received.append(json.loads(message.body))
        return self.received

    def wait(self, event_type: str, count: int = 1, timeout: float = 10.0) -> list[dict]:
        def enough():
            found = [e for e in self.drain() if e.get("type") == event_type]
            return found if len(found) >= count else None

        return wait_for(enough, timeout)

    def close(self):
        self.queue.delete()
        self.connection.release()


def events_once(tap: EventTap, event_type: str, count: int = 1, timeout: float = 10.0) -> list[dict]:
    """At least `count` `event_type` envelopes the tap received, each once: delivery is at least once
    (the outbox relay may publish an envelope twice) and consumers know a repeat by its id."""

    def enough():
        found = {e["id"]: e for e in tap.drain() if e.get("type") == event_type}
        return list(found.values()) if len(found) >= count else None

    return wait_for(enough, timeout)


def publish_event(amqp_uri: str, event_type: str, data: dict, source: str) -> dict:
    envelope = new_event(event_type, data, source=source)
    with EventPublisher(amqp_uri) as publisher:
        publisher.publish(envelope)
    return envelope


def member_registered(member_id: str, **overrides) -> dict:
    """MemberRegistered data for a test member (a newcomer in Liège unless told otherwise)."""
    return {
        "member_id": member_id,
        "kind": "newcomer",
        "region": "liege",
        "languages": ["ar"],
        "french_level": "A2",
        "interests": ["cooking"],
        "birth_year": 1995,
        "arrived_on": "2025-01-10",
        "preferred_language": "fr",
        **overrides,
    }


def call(container, method: str, *args, **kwargs):
    """Call an entrypoint of a running test container, as a worker would run it. For a service of a
    runner, pass its container: `nameko.testing.utils.get_container(runner, ServiceClass)`."""
    from nameko.testing.services import entrypoint_hook

    with entrypoint_hook(container, method) as entrypoint:
        return entrypoint(*args, **kwargs)


def handled(service: str, method: str, envelope: dict, timeout: float = 10.0) -> None:
    """Wait until `service`'s handler `method` has finished with this very envelope."""
    from interra_chassis.handling import PROCESSED
    from interra_chassis.store import open_database

    processed = open_database(service)[PROCESSED]
    key = f"{method}:{envelope['id']}"
    wait_for(lambda: (processed.find_one({"_id": key}) or {}).get("status") == "done", timeout)


def register(container, member_id: str, **overrides) -> dict:
    """Announce a member to the service running in `container` as the members service does
    (MemberRegistered with `member_registered(member_id, **overrides)`), and wait until its
    `on_member_registered` handler is done with it. Returns the envelope."""
    data = member_registered(member_id, **overrides)
    envelope = publish_event(container.config["AMQP_URI"], "MemberRegistered", data, source="members")
    handled(container.service_name, "on_member_registered", envelope)
    return envelope


def erase(container, member_id: str, deliveries: int = 1) -> dict:
    """Publish MemberErased for the service running in `container` (the same envelope `deliveries`
    times, as an at-least-once broker may) and wait until its `on_member_erased` handler is done
    with it. Returns the envelope (to deliver it again)."""
    envelope = new_event("MemberErased", {"member_id": member_id}, source="members")
    with EventPublisher(container.config["AMQP_URI"]) as publisher:
        for _ in range(deliveries):
            publisher.publish(envelope)
    handled(container.service_name, "on_member_erased", envelope)
    return envelope


def sign_up(members, profile: dict) -> str:
    """Register a member with the real members service running in the container `members`; their id."""
    return call(members, "register", profile)["member_id"]
