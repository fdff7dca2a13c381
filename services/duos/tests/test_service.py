import pytest
from nameko.testing.services import entrypoint_hook

from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.testing import handled, member_registered, publish_event, wait_for
from interra_contracts import load_event


def register(duos, rabbit_config, member_id, **overrides):
    publish_event(rabbit_config["AMQP_URI"], "MemberRegistered", member_registered(member_id, **overrides), "members")
    with entrypoint_hook(duos, "duos_of") as duos_of:

        def known():
            try:
                return duos_of(member_id) is not None
            except NotFound:
                return False

        wait_for(known)


def call(duos, name, *args):
    with entrypoint_hook(duos, name) as method:
        return method(*args)


def events_once(tap, event_type: str, count: int = 1) -> list[dict]:
    """The `event_type` envelopes the tap received, each once: delivery is at least once (the
    outbox relay may publish an envelope twice) and consumers know a repeat by its id."""

    def enough():
        found = {e["id"]: e for e in tap.drain() if e.get("type") == event_type}
        return list(found.values()) if len(found) >= count else None

    return wait_for(enough)


def test_learner_and_volunteer_of_a_region_are_matched(duos, rabbit_config, tap):
    register(duos, rabbit_config, "learner-1")
    register(duos, rabbit_config, "volunteer-1", kind="local", french_level="native", arrived_on=None)

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


def test_no_match_across_regions(duos, rabbit_config, tap):
    register(duos, rabbit_config, "learner-2")
    register(duos, rabbit_config, "volunteer-2", kind="local", french_level="C2", region="brussels")
    call(duos, "request_duo", {"member_id": "learner-2"})
    call(duos, "offer_duo", {"member_id": "volunteer-2"})
    call(duos, "run_matching")
    assert call(duos, "duos_of", "learner-2")["duos"] == []


def test_bad_requests_are_refused_with_the_field(duos, rabbit_config):
    register(duos, rabbit_config, "local-1", kind="local", french_level="B1", arrived_on=None)
    register(duos, rabbit_config, "learner-3")
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


def test_only_members_of_a_duo_evaluate_it(duos, rabbit_config, tap):
    register(duos, rabbit_config, "learner-4")
    register(duos, rabbit_config, "volunteer-4", kind="local", french_level="native", arrived_on=None)
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


def test_a_region_change_reaches_matching(duos, rabbit_config, publish):
    register(duos, rabbit_config, "learner-9")
    register(duos, rabbit_config, "volunteer-9", kind="local", french_level="native", region="brussels")
    call(duos, "offer_duo", {"member_id": "volunteer-9"})
    moved = publish("MemberProfileUpdated", {"member_id": "learner-9", "region": "brussels"})
    handled("duos", "on_member_profile_updated", moved)
    call(duos, "request_duo", {"member_id": "learner-9"})
    call(duos, "run_matching")
    [duo] = call(duos, "duos_of", "learner-9")["duos"]
    assert (duo["volunteer_id"], duo["region"]) == ("volunteer-9", "brussels")
