"""InterLab mentoring on the real broker and store: the mentor pool, the matching of a call's admitted
entrepreneurs (never twice, even at once), the coordinators' review of proposals, endings, safeguarding
reports, the sessions log and its evaluations, inactivity nudges, the project's mentors, erasure and
export."""

from datetime import UTC, datetime, timedelta

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from incubator.service import IncubatorService
from incubator.store import IncubatorStore
from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.store import Outbox
from interra_chassis.testing import EventTap, call, erase, events_once, register
from interra_contracts import load_event

from .conftest import PROJECT, admitted

LEA = {"expertise": ["legal", "financing"], "sectors": [], "languages": ["fr", "ar"], "region": "liege",
       "formats": ["in_person"], "capacity": 1}  # fmt: skip
OMAR = {"expertise": ["marketing"], "sectors": ["crafts"], "languages": ["fr", "fa"], "region": "brussels",
        "formats": ["video"], "capacity": 2}  # fmt: skip
SAM = {"expertise": ["legal"], "sectors": [], "languages": ["fr"], "region": "liege", "formats": ["in_person"],
       "capacity": 1}  # fmt: skip
CRAFTS = {**PROJECT, "title": "Persian rugs", "sector": "crafts", "needs": ["marketing"]}
NOTES = "She fears the bank will say no; we rehearsed the meeting."


def days(n: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=n)).isoformat()


def mentor(incubator, member_id: str, profile: dict, **changes) -> dict:
    """A member known to the incubator who joins the mentor pool."""
    register(incubator, member_id, kind="local", languages=profile["languages"], french_level="native")
    return call(incubator, "put_mentor", member_id, {**profile, **changes})


def matched(incubator, call_id: str) -> dict[str, dict]:
    """A matching run's proposals by entrepreneur."""
    return {p["entrepreneur_id"]: p for p in call(incubator, "run_mentor_matching", call_id)["items"]}


def kofi_and_amal_proposed_to_lea(incubator, call_id: str, capacity: int) -> dict[str, dict]:
    """Kofi and Amal admitted to the call and Léa in the pool with room for `capacity`: the matching's
    proposals by entrepreneur."""
    admitted(incubator, call_id, "m-kofi")
    admitted(incubator, call_id, "m-amal")
    mentor(incubator, "m-lea", LEA, capacity=capacity)
    return matched(incubator, call_id)


def move(incubator, mentorship_id: str, name: str, reason: str | None = None, by: str | None = None) -> dict:
    return call(incubator, "move_mentorship", mentorship_id, {"move": name, "reason": reason}, by)


@pytest.fixture
def pair(incubator, open_call):
    """An active mentorship: Kofi (food, needs legal and financing, Arabic, French A2, Liège) mentored
    by Léa (legal and financing, Arabic, Liège; room for `capacity`)."""

    def pair(capacity: int = 1) -> dict:
        call_id = open_call()["call_id"]
        admitted(incubator, call_id, "m-kofi")
        mentor(incubator, "m-lea", LEA, capacity=capacity)
        proposal = matched(incubator, call_id)["m-kofi"]
        return {**move(incubator, proposal["mentorship_id"], "accept"), "call_id": call_id}

    return pair


def session(**changes) -> dict:
    return {"held_on": days(0), "minutes": 90, "kind": "mentoring", "topics": ["business_plan"],
            "next_steps": "Draft the cash-flow plan.", "notes": NOTES, **changes}  # fmt: skip


# --- the mentor pool --------------------------------------------------------------------------------


