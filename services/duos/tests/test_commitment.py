"""Preferences, the waiting list, the weekly commitment and endings, on the real broker and store."""

from datetime import UTC, date, datetime, timedelta

import pytest

from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.store import open_database
from interra_chassis.testing import call, register
from interra_contracts import load_event

VOLUNTEER = {"kind": "local", "french_level": "native", "arrived_on": None}
TUESDAY_EVENING = [{"day": "tue", "from": "19:00", "to": "21:00"}]


def days_ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


@pytest.fixture
def duo(duos):
    register(duos, "amal")
    register(duos, "jean", **VOLUNTEER)
    call(duos, "request_duo", {"member_id": "amal", "availability": TUESDAY_EVENING})
    call(duos, "offer_duo", {"member_id": "jean", "capacity": 1})
    call(duos, "run_matching")
    [duo] = call(duos, "duos_of", "amal")["duos"]
    return duo


def test_preferences_are_kept_and_checked(duos):
    register(duos, "amal", interests=["chess"])
    request = call(duos, "request_duo", {"member_id": "amal", "availability": TUESDAY_EVENING, "formats": ["video"]})
    assert request["availability"] == TUESDAY_EVENING
    assert request["interests"] == ["chess"]  # from the profile
    for bad, field in [
        ({"availability": [{"day": "tue", "from": "21:00", "to": "19:00"}]}, "availability"),
        ({"availability": [{"day": "tue", "from": "19:10", "to": "20:00"}]}, "availability"),
        ({"availability": [{"day": "xyz", "from": "19:00", "to": "20:00"}]}, "availability"),
        ({"formats": ["telepathy"]}, "formats"),
        ({"age_range": {"min": 50, "max": 20}}, "availability"),
    ]:
        with pytest.raises(Invalid) as caught:
            call(duos, "update_request", request["request_id"], {"member_id": "amal", **bad})
        assert field in caught.value.fields, bad
    updated = call(duos, "update_request", request["request_id"], {"member_id": "amal", "cross_region": True})
    assert updated["cross_region"] is True
    with pytest.raises(NotFound):
        call(duos, "update_request", request["request_id"], {"member_id": "someone-else", "cross_region": True})


def test_a_paused_learner_waits_and_a_withdrawn_one_may_ask_again(duos):
    register(duos, "amal")
    register(duos, "jean", **VOLUNTEER)
    request = call(duos, "request_duo", {"member_id": "amal"})
    assert call(duos, "set_request_status", request["request_id"], "amal", "pause")["status"] == "paused"
    call(duos, "offer_duo", {"member_id": "jean"})
    call(duos, "run_matching")
    assert call(duos, "duos_of", "amal")["duos"] == []
    with pytest.raises(Conflict) as refused:
        call(duos, "set_request_status", request["request_id"], "amal", "pause")
    assert refused.value.message == "a paused request cannot pause; allowed: resume, withdraw, change"
    assert refused.value.fields == {"action": ["not from paused"]}
    assert call(duos, "set_request_status", request["request_id"], "amal", "withdraw")["status"] == "withdrawn"
    with pytest.raises(Conflict, match="a withdrawn request cannot resume; allowed: none"):
        call(duos, "set_request_status", request["request_id"], "amal", "resume")
    again = call(duos, "request_duo", {"member_id": "amal"})
    assert again["request_id"] != request["request_id"]
    call(duos, "run_matching")
    [duo] = call(duos, "duos_of", "amal")["duos"]
    assert duo["volunteer_id"] == "jean"


def test_the_waiting_list_gives_a_place_and_an_estimate(duos):
    for member_id in ("amal", "bashir", "chiara"):
        register(duos, member_id)
        call(duos, "request_duo", {"member_id": member_id})
    place = call(duos, "waitlist_position", "bashir")
    assert (place["position"], place["waiting"], place["estimated_wait_days"]) == (2, 3, None)
    # amal asked 10 days earlier: long waits rise in priority, so the one place goes to her
    open_database("duos").requests.update_one({"member_id": "amal"}, {"$set": {"created_at": days_ago(10)}})
    register(duos, "jean", **VOLUNTEER)
    call(duos, "offer_duo", {"member_id": "jean"})
    call(duos, "run_matching")
    place = call(duos, "waitlist_position", "bashir")
    assert (place["position"], place["duos_formed_last_30_days"]) == (1, 1)
    assert place["estimated_wait_days"] == 30
    staff_view = call(duos, "waitlist", "liege")
    assert [item["member_id"] for item in staff_view["items"]] == ["bashir", "chiara"]
    with pytest.raises(NotFound):
        call(duos, "waitlist_position", "amal")


