import time

import eventlet
import pytest

from duos import service
from duos.store import DuoStore
from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.store import Outbox, open_database
from interra_chassis.testing import call, events_once, handled, register, wait_for
from interra_contracts import load_event


def test_learner_and_volunteer_of_a_region_are_matched(duos, tap):
    register(duos, "learner-1")
    register(duos, "volunteer-1", kind="local", french_level="native", arrived_on=None)

    request = call(duos, "request_duo", {"member_id": "learner-1"})
    assert request["status"] == "waiting"
    offer = call(duos, "offer_duo", {"member_id": "volunteer-1", "capacity": 2})
    assert offer["remaining"] == 2  # the asks are batched: a round runs within the second

    [matched] = events_once(tap, "DuoMatched")
    event = load_event(matched)
    assert (event.data["learner_id"], event.data["volunteer_id"]) == ("learner-1", "volunteer-1")
    assert "same region: liege" in event.data["reasons"]
    assert len(events_once(tap, "DuoRequested", count=2)) == 2
    [duo] = call(duos, "duos_of", "learner-1")["duos"]
    assert duo["duo_id"] == event.data["duo_id"]
    assert call(duos, "duos_of", "volunteer-1")["requests"][0]["remaining"] == 1


def test_no_match_across_regions(duos, tap):
    register(duos, "learner-2")
    register(duos, "volunteer-2", kind="local", french_level="C2", region="brussels")
    call(duos, "request_duo", {"member_id": "learner-2"})
    call(duos, "offer_duo", {"member_id": "volunteer-2"})
    call(duos, "run_matching")
    assert call(duos, "duos_of", "learner-2")["duos"] == []


def test_bad_requests_are_refused_with_the_field(duos):
    register(duos, "local-1", kind="local", french_level="B1", arrived_on=None)
    register(duos, "learner-3")
    with pytest.raises(Invalid) as unknown:
        call(duos, "request_duo", {"member_id": "nobody"})
    assert "unknown member" in unknown.value.fields["member_id"][0]
    with pytest.raises(Invalid, match="newcomers"):
        call(duos, "request_duo", {"member_id": "local-1"})
    with pytest.raises(Invalid, match="C1"):
        call(duos, "offer_duo", {"member_id": "local-1"})
    with pytest.raises(Invalid) as zero:
        call(duos, "offer_duo", {"member_id": "local-1", "capacity": 0})
    assert "capacity" in zero.value.fields
    call(duos, "request_duo", {"member_id": "learner-3"})
    with pytest.raises(Conflict):
        call(duos, "request_duo", {"member_id": "learner-3"})


def test_only_members_of_a_duo_evaluate_it(duos, tap):
    register(duos, "learner-4")
    register(duos, "volunteer-4", kind="local", french_level="native", arrived_on=None)
    call(duos, "request_duo", {"member_id": "learner-4"})
    call(duos, "offer_duo", {"member_id": "volunteer-4"})
    call(duos, "run_matching")
    [duo] = call(duos, "duos_of", "learner-4")["duos"]

    result = call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "learner-4", "rating": 5, "tags": ["fun"]})
    assert result["rating"] == 5
    [evaluated] = events_once(tap, "SessionEvaluated")
    assert load_event(evaluated).data == {
        "programme": "duo",
        "subject_id": duo["duo_id"],
        "session_id": None,
        "evaluator_id": "learner-4",
        "rating": 5,
        "tags": ["fun"],
    }
    with pytest.raises(Invalid) as outsider:
        call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "volunteer-x", "rating": 3})
    assert "evaluator_id" in outsider.value.fields
    with pytest.raises(Invalid) as rating:
        call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "learner-4", "rating": 6})
    assert "rating" in rating.value.fields
    with pytest.raises(NotFound):
        call(duos, "evaluate", "no-duo", {"evaluator_id": "learner-4", "rating": 3})


def test_a_region_change_reaches_matching(duos, publish):
    register(duos, "learner-9")
    register(duos, "volunteer-9", kind="local", french_level="native", region="brussels")
    call(duos, "offer_duo", {"member_id": "volunteer-9"})
    moved = publish("MemberProfileUpdated", {"member_id": "learner-9", "region": "brussels"})
    handled("duos", "on_member_profile_updated", moved)
    call(duos, "request_duo", {"member_id": "learner-9"})
    call(duos, "run_matching")
    [duo] = call(duos, "duos_of", "learner-9")["duos"]
    assert (duo["volunteer_id"], duo["region"]) == ("volunteer-9", "brussels")


def test_a_crashed_holder_blocks_matching_for_seconds_not_minutes(duos, monkeypatch):
    # a lease as a process killed in the middle of a round leaves it: taken, never renewed nor released
    monkeypatch.setattr(service, "LEASE_SECONDS", 2)
    database = open_database("duos")
    killed = {"holder": "killed", "until": time.time() + 2}
    database.matching.update_one({"_id": "lease"}, {"$set": killed}, upsert=True)
    started = time.monotonic()
    assert call(duos, "run_matching")["mode"] == "automatic"  # waited for the lease to expire, then ran
    assert 1 < time.monotonic() - started < 60  # with the old 300 s lease: minutes


def test_a_round_longer_than_the_lease_keeps_it_by_renewing(duos, monkeypatch):
    monkeypatch.setattr(service, "LEASE_SECONDS", 0.4)
    solve = service.matching.match

    def slow_solver(*args):
        time.sleep(1.5)  # a big round: the solver runs in a native thread, the hub renews the lease meanwhile
        return solve(*args)

    monkeypatch.setattr(service.matching, "match", slow_solver)
    store = DuoStore(open_database("duos"), Outbox("duos", "test"))
    round_ = eventlet.spawn(call, duos, "run_matching")
    # from the moment the round holds the lease (a loaded machine may take a while to start it)...
    wait_for(lambda: (store.db.matching.find_one({"_id": "lease"}) or {}).get("until", 0) > time.time(), 10, 0.02)
    eventlet.sleep(0.9)  # ...more than twice the lease: without renewals it would have expired
    assert not store.take_lease("another instance", 1)
    round_.wait()
    assert store.take_lease("another instance", 1)  # released at the end of the round