def test_a_member_joins_the_pool_changes_their_profile_and_leaves(incubator):
    joined = mentor(incubator, "m-lea", LEA, capacity=2)
    assert (joined["member_id"], joined["capacity"], joined["held"], joined["free"], joined["in_pool"]) == (
        "m-lea", 2, 0, 2, True,
    )  # fmt: skip
    assert joined["expertise"] == ["legal", "financing"] and "suspended" not in joined  # not told of reports
    changed = call(incubator, "put_mentor", "m-lea", {**LEA, "capacity": 3, "sectors": ["food"]})
    assert (changed["capacity"], changed["free"], changed["sectors"], changed["joined_at"]) == (
        3, 3, ["food"], joined["joined_at"],
    )  # fmt: skip
    left = call(incubator, "leave_mentor_pool", "m-lea")
    assert left["in_pool"] is False
    [listed] = call(incubator, "list_mentors")["items"]
    assert (listed["member_id"], listed["in_pool"], listed["suspended"], listed["removed"]) == (
        "m-lea",
        False,
        False,
        False,
    )
    assert call(incubator, "list_mentors", in_pool=True)["total"] == 0
    assert call(incubator, "put_mentor", "m-lea", LEA)["in_pool"] is True  # back in the pool
    assert call(incubator, "get_mentor", "m-lea")["capacity"] == 1
    with pytest.raises(NotFound):
        call(incubator, "get_mentor", "m-nobody")
    with pytest.raises(NotFound):
        call(incubator, "leave_mentor_pool", "m-nobody")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": 4}, "capacity"),
        ({"capacity": "2"}, "capacity"),
        ({"expertise": ["magic"]}, "expertise"),
        ({"expertise": [], "sectors": []}, "expertise"),
        ({"sectors": ["weapons"]}, "sectors"),
        ({"region": "paris"}, "region"),
        ({"formats": []}, "formats"),
        ({"formats": ["phone"]}, "formats"),
        ({"languages": ["Arabic"]}, "languages"),
        ({"languages": ["fr", "fr"]}, "languages"),
        ({"name": "Léa"}, "name"),
    ],
)
def test_a_bad_mentor_profile_names_the_field_and_stores_nothing(incubator, db, changes, field):
    register(incubator, "m-lea", kind="local")
    with pytest.raises(Invalid) as caught:
        call(incubator, "put_mentor", "m-lea", {**LEA, **changes})
    assert field in caught.value.fields
    assert db.mentors.count_documents({}) == 0


def test_only_a_member_known_to_the_incubator_joins(incubator, db):
    with pytest.raises(Invalid) as caught:
        call(incubator, "put_mentor", "m-stranger", LEA)
    assert caught.value.fields == {"member_id": ["unknown member 'm-stranger'"]}
    with pytest.raises(Invalid) as caught:
        call(incubator, "put_mentor", None, LEA)
    assert "member_id" in caught.value.fields
    assert db.mentors.count_documents({}) == 0


# --- matching ---------------------------------------------------------------------------------------


def test_matching_proposes_the_best_fit_with_its_score_and_reasons_and_never_twice(incubator, open_call):
    call_id = open_call()["call_id"]
    kofi = admitted(incubator, call_id, "m-kofi")
    amal = admitted(incubator, call_id, "m-amal", {"languages": ["fa"], "region": "brussels"}, project=CRAFTS)
    mentor(incubator, "m-lea", LEA)
    mentor(incubator, "m-omar", OMAR)
    mentor(incubator, "m-sam", SAM)
    run = call(incubator, "run_mentor_matching", call_id)
    assert (run["total"], run["entrepreneurs"], run["places"]) == (2, 2, 4)
    proposals = {p["entrepreneur_id"]: p for p in run["items"]}
    assert (proposals["m-kofi"]["mentor_id"], proposals["m-kofi"]["score"], proposals["m-kofi"]["reasons"]) == (
        "m-lea", 29, ["2 needs met: legal, financing", "shared language: ar", "both in liege"],
    )  # fmt: skip
    assert (proposals["m-amal"]["mentor_id"], proposals["m-amal"]["score"], proposals["m-amal"]["reasons"]) == (
        "m-omar", 25, ["1 need met: marketing", "same sector: crafts", "shared language: fa", "both in brussels"],
    )  # fmt: skip
    assert proposals["m-kofi"]["project_id"] == kofi["project_id"] and proposals["m-amal"]["status"] == "proposed"
    assert proposals["m-amal"]["application_id"] == amal["application_id"]
    assert proposals["m-kofi"]["allowed_moves"] == ["accept", "reject"]

    again = call(incubator, "run_mentor_matching", call_id)
    assert (again["total"], again["entrepreneurs"], again["places"]) == (0, 0, 2)
    assert call(incubator, "get_mentor", "m-lea")["free"] == 0
    # a proposal is the coordinators' business until accepted
    with pytest.raises(NotFound):
        call(incubator, "get_mentorship", proposals["m-kofi"]["mentorship_id"], "m-kofi")
    assert call(incubator, "list_mentorships", member_id="m-lea")["total"] == 0
    assert call(incubator, "list_mentorships", status="proposed", cohort="2027")["total"] == 2
    with pytest.raises(NotFound):
        call(incubator, "run_mentor_matching", "no-such-call")