def test_sessions_count_against_the_weekly_commitment(duos, duo, tap):
    today = date.today().isoformat()
    commitment = call(duos, "log_session", duo["duo_id"], {"member_id": "amal", "held_on": today, "minutes": 35})
    assert commitment["this_week"] == 35 and commitment["weekly_goal"] == 30
    [logged] = tap.wait("DuoSessionLogged")
    assert load_event(logged).data["minutes"] == 35
    for bad, field in [
        ({"minutes": -5}, "minutes"),
        ({"minutes": 900}, "minutes"),
        ({"held_on": (date.today() + timedelta(days=2)).isoformat()}, "held_on"),
        ({"held_on": "2020-01-01"}, "held_on"),
        ({"member_id": "outsider"}, "member_id"),
    ]:
        with pytest.raises(Invalid) as caught:
            call(duos, "log_session", duo["duo_id"], {"member_id": "amal", "held_on": today, "minutes": 30, **bad})
        assert field in caught.value.fields, bad


def test_silent_duos_are_nudged_once_a_week_then_flagged_for_rematch(duos, duo, tap, data_dir):
    db = open_database("duos")

    def began(days_ago):
        at = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
        db.duos.update_one({"_id": duo["duo_id"]}, {"$set": {"created_at": at}})

    began(10)
    assert call(duos, "run_inactivity_check") == 0
    began(15)
    assert call(duos, "run_inactivity_check") == 1
    assert call(duos, "run_inactivity_check") == 0  # one nudge for these two weeks
    [inactive] = tap.wait("DuoInactive")
    assert load_event(inactive).data | {} == {
        "duo_id": duo["duo_id"], "learner_id": "amal", "volunteer_id": "jean",
        "weeks_without_session": 2, "needs_rematch": False,
    }  # fmt: skip
    assert call(duos, "flagged_duos") == {"items": [], "total": 0}
    began(29)
    assert call(duos, "run_inactivity_check") == 1
    assert call(duos, "duos_of", "amal")["duos"][0]["needs_rematch"] is True
    [flagged] = call(duos, "flagged_duos")["items"]  # staff see it, and may end it for a rematch
    assert (flagged["duo_id"], flagged["needs_rematch"]) == (duo["duo_id"], True)


def test_a_bad_ending_sends_both_back_and_bars_the_pair(duos, duo, tap):
    request_before = call(duos, "duos_of", "amal")["requests"][0]
    ended = call(duos, "end_duo", duo["duo_id"], {"member_id": "jean", "reason": "bad_experience"})
    assert (ended["status"], ended["end_reason"]) == ("ended", "bad_experience")
    [event] = tap.wait("DuoEnded")
    assert load_event(event).data["reason"] == "bad_experience"
    call(duos, "run_matching")
    request = call(duos, "duos_of", "amal")["requests"][0]
    assert (request["request_id"], request["status"]) == (request_before["request_id"], "waiting")  # seniority kept
    offer = call(duos, "duos_of", "jean")["requests"][0]
    assert offer["remaining"] == 1
    assert [d["status"] for d in call(duos, "duos_of", "amal")["duos"]] == ["ended"]  # never proposed again
    with pytest.raises(Conflict):
        call(duos, "end_duo", duo["duo_id"], {"member_id": "jean", "reason": "moved"})
    register(duos, "karim", **VOLUNTEER)
    call(duos, "offer_duo", {"member_id": "karim"})
    call(duos, "run_matching")
    assert {d["volunteer_id"] for d in call(duos, "duos_of", "amal")["duos"] if d["status"] == "active"} == {"karim"}


def test_programme_figures_and_evaluation_summaries(duos, duo):
    call(duos, "log_session", duo["duo_id"], {"member_id": "amal", "held_on": date.today().isoformat(), "minutes": 40})
    call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "amal", "rating": 5, "tags": ["patient"]})
    call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "jean", "rating": 4, "tags": ["patient", "fun"]})
    summary = call(duos, "evaluation_summary", duo["duo_id"])
    assert (summary["count"], summary["average_rating"], summary["top_tags"][0]) == (2, 4.5, "patient")
    figures = call(duos, "stats")
    assert figures["active_duos"] == 1
    assert figures["wait_days_median"] == 0
    assert figures["waiting_learners_by_region"] == {}
    assert figures["retention_4_weeks"] is None  # no duo is 4 weeks old yet
