"""Duo-Langue through the gateway: who may see and change a duo, and the staff views."""

from datetime import date

import pytest

from interra_chassis.testing import wait_for

from .conftest import known

TUESDAY = [{"day": "tue", "from": "19:00", "to": "21:00"}]


def make_duo(member):
    amal = member("Amal")
    jean = member("Jean", french_level="native", arrived_on=None)
    request = known(lambda: amal.post("/duos/requests", {"availability": TUESDAY})).json()
    known(lambda: jean.post("/duos/offers", {"capacity": 1}))
    [duo] = wait_for(lambda: amal.get("/duos").json()["duos"])  # a matching round runs within the second
    return amal, jean, duo, request


def test_members_of_a_duo_log_sessions_and_follow_their_commitment(member):
    amal, jean, duo, _ = make_duo(member)
    outsider = member("Omar")
    today = date.today().isoformat()
    logged = amal.post(f"/duos/{duo['duo_id']}/sessions", {"held_on": today, "minutes": 45})
    assert logged.status_code == 201 and logged.json()["this_week"] == 45
    assert jean.get(f"/duos/{duo['duo_id']}/commitment").json()["this_week"] == 45
    assert outsider.get(f"/duos/{duo['duo_id']}").status_code == 404
    assert outsider.get(f"/duos/{duo['duo_id']}/commitment").status_code == 404
    assert outsider.post(f"/duos/{duo['duo_id']}/sessions", {"held_on": today, "minutes": 30}).status_code == 422
    forged = {"held_on": today, "minutes": 30, "member_id": amal.member_id}
    assert outsider.post(f"/duos/{duo['duo_id']}/sessions", forged).status_code == 403
    absurd = amal.post(f"/duos/{duo['duo_id']}/sessions", {"held_on": today, "minutes": -10})
    assert absurd.status_code == 422 and "minutes" in absurd.json()["errors"]


def test_a_member_ends_their_duo_and_waits_again_with_their_seniority(member):
    amal, jean, duo, request = make_duo(member)
    assert member("Omar").post(f"/duos/{duo['duo_id']}/end", {"reason": "moved"}).status_code == 422
    ended = jean.post(f"/duos/{duo['duo_id']}/end", {"reason": "no_time"})
    assert (ended.status_code, ended.json()["end_reason"]) == (200, "no_time")
    place = amal.get("/duos/waitlist/me").json()
    assert (place["request_id"], place["position"]) == (request["request_id"], 1)
    paused = amal.post(f"/duos/requests/{request['request_id']}/status", {"action": "pause"})
    assert paused.json()["status"] == "paused"
    assert jean.post(f"/duos/requests/{request['request_id']}/status", {"action": "resume"}).status_code == 404


def test_staff_views_are_for_duo_coordinators(member, staff):
    amal, _, duo, _ = make_duo(member)
    for path in ("/duos/stats", "/duos/waitlist", "/duos/evaluations/summary"):
        assert amal.get(path).status_code == 403, path
    coordinator = staff("coordinator:duos")
    figures = coordinator.get("/duos/stats").json()
    assert figures["active_duos"] == 1
    assert coordinator.get("/duos/waitlist?region=liege").json() == {"items": [], "total": 0}
    assert coordinator.get(f"/duos/{duo['duo_id']}").status_code == 200
    assert staff("coordinator:workshops").get(f"/duos/{duo['duo_id']}").status_code == 404
    assert coordinator.post("/duos/inactivity-check").status_code == 204
    assert coordinator.get("/duos/flagged").json() == {"items": [], "total": 0}  # the duo just began
    assert amal.get("/duos/flagged").status_code == 403
    asked = coordinator.post("/duos/matching")
    assert (asked.status_code, asked.json()) == (202, {"asked": True, "mode": "automatic"})
    assert amal.post("/duos/matching").status_code == 403
    assert coordinator.get("/duos/proposals").json() == {"items": [], "total": 0, "mode": "automatic"}
    assert amal.get("/duos/proposals").status_code == 403
    assert coordinator.post(f"/duos/proposals/{duo['duo_id']}/accept").status_code == 409  # already active
    bad = coordinator.post(f"/duos/proposals/{duo['duo_id']}/reject", {"reason": "dislike"})
    assert bad.status_code == 422 and "reason" in bad.json()["errors"]
    assert coordinator.post("/duos/proposals/nope/accept").status_code == 404