def test_two_runs_at_once_never_propose_twice(incubator, open_call, rabbit_config, db):
    call_id = open_call()["call_id"]
    for n in range(4):
        admitted(incubator, call_id, f"m-e{n}")
    mentor(incubator, "m-lea", LEA, capacity=2)
    mentor(incubator, "m-sam", SAM, capacity=3)

    def run(_):
        with ClusterRpcProxy(rabbit_config) as rpc:
            try:
                return rpc.incubator.run_mentor_matching(call_id)["total"]
            except Conflict:  # the other run holds the call's lease
                return 0

    import eventlet

    totals = list(eventlet.GreenPool(3).imap(run, range(3)))
    assert sum(totals) == 4
    live = list(db.mentorships.find({"live": True}))
    assert len(live) == 4 and len({m["project_id"] for m in live}) == 4
    assert {m["_id"]: m["free"] for m in db.mentors.find()} == {"m-lea": 0, "m-sam": 1}


def test_the_store_holds_one_live_mentorship_per_project_and_each_mentor_s_capacity(incubator, pair, db):
    mentorship_id = pair(capacity=2)["mentorship_id"]
    store = IncubatorStore(db, Outbox("incubator", None))
    twin = {**db.mentorships.find_one({"_id": mentorship_id}, {"_outbox": 0}), "_id": "twin", "status": "proposed"}
    assert store.propose_mentorship(twin) is False  # the project has its live mentorship
    assert db.mentors.find_one({"_id": "m-lea"})["free"] == 1  # the place taken for the twin came back
    assert store.propose_mentorship({**twin, "_id": "other", "project_id": "p-other"}) is True
    assert store.propose_mentorship({**twin, "_id": "third", "project_id": "p-third"}) is False  # no place left
    lea = db.mentors.find_one({"_id": "m-lea"})
    assert (lea["free"], sorted(lea["holds"])) == (0, sorted([mentorship_id, "other"]))
    # a crash between a mentorship's end and its place's return: the hourly check gives the place back, once
    db.mentorships.update_one({"_id": "other"}, {"$set": {"status": "rejected"}, "$unset": {"live": ""}})
    call(incubator, "run_mentorship_inactivity_check")
    call(incubator, "run_mentorship_inactivity_check")
    assert db.mentors.find_one({"_id": "m-lea"})["free"] == 1


# --- the coordinators' review ---------------------------------------------------------------------------


def test_a_coordinator_accepts_a_proposal_and_both_sides_are_told(incubator, open_call, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "MentorAssigned")
    call_id = open_call()["call_id"]
    kofi = admitted(incubator, call_id, "m-kofi")
    mentor(incubator, "m-lea", LEA)
    proposal = matched(incubator, call_id)["m-kofi"]
    with pytest.raises(NotFound):  # members do not review proposals
        move(incubator, proposal["mentorship_id"], "accept", by="m-lea")
    accepted = move(incubator, proposal["mentorship_id"], "accept")
    assert (accepted["status"], accepted["started_on"], accepted["allowed_moves"]) == ("active", days(0), ["end"])
    [assigned] = events_once(tap, "MentorAssigned")
    assert load_event(assigned).data == {
        "mentorship_id": proposal["mentorship_id"], "mentor_id": "m-lea", "entrepreneur_id": "m-kofi",
        "project_id": kofi["project_id"], "cohort": "2027", "score": 29,
    }  # fmt: skip
    for member_id in ("m-lea", "m-kofi"):
        [mine] = call(incubator, "list_mentorships", member_id=member_id)["items"]
        assert (mine["mentorship_id"], mine["mentor_id"], mine["entrepreneur_id"], mine["reasons"]) == (
            proposal["mentorship_id"], "m-lea", "m-kofi", proposal["reasons"],
        )  # fmt: skip
    with pytest.raises(Conflict) as caught:
        move(incubator, proposal["mentorship_id"], "accept")
    assert caught.value.message == "an active mentorship cannot accept; allowed: end"
    with pytest.raises(Conflict) as caught:
        move(incubator, proposal["mentorship_id"], "accept", by="m-kofi")
    assert caught.value.message == "an active mentorship cannot accept; allowed: end"
    tap.close()


