"""The event publisher: a batch confirmed at once, over a connection that outlives a broker's closing it."""

import requests

from interra_chassis.publishing import EventPublisher
from interra_chassis.testing import EventTap, member_registered, wait_for
from interra_contracts import new_event

MANAGEMENT = "http://guest:guest@localhost:15672/api"


def envelopes(count: int, start: int = 0) -> list[dict]:
    members = (f"m-{i}" for i in range(start, start + count))
    return [new_event("MemberRegistered", member_registered(member_id), source="members") for member_id in members]


def close_from_the_broker(publisher: EventPublisher) -> None:
    """As a broker restart or an operator would: the broker closes the publisher's connection."""
    port = publisher._connection.connection.sock.getsockname()[1]
    [ours] = wait_for(lambda: [c for c in requests.get(f"{MANAGEMENT}/connections", timeout=10).json()
                               if c.get("peer_port") == port])  # fmt: skip
    name = requests.utils.quote(ours["name"], safe="")
    requests.delete(f"{MANAGEMENT}/connections/{name}", timeout=10).raise_for_status()


def test_a_batch_arrives_whole_and_in_order(rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "members", "MemberRegistered")
    sent = envelopes(300)
    with EventPublisher(rabbit_config["AMQP_URI"]) as publisher:
        publisher.publish_all(sent)  # returns once the broker confirmed all 300
    received = tap.wait("MemberRegistered", count=300)
    tap.close()
    assert [event["id"] for event in received] == [envelope["id"] for envelope in sent]
    assert all(event["data"]["member_id"] for event in received)


def test_a_connection_the_broker_closed_is_opened_again(rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "members", "MemberRegistered")
    with EventPublisher(rabbit_config["AMQP_URI"]) as publisher:
        publisher.publish_all(envelopes(2))
        close_from_the_broker(publisher)
        failures = 0
        for attempt in range(3):  # the first batch may still meet the closed connection, and raise
            try:
                publisher.publish_all(envelopes(2, start=10 + attempt))
                break
            except Exception:
                failures += 1
        assert failures <= 1
    received = tap.wait("MemberRegistered", count=4)
    tap.close()
    assert {event["data"]["member_id"] for event in received[2:]} <= {f"m-{i}" for i in range(10, 13)}