def test_a_volunteer_changes_their_capacity_but_never_below_their_duos(member):
    _, jean, _, _ = make_duo(member)
    [offer] = jean.get("/duos").json()["requests"]
    path = f"/duos/offers/{offer['request_id']}/capacity"
    assert jean.put(path, {"capacity": 0}).status_code == 422
    assert member("Omar").put(path, {"capacity": 2}).status_code == 404  # not theirs: not found
    raised = jean.put(path, {"capacity": 3})
    assert (raised.status_code, raised.json()["capacity"], raised.json()["remaining"]) == (200, 3, 2)
    assert jean.put(path, {"capacity": 1}).status_code == 200
    refused = jean.put(path, {"capacity": 1, "member_id": "someone-else"})
    assert refused.status_code == 403


@pytest.fixture
def review_mode(monkeypatch):
    """Duos started in staff review mode (listed before the platform fixtures, so set before they start)."""
    monkeypatch.setenv("DUO_MATCH_MODE", "review")


def test_in_review_mode_a_coordinator_accepts_or_rejects_each_pair(review_mode, member, staff):
    amal, bashir = member("Amal"), member("Bashir")
    jean = member("Jean", french_level="native", arrived_on=None)
    coordinator = staff("coordinator:duos")
    known(lambda: amal.post("/duos/requests", {}))
    known(lambda: jean.post("/duos/offers", {"capacity": 2}))

    [proposal] = wait_for(lambda: coordinator.get("/duos/proposals").json()["items"])
    assert (proposal["learner_id"], proposal["status"]) == (amal.member_id, "proposed")
    assert proposal["reasons"] and proposal["learner_waiting_days"] == 0
    assert amal.get("/duos").json()["duos"] == []  # nothing starts before a coordinator says so
    accepted = coordinator.post(f"/duos/proposals/{proposal['duo_id']}/accept")
    assert (accepted.status_code, accepted.json()["status"]) == (200, "active")
    assert [d["duo_id"] for d in amal.get("/duos").json()["duos"]] == [proposal["duo_id"]]

    known(lambda: bashir.post("/duos/requests", {}))
    [second] = wait_for(lambda: coordinator.get("/duos/proposals").json()["items"])
    rejected = coordinator.post(f"/duos/proposals/{second['duo_id']}/reject", {"reason": "known_to_each_other"})
    assert (rejected.status_code, rejected.json()["status"]) == (200, "rejected")
    assert bashir.get("/duos").json()["requests"][0]["status"] == "waiting"
    assert coordinator.get("/duos/proposals").json()["items"] == []


def test_each_member_of_a_duo_reads_their_partner_s_first_name_and_coordinators_both(member, staff, api):
    amal, jean, duo, _ = make_duo(member)
    assert duo["partner_first_name"] == "Jean"
    [seen_by_jean] = jean.get("/duos").json()["duos"]
    assert seen_by_jean["partner_first_name"] == "Amal" and "learner_first_name" not in seen_by_jean
    assert amal.get(f"/duos/{duo['duo_id']}").json()["partner_first_name"] == "Jean"
    coordinator = staff("coordinator:duos")
    seen = coordinator.get(f"/duos/{duo['duo_id']}").json()
    assert (seen["learner_first_name"], seen["volunteer_first_name"]) == ("Amal", "Jean")
    assert "partner_first_name" not in seen
    [listed] = coordinator.get(f"/duos?member_id={jean.member_id}").json()["duos"]
    assert (listed["learner_first_name"], listed["volunteer_first_name"]) == ("Amal", "Jean")

    assert jean.delete(f"/members/{jean.member_id}").status_code == 202  # erased: no name any more
    assert amal.get(f"/duos/{duo['duo_id']}").json()["partner_first_name"] is None
    assert coordinator.get(f"/duos/{duo['duo_id']}").json()["volunteer_first_name"] is None