def test_a_rejected_pair_is_not_proposed_again_and_the_place_is_freed(incubator, open_call):
    call_id = open_call()["call_id"]
    admitted(incubator, call_id, "m-kofi")
    mentor(incubator, "m-lea", LEA)
    proposal = matched(incubator, call_id)["m-kofi"]
    bad = [({"move": "reject"}, "reason"), ({"move": "reject", "reason": "no_time"}, "reason"),
           ({"move": "accept", "reason": "poor_fit"}, "reason"), ({"move": "fly"}, "move")]  # fmt: skip
    for payload, field in bad:
        with pytest.raises(Invalid) as caught:
            call(incubator, "move_mentorship", proposal["mentorship_id"], payload)
        assert field in caught.value.fields
    assert call(incubator, "get_mentorship", proposal["mentorship_id"])["status"] == "proposed"
    rejected = move(incubator, proposal["mentorship_id"], "reject", "poor_fit")
    assert (rejected["status"], rejected["rejection_reason"], rejected["allowed_moves"]) == ("rejected", "poor_fit", [])
    assert call(incubator, "get_mentor", "m-lea")["free"] == 1
    assert call(incubator, "run_mentor_matching", call_id)["total"] == 0  # Léa is barred for Kofi
    mentor(incubator, "m-sam", SAM)
    assert matched(incubator, call_id)["m-kofi"]["mentor_id"] == "m-sam"


def test_either_side_or_a_coordinator_ends_a_mentorship_and_the_place_is_freed(incubator, pair, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "MentorshipEnded")
    mentorship_id = pair()["mentorship_id"]
    register(incubator, "m-omar")
    with pytest.raises(NotFound):
        move(incubator, mentorship_id, "end", "no_time", by="m-omar")
    with pytest.raises(Invalid) as caught:
        move(incubator, mentorship_id, "end", "member_erased", by="m-kofi")
    assert "reason" in caught.value.fields
    assert call(incubator, "get_mentor", "m-lea")["free"] == 0
    ended = move(incubator, mentorship_id, "end", "no_time", by="m-kofi")
    assert (ended["status"], ended["end_reason"], ended["ended_by"], ended["ended_on"]) == (
        "ended", "no_time", "entrepreneur", days(0),
    )  # fmt: skip
    [event] = events_once(tap, "MentorshipEnded")
    assert load_event(event).data == {"mentorship_id": mentorship_id, "mentor_id": "m-lea", "entrepreneur_id": "m-kofi",
                                      "ended_by": "entrepreneur", "reason": "no_time"}  # fmt: skip
    assert call(incubator, "get_mentor", "m-lea")["free"] == 1
    assert call(incubator, "get_mentorship", mentorship_id, "m-lea")["status"] == "ended"  # still theirs to see
    with pytest.raises(Conflict) as caught:
        move(incubator, mentorship_id, "end", "completed", by="m-lea")
    assert caught.value.message == "an ended mentorship cannot end; allowed: none"
    tap.close()


def test_a_stopped_project_ends_its_mentorship_and_frees_the_mentor(incubator, pair, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "MentorshipEnded")
    mentorship = pair()
    call(incubator, "move_project", mentorship["project_id"], {"move": "stop", "reason": "no_financing"}, "m-kofi")
    ended = call(incubator, "get_mentorship", mentorship["mentorship_id"])
    assert (ended["status"], ended["end_reason"], ended["ended_by"]) == ("ended", "project_stopped", "entrepreneur")
    [event] = events_once(tap, "MentorshipEnded")
    assert load_event(event).data["reason"] == "project_stopped"
    assert call(incubator, "get_mentor", "m-lea")["free"] == 1
    tap.close()


def test_capacity_never_falls_below_the_mentorships_held_and_leaving_keeps_them_running(incubator, open_call):
    call_id = open_call()["call_id"]
    proposals = kofi_and_amal_proposed_to_lea(incubator, call_id, capacity=2)
    assert {p["mentor_id"] for p in proposals.values()} == {"m-lea"}
    with pytest.raises(Conflict) as caught:
        call(incubator, "put_mentor", "m-lea", {**LEA, "capacity": 1})
    assert caught.value.fields == {
        "capacity": ["capacity 1 is below the 2 mentorships you hold (proposed or active); end one first"]
    }
    assert call(incubator, "get_mentor", "m-lea")["capacity"] == 2
    kofi = move(incubator, proposals["m-kofi"]["mentorship_id"], "accept")
    call(incubator, "leave_mentor_pool", "m-lea")
    with pytest.raises(Conflict) as caught:  # no new mentee once out of the pool
        move(incubator, proposals["m-amal"]["mentorship_id"], "accept")
    assert caught.value.message == (
        "accept needs a mentor in the pool with no safeguarding report pending; allowed: reject"
    )
    move(incubator, proposals["m-amal"]["mentorship_id"], "reject", "availability")
    logged = call(incubator, "log_mentoring_session", kofi["mentorship_id"], session(), "m-lea")  # runs on
    assert logged["minutes"] == 90
    assert call(incubator, "put_mentor", "m-lea", {**LEA, "capacity": 1})["free"] == 0


