"""The outbox: events written with the state change reach the broker, even after a crash."""

import pytest
from nameko.testing.services import entrypoint_hook

from interra_chassis.rpc import rpc
from interra_chassis.service import InterraService
from interra_chassis.store import OUTBOX, Outbox, Repository, Store, open_database
from interra_chassis.testing import EventTap, member_registered, wait_for
from interra_contracts import load_event


class Members(Repository):
    outbox_collections = ("members",)

    def add(self, member_id):
        self.insert_with_events("members", {"_id": member_id}, [("MemberRegistered", member_registered(member_id))])


class Producer(InterraService):
    name = "members"  # may publish MemberRegistered
    store = Store(Members)

    @rpc
    def add(self, member_id):
        self.store.add(member_id)


@pytest.fixture
def tap(rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "members", "MemberRegistered")
    yield tap
    tap.close()


def test_events_are_published_after_the_write_and_leave_the_document(container_factory, rabbit_config, data_dir, tap):
    container = container_factory(Producer, rabbit_config)
    container.start()
    with entrypoint_hook(container, "add") as add:
        add("m-1")
    [event] = tap.wait("MemberRegistered")
    assert load_event(event).data["member_id"] == "m-1"
    # pulled once the broker confirmed it (the sender's batch), not by the relay loop 2 s later
    assert wait_for(lambda: open_database("members").members.find_one({"_id": "m-1"})[OUTBOX] == [], timeout=1.5)


def test_events_a_crash_left_in_the_store_are_relayed_at_start(container_factory, rabbit_config, data_dir, tap):
    # A process wrote the member and its event, then died before publishing.
    Members(open_database("members"), Outbox("members", "corr-1")).add("m-2")
    assert len(open_database("members").members.find_one({"_id": "m-2"})[OUTBOX]) == 1

    container_factory(Producer, rabbit_config).start()
    [event] = tap.wait("MemberRegistered")
    assert event["correlation_id"] == "corr-1"
    assert event["data"]["member_id"] == "m-2"
