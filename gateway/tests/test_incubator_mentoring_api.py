"""InterLab mentoring through the gateway, every service running: a member joins the mentor pool, the
matching proposes them to an admitted entrepreneur with a score and reasons, a coordinator accepts
(MentorAssigned), both sides log and read their sessions (nobody else), a report suspends the mentor
from the next matching until a coordinator dismisses it."""

from datetime import UTC, datetime

from interra_chassis.testing import EventTap, events_once
from interra_contracts import load_event

from .conftest import admitted_over_api, known, open_incubator_call

MENTOR = {"expertise": ["legal", "financing"], "sectors": ["food"], "languages": ["fr", "ar"], "region": "liege",
          "formats": ["in_person", "video"], "capacity": 2}  # fmt: skip
SESSION = {"minutes": 60, "kind": "mentoring", "topics": ["legal_form"], "next_steps": "Compare SRL and SComm.",
           "notes": "Kofi hesitates between a company and a cooperative."}  # fmt: skip
REPORT = "She asked me to pay for her accounting firm's services."


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def test_a_mentor_from_the_pool_to_sessions_and_a_safeguarding_report(member, staff, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "MentorAssigned")
    coordinator = staff("coordinator:incubator")
    call_id = open_incubator_call(coordinator)["call_id"]
    kofi, lea, omar = member("Kofi"), member("Lea", french_level="native", arrived_on=None), member("Omar")
    admitted_over_api(coordinator, kofi, rabbit_config, call_id)

    joined = ok(known(lambda: lea.put("/incubator/mentors/me", MENTOR)))
    assert (joined["member_id"], joined["free"], joined["in_pool"]) == (lea.member_id, 2, True)
    assert coordinator.put("/incubator/mentors/me", MENTOR).status_code == 403  # a staff account is no member
    assert lea.get("/incubator/mentors").status_code == 403
    assert ok(coordinator.get(f"/incubator/mentors/{lea.member_id}"))["suspended"] is False
    too_small = lea.put("/incubator/mentors/me", {**MENTOR, "capacity": 4})
    assert too_small.status_code == 422 and "capacity" in too_small.json()["errors"]

    assert lea.post(f"/incubator/calls/{call_id}/mentor-matching").status_code == 403
    run = ok(coordinator.post(f"/incubator/calls/{call_id}/mentor-matching"))
    [proposal] = run["items"]
    assert (proposal["entrepreneur_id"], proposal["mentor_id"], proposal["score"]) == (
        kofi.member_id,
        lea.member_id,
        35,
    )
    assert proposal["reasons"] == ["2 needs met: legal, financing", "same sector: food", "shared language: ar",
                                   "both in liege"]  # fmt: skip
    mentorship_id = proposal["mentorship_id"]
    assert lea.get(f"/incubator/mentorships/{mentorship_id}").status_code == 404  # a proposal: coordinators only
    assert lea.post(f"/incubator/mentorships/{mentorship_id}/moves", {"move": "accept"}).status_code == 404
    accepted = ok(coordinator.post(f"/incubator/mentorships/{mentorship_id}/moves", {"move": "accept"}))
    assert accepted["status"] == "active"
    [assigned] = events_once(tap, "MentorAssigned")
    assert load_event(assigned).data["mentor_id"] == lea.member_id
    # each side of the pair reads the other's first name, from members as the gateway answers
    as_kofi, as_lea = (ok(who.get(f"/incubator/mentorships/{mentorship_id}")) for who in (kofi, lea))
    assert (as_kofi["mentor_first_name"], "entrepreneur_first_name" in as_kofi) == ("Lea", False)
    assert (as_lea["entrepreneur_first_name"], "mentor_first_name" in as_lea) == ("Kofi", False)
    [listed] = ok(kofi.get("/incubator/mentorships"))["items"]
    assert listed["mentor_first_name"] == "Lea"
    [listed] = ok(lea.get("/incubator/mentorships"))["items"]
    assert listed["entrepreneur_first_name"] == "Kofi"
    as_staff = ok(coordinator.get(f"/incubator/mentorships/{mentorship_id}"))
    assert not {"mentor_first_name", "entrepreneur_first_name"} & set(as_staff)
    assert "Lea" not in str(load_event(assigned).data) and "Kofi" not in str(load_event(assigned).data)
    refused = coordinator.post(f"/incubator/mentorships/{mentorship_id}/moves", {"move": "reject", "reason": "other"})
    assert refused.status_code == 409 and "allowed: end" in refused.json()["detail"]

    today = datetime.now(UTC).date().isoformat()
    ok(kofi.post(f"/incubator/mentorships/{mentorship_id}/sessions", {**SESSION, "held_on": today}), 201)
    by_lea = ok(lea.post(f"/incubator/mentorships/{mentorship_id}/sessions",
                         {**SESSION, "held_on": today, "kind": "expert", "minutes": 30}), 201)  # fmt: skip
    absurd = kofi.post(
        f"/incubator/mentorships/{mentorship_id}/sessions", {**SESSION, "held_on": today, "minutes": 900}
    )
    assert absurd.status_code == 422 and "minutes" in absurd.json()["errors"]
    for reader in (kofi, lea, coordinator):
        sessions = ok(reader.get(f"/incubator/mentorships/{mentorship_id}/sessions"))
        assert [s["minutes"] for s in sessions["items"]] == [60, 30] and sessions["items"][0]["notes"] == SESSION[
            "notes"
        ]
    assert omar.get(f"/incubator/mentorships/{mentorship_id}/sessions").status_code == 404
    assert omar.get(f"/incubator/mentorships/{mentorship_id}").status_code == 404
    assert (
        omar.post(f"/incubator/mentorships/{mentorship_id}/sessions", {**SESSION, "held_on": today}).status_code == 404
    )
    rated = ok(kofi.post(f"/incubator/mentoring-sessions/{by_lea['session_id']}/evaluations", {"rating": 5}), 201)
    assert rated["evaluator_id"] == kofi.member_id
    assert (
        omar.post(f"/incubator/mentoring-sessions/{by_lea['session_id']}/evaluations", {"rating": 1}).status_code == 404
    )
    [mine] = ok(kofi.get("/incubator/mentorships"))["items"]
    assert (mine["mentorship_id"], mine["sessions"], mine["minutes"]) == (mentorship_id, 2, 90)
    assert ok(omar.get("/incubator/mentorships"))["total"] == 0

    # a report suspends Léa: the next matching does not propose her (a second place is free)
    sam = member("Sam")
    admitted_over_api(coordinator, sam, rabbit_config, call_id)
    assert omar.post("/incubator/safeguarding-reports", {"mentor_id": lea.member_id, "category": "paid_services",
                                                         "description": REPORT}).status_code == 422  # fmt: skip
    filed = ok(kofi.post("/incubator/safeguarding-reports", {"mentor_id": lea.member_id, "category": "paid_services",
                                                            "description": REPORT}), 201)  # fmt: skip
    assert "description" not in filed and filed["status"] == "pending"
    assert lea.get("/incubator/safeguarding-reports").status_code == 403
    [pending] = ok(coordinator.get("/incubator/safeguarding-reports"))["items"]
    assert (pending["reporter_id"], pending["description"]) == (kofi.member_id, REPORT)
    suspended = ok(coordinator.post(f"/incubator/calls/{call_id}/mentor-matching"))
    assert (suspended["total"], suspended["entrepreneurs"], suspended["places"]) == (0, 1, 0)
    assert "suspended" not in ok(lea.get("/incubator/mentors/me"))  # the mentor is not told of a report
    outcome = {"outcome": "dismissed", "note": "Her firm's offer was unrelated to the mentoring."}
    ok(coordinator.post(f"/incubator/safeguarding-reports/{filed['report_id']}/outcome", outcome))
    [again] = ok(coordinator.post(f"/incubator/calls/{call_id}/mentor-matching"))["items"]
    assert (again["entrepreneur_id"], again["mentor_id"]) == (sam.member_id, lea.member_id)

    assert lea.delete(f"/members/{lea.member_id}").status_code == 202  # erased: no name any more
    assert ok(kofi.get(f"/incubator/mentorships/{mentorship_id}"))["mentor_first_name"] is None
    tap.close()


def test_other_programmes_staff_may_not_run_mentoring(member, staff):
    duo_staff = staff("coordinator:duos")
    for path in ("/incubator/mentors", "/incubator/safeguarding-reports", "/incubator/mentorships/flagged"):
        assert duo_staff.get(path).status_code == 403
    assert duo_staff.post("/incubator/calls/some-call/mentor-matching").status_code == 403
    assert (
        duo_staff.post("/incubator/mentorships/some-id/sessions", {**SESSION, "held_on": "2027-01-01"}).status_code
        == 403
    )
    coordinator = staff("coordinator:incubator")
    assert ok(coordinator.get("/incubator/mentorships/flagged")) == {"items": [], "total": 0}
    assert coordinator.post("/incubator/mentorships/inactivity-check").status_code == 204
    assert coordinator.get("/incubator/mentors?in_pool=maybe").status_code == 400