# --- safeguarding -----------------------------------------------------------------------------------


def report(incubator, by: str | None, mentor_id: str = "m-lea", category: str = "paid_services") -> dict:
    text = "He offered me his paid accounting course for 400 euros."
    return call(incubator, "report_mentor", {"mentor_id": mentor_id, "category": category, "description": text}, by)


def test_a_report_suspends_the_mentor_until_every_report_is_handled(incubator, open_call, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "SafeguardingReported")
    call_id = open_call()["call_id"]
    proposals = kofi_and_amal_proposed_to_lea(incubator, call_id, capacity=3)
    move(incubator, proposals["m-kofi"]["mentorship_id"], "accept")

    reported = report(incubator, "m-kofi")
    assert set(reported) == {"report_id", "mentor_id", "category", "status", "created_at"}  # nothing private back
    [event] = events_once(tap, "SafeguardingReported")
    assert load_event(event).data == {"report_id": reported["report_id"], "mentor_id": "m-lea",
                                      "category": "paid_services"}  # fmt: skip
    by_staff = report(incubator, None, category="pressure")
    assert call(incubator, "get_mentor", "m-lea", True)["suspended"] is True

    with pytest.raises(Conflict) as caught:  # no new mentee while suspended
        move(incubator, proposals["m-amal"]["mentorship_id"], "accept")
    assert "no safeguarding report pending" in caught.value.message
    admitted(incubator, call_id, "m-sam")
    run = call(incubator, "run_mentor_matching", call_id)
    assert (run["total"], run["entrepreneurs"], run["places"]) == (0, 1, 0)

    pending = call(incubator, "list_safeguarding_reports")
    assert pending["total"] == 2
    mine = next(r for r in pending["items"] if r["report_id"] == reported["report_id"])
    assert (mine["reporter_id"], mine["description"]) == (
        "m-kofi",
        "He offered me his paid accounting course for 400 euros.",
    )
    handled = call(incubator, "handle_safeguarding_report", reported["report_id"],
                   {"outcome": "dismissed", "note": "A misunderstanding: the course is free."})  # fmt: skip
    assert (handled["status"], handled["outcome_note"]) == ("dismissed", "A misunderstanding: the course is free.")
    with pytest.raises(Conflict):  # the other report still waits
        move(incubator, proposals["m-amal"]["mentorship_id"], "accept")
    with pytest.raises(Conflict) as caught:
        call(incubator, "handle_safeguarding_report", reported["report_id"], {"outcome": "upheld", "note": "Again."})
    assert caught.value.message == "this report was already handled (dismissed)"
    call(incubator, "handle_safeguarding_report", by_staff["report_id"], {"outcome": "dismissed", "note": "Checked."})
    assert call(incubator, "get_mentor", "m-lea", True)["suspended"] is False
    assert move(incubator, proposals["m-amal"]["mentorship_id"], "accept")["status"] == "active"
    assert matched(incubator, call_id)["m-sam"]["mentor_id"] == "m-lea"
    assert call(incubator, "list_safeguarding_reports")["total"] == 0
    assert call(incubator, "list_safeguarding_reports", status="dismissed")["total"] == 2
    tap.close()


def test_only_someone_who_had_a_mentorship_with_the_mentor_or_a_coordinator_reports(incubator, pair, db):
    pair()
    register(incubator, "m-omar")
    for by, mentor_id in (("m-omar", "m-lea"), ("m-kofi", "m-ghost"), ("m-lea", "m-lea")):
        with pytest.raises(Invalid) as caught:
            report(incubator, by, mentor_id)
        assert "mentor_id" in caught.value.fields
    with pytest.raises(Invalid) as caught:
        call(incubator, "report_mentor", {"mentor_id": "m-lea", "category": "rude", "description": "short"}, "m-kofi")
    assert set(caught.value.fields) == {"category", "description"}
    assert db.safeguarding_reports.count_documents({}) == 0
    assert call(incubator, "get_mentor", "m-lea", True)["suspended"] is False


def test_an_upheld_report_ends_the_mentor_s_mentorships_and_removes_them_for_good(incubator, open_call, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "MentorshipEnded")
    call_id = open_call()["call_id"]
    proposals = kofi_and_amal_proposed_to_lea(incubator, call_id, capacity=2)
    move(incubator, proposals["m-kofi"]["mentorship_id"], "accept")
    filed = report(incubator, "m-kofi")
    call(incubator, "handle_safeguarding_report", filed["report_id"], {"outcome": "upheld", "note": "Confirmed."})
    kofi = call(incubator, "get_mentorship", proposals["m-kofi"]["mentorship_id"])
    amal = call(incubator, "get_mentorship", proposals["m-amal"]["mentorship_id"])
    assert (kofi["status"], kofi["end_reason"], kofi["ended_by"]) == ("ended", "other", "coordinator")
    assert (amal["status"], amal["rejection_reason"]) == ("rejected", "safeguarding")
    [ended] = events_once(tap, "MentorshipEnded")
    assert load_event(ended).data["reason"] == "other"
    lea = call(incubator, "get_mentor", "m-lea", True)
    assert (lea["in_pool"], lea["removed"], lea["suspended"], lea["free"]) == (False, True, False, 2)
    with pytest.raises(Conflict) as caught:
        call(incubator, "put_mentor", "m-lea", LEA)
    assert caught.value.message == "this member was removed from the mentor pool"
    assert call(incubator, "run_mentor_matching", call_id)["total"] == 0
    tap.close()


# --- sessions and evaluations ----------------------------------------------------------------------------


def test_either_side_logs_sessions_and_only_the_pair_and_coordinators_read_them(incubator, pair, db, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "MentoringSessionLogged")
    mentorship = pair()
    mentorship_id = mentorship["mentorship_id"]
    first = call(incubator, "log_mentoring_session", mentorship_id, session(), "m-kofi")
    bare = session(kind="expert", minutes=45, notes=None, topics=[], next_steps=None)
    second = call(incubator, "log_mentoring_session", mentorship_id, bare, "m-lea")
    assert (first["logged_by"], first["notes"], first["minutes"], first["kind"]) == ("m-kofi", NOTES, 90, "mentoring")
    for reader in ("m-kofi", "m-lea", None):
        sessions = call(incubator, "list_mentoring_sessions", mentorship_id, reader)
        assert [s["session_id"] for s in sessions["items"]] == [first["session_id"], second["session_id"]]
        assert sessions["items"][0]["notes"] == NOTES
    register(incubator, "m-omar")
    with pytest.raises(NotFound):
        call(incubator, "list_mentoring_sessions", mentorship_id, "m-omar")
    with pytest.raises(NotFound):
        call(incubator, "log_mentoring_session", mentorship_id, session(), "m-omar")
    view = call(incubator, "get_mentorship", mentorship_id, "m-kofi")
    assert (view["sessions"], view["minutes"]) == (2, 135)
    stored = db.mentoring_sessions.find_one({"_id": first["session_id"]})
    assert (stored["mentorship_id"], stored["project_id"], stored["cohort"], stored["held_on"], stored["minutes"],
            stored["kind"]) == (mentorship_id, mentorship["project_id"], "2027", days(0), 90, "mentoring")  # fmt: skip
    logged = [load_event(e).data for e in events_once(tap, "MentoringSessionLogged", 2)]
    assert sorted(e["minutes"] for e in logged) == [45, 90]
    assert all(set(e) == {"mentorship_id", "kind", "held_on", "minutes"} for e in logged)
    tap.close()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 481}, "minutes"),
        ({"minutes": 6000}, "minutes"),
        ({"minutes": "90"}, "minutes"),
        ({"held_on": days(1)}, "held_on"),
        ({"held_on": days(-1)}, "held_on"),  # before the mentorship began (today)
        ({"held_on": "yesterday"}, "held_on"),
        ({"kind": "coffee"}, "kind"),
        ({"topics": ["Bad Tag!"]}, "topics"),
        ({"notes": "   "}, "notes"),
        ({"mood": "good"}, "mood"),
    ],
)
def test_a_bad_session_names_the_field_and_logs_nothing(incubator, pair, db, changes, field):
    mentorship_id = pair()["mentorship_id"]
    with pytest.raises(Invalid) as caught:
        call(incubator, "log_mentoring_session", mentorship_id, session(**changes), "m-kofi")
    assert field in caught.value.fields
    assert db.mentoring_sessions.count_documents({}) == 0


def test_sessions_are_logged_in_an_active_mentorship_only(incubator, pair, db):
    mentorship_id = pair()["mentorship_id"]
    move(incubator, mentorship_id, "end", "completed", by="m-lea")
    with pytest.raises(Conflict) as caught:
        call(incubator, "log_mentoring_session", mentorship_id, session(), "m-kofi")
    assert caught.value.fields == {"mentorship_id": ["sessions are logged in an active mentorship; this one is ended"]}
    assert db.mentoring_sessions.count_documents({}) == 0


def test_each_side_rates_a_session_once(incubator, pair, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "SessionEvaluated")
    mentorship_id = pair()["mentorship_id"]
    session_id = call(incubator, "log_mentoring_session", mentorship_id, session(), "m-kofi")["session_id"]
    rated = call(incubator, "evaluate_mentoring_session", session_id, {"rating": 5, "tags": ["clear_next_steps"]},
                 "m-kofi")  # fmt: skip
    assert rated == {"session_id": session_id, "mentorship_id": mentorship_id, "evaluator_id": "m-kofi", "rating": 5,
                     "tags": ["clear_next_steps"]}  # fmt: skip
    [event] = events_once(tap, "SessionEvaluated")
    assert load_event(event).data == {"programme": "mentoring", "subject_id": mentorship_id, "session_id": session_id,
                                      "evaluator_id": "m-kofi", "rating": 5, "tags": ["clear_next_steps"]}  # fmt: skip
    with pytest.raises(Conflict) as caught:
        call(incubator, "evaluate_mentoring_session", session_id, {"rating": 3}, "m-kofi")
    assert caught.value.fields == {"session_id": ["you already evaluated this session"]}
    assert call(incubator, "evaluate_mentoring_session", session_id, {"rating": 4}, "m-lea")["rating"] == 4
    register(incubator, "m-omar")
    with pytest.raises(NotFound):
        call(incubator, "evaluate_mentoring_session", session_id, {"rating": 4}, "m-omar")
    with pytest.raises(NotFound):
        call(incubator, "evaluate_mentoring_session", "no-such-session", {"rating": 4}, "m-lea")
    for bad in ({"rating": 6}, {"rating": "5"}, {"tags": ["ok"]}):
        with pytest.raises(Invalid) as caught:
            call(incubator, "evaluate_mentoring_session", session_id, bad, "m-lea")
        assert "rating" in caught.value.fields
    tap.close()


# --- inactivity -------------------------------------------------------------------------------------


def test_a_silent_mentorship_is_nudged_once_per_period_and_flagged_until_a_session(incubator, pair, db,
                                                                                     rabbit_config):  # fmt: skip
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "MentorshipInactive")
    mentorship_id = pair()["mentorship_id"]
    assert call(incubator, "run_mentorship_inactivity_check") == 0
    db.mentorships.update_one(
        {"_id": mentorship_id}, {"$set": {"started_on": days(-22), "last_activity_on": days(-22)}}
    )

    def check_at_once(times: int) -> int:
        def one(_):
            with ClusterRpcProxy(rabbit_config) as rpc:
                return rpc.incubator.run_mentorship_inactivity_check()

        import eventlet

        return sum(eventlet.GreenPool(times).imap(one, range(times)))

    assert check_at_once(3) == 1
    assert call(incubator, "run_mentorship_inactivity_check") == 0  # once per period
    [nudge] = events_once(tap, "MentorshipInactive")
    assert load_event(nudge).data == {"mentorship_id": mentorship_id, "mentor_id": "m-lea",
                                      "entrepreneur_id": "m-kofi", "weeks_without_session": 3}  # fmt: skip
    [flagged] = call(incubator, "flagged_mentorships")["items"]
    assert (flagged["mentorship_id"], flagged["inactive_weeks"]) == (mentorship_id, 3)

    db.mentorships.update_one(
        {"_id": mentorship_id}, {"$set": {"started_on": days(-43), "last_activity_on": days(-43)}}
    )
    assert call(incubator, "run_mentorship_inactivity_check") == 1  # the next period
    call(incubator, "log_mentoring_session", mentorship_id, session(held_on=days(-2)), "m-lea")
    assert call(incubator, "flagged_mentorships")["total"] == 0
    assert call(incubator, "run_mentorship_inactivity_check") == 0
    assert len(events_once(tap, "MentorshipInactive", 2)) == 2
    tap.close()


# --- the project's mentors, erasure and export ---------------------------------------------------------


def test_the_project_s_mentors_are_those_of_its_active_mentorships(incubator, pair, db):
    mentorship = pair()
    service = IncubatorService()
    service.store = IncubatorStore(db, Outbox("incubator", None))
    assert service._mentors_now(mentorship["project_id"]) == {"m-lea"}
    assert service._mentors_now("another-project") == set()
    move(incubator, mentorship["mentorship_id"], "end", "completed", by="m-kofi")
    assert service._mentors_now(mentorship["project_id"]) == set()


def test_export_then_erasure_of_a_mentor_ends_their_mentorships_and_keeps_counts_only(incubator, pair, db,
                                                                                       rabbit_config):  # fmt: skip
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "MentorshipEnded")
    mentorship_id = pair()["mentorship_id"]
    session_id = call(incubator, "log_mentoring_session", mentorship_id, session(), "m-kofi")["session_id"]
    call(incubator, "evaluate_mentoring_session", session_id, {"rating": 4}, "m-lea")
    filed = report(incubator, "m-kofi")

    kofi = call(incubator, "export_member", "m-kofi")["mentoring"]
    assert [m["mentorship_id"] for m in kofi["mentorships"]] == [mentorship_id]
    assert kofi["sessions"][0]["notes"] == NOTES and kofi["sessions"][0]["my_evaluations"] == []
    assert kofi["reports_made"][0]["description"].startswith("He offered me")
    lea = call(incubator, "export_member", "m-lea")["mentoring"]
    assert lea["mentor"]["capacity"] == 1 and "reports_pending" not in lea["mentor"]
    assert lea["sessions"][0]["my_evaluations"][0]["rating"] == 4
    assert lea["reports_about_me"] == []  # not while it is pending
    call(incubator, "handle_safeguarding_report", filed["report_id"], {"outcome": "dismissed", "note": "Checked."})
    [about] = call(incubator, "export_member", "m-lea")["mentoring"]["reports_about_me"]
    assert set(about) == {"category", "status", "created_at", "handled_at"} and about["status"] == "dismissed"

    erase(incubator, "m-lea", deliveries=2)
    [ended] = events_once(tap, "MentorshipEnded")
    assert load_event(ended).data == {
        "mentorship_id": mentorship_id, "mentor_id": "erased", "entrepreneur_id": "m-kofi", "ended_by": "mentor",
        "reason": "member_erased",
    }  # fmt: skip
    seen = call(incubator, "get_mentorship", mentorship_id, "m-kofi")
    assert (seen["status"], seen["mentor_id"], seen["end_reason"]) == ("ended", "erased", "member_erased")
    stored = db.mentoring_sessions.find_one({"_id": session_id})
    assert (stored["notes"], stored["next_steps"], stored["topics"], stored["evaluations"]) == (None, None, [], [])
    assert (stored["minutes"], stored["kind"], stored["held_on"], stored["cohort"]) == (
        90,
        "mentoring",
        days(0),
        "2027",
    )
    kept = db.safeguarding_reports.find_one({"_id": filed["report_id"]})
    assert (kept["mentor_id"], kept["description"], kept["outcome_note"]) == ("erased", None, None)
    assert db.mentors.count_documents({}) == 0
    assert call(incubator, "export_member", "m-lea")["mentoring"] == {
        "mentor": None,
        "mentorships": [],
        "sessions": [],
        "reports_made": [],
        "reports_about_me": [],
    }
    assert db.mentorships.count_documents({"$or": [{"mentor_id": "m-lea"}, {"entrepreneur_id": "m-lea"}]}) == 0
    tap.close()


def test_erasing_an_entrepreneur_closes_their_proposal_and_frees_the_mentor_s_place(incubator, open_call, db):
    call_id = open_call()["call_id"]
    admitted(incubator, call_id, "m-kofi")
    mentor(incubator, "m-lea", LEA)
    proposal = matched(incubator, call_id)["m-kofi"]
    filed = report(incubator, None)  # a coordinator's report: the reporter is no member
    erase(incubator, "m-kofi")
    closed = call(incubator, "get_mentorship", proposal["mentorship_id"])
    assert (closed["status"], closed["entrepreneur_id"], closed["rejection_reason"]) == (
        "rejected", "erased", "availability",
    )  # fmt: skip
    assert call(incubator, "get_mentor", "m-lea")["free"] == 1
    assert db.safeguarding_reports.find_one({"_id": filed["report_id"]})["description"] is not None
    assert call(incubator, "export_member", "m-kofi")["mentoring"]["mentorships"] == []
