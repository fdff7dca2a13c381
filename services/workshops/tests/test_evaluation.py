"""After a date (step F), on the real broker and store: attendance and no-shows, the leader's report,
participants' evaluations, reminders, retention, and the programme's figures."""

from datetime import UTC, datetime, timedelta

import eventlet
import pytest

from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.testing import EventTap, call, events_once, register

from .test_registrations import STAFF, published

LEADER = "m-leader"


@pytest.fixture
def date_with_people(workshops, db):
    """A published online date with 2 newcomers and 1 local confirmed, and a waiting newcomer."""
    register(workshops, LEADER, kind="newcomer")
    people = {"m-yasmin": "newcomer", "m-rania": "newcomer", "m-luc": "local", "m-samir": "newcomer"}
    for member_id, kind in people.items():
        register(workshops, member_id, kind=kind)
    date_id = published(workshops, capacity=4)
    for member_id in people:
        call(workshops, "register", date_id, {"member_id": member_id})
    return date_id


def to_the_past(db, date_id, hours=2):
    """The date took place `hours` ago (registration needs a date to come; attendance a past one)."""
    start = datetime.now(UTC) - timedelta(hours=hours)
    times = {"starts_at": start.isoformat(), "ends_at": (start + timedelta(minutes=90)).isoformat()}
    db.dates.update_one({"_id": date_id}, {"$set": times})
    db.registrations.update_many({"date_id": date_id}, {"$set": {"starts_at": times["starts_at"]}})


def test_attendance_is_marked_after_the_start_by_the_leader_and_names_what_is_wrong(workshops, db, date_with_people):
    date_id = date_with_people
    marks = {"attended": ["m-yasmin", "m-luc"], "no_show": ["m-rania"]}
    with pytest.raises(Invalid) as refused:
        call(workshops, "mark_attendance", date_id, marks, LEADER)
    assert refused.value.fields == {"date_id": ["attendance is marked once the date has started"]}
    to_the_past(db, date_id)
    with pytest.raises(NotFound):  # not the leader
        call(workshops, "mark_attendance", date_id, marks, "m-luc")
    with pytest.raises(Invalid) as refused:
        call(workshops, "mark_attendance", date_id, {"attended": ["m-yasmin", "m-samir", "m-nobody"]}, LEADER)
    assert refused.value.fields == {"attended": ["not confirmed on this date: m-samir, m-nobody"]}
    with pytest.raises(Invalid) as refused:
        call(workshops, "mark_attendance", date_id, {"attended": ["m-yasmin"], "no_show": ["m-yasmin"]}, LEADER)
    assert "no_show" in refused.value.fields
    assert {r["status"] for r in call(workshops, "participants", date_id, None, True)["items"]} == {
        "confirmed", "waitlisted"}, "a refused list changes nothing"  # fmt: skip

    marked = call(workshops, "mark_attendance", date_id, marks, LEADER)["items"]
    assert {r["member_id"]: r["status"] for r in marked} == {
        "m-yasmin": "attended", "m-luc": "attended", "m-rania": "no_show", "m-samir": "waitlisted"}  # fmt: skip
    [no_show] = call(workshops, "no_shows", "m-rania")["items"]
    forgotten = datetime.fromisoformat(no_show["expires_at"]) - datetime.now(UTC)
    assert timedelta(days=181) < forgotten <= timedelta(days=182)
    assert call(workshops, "no_shows", "m-yasmin")["total"] == 0


def test_the_leader_s_report_counts_attendance_by_kind_once(workshops, db, date_with_people, rabbit_config):
    date_id = date_with_people
    to_the_past(db, date_id)
    call(workshops, "mark_attendance", date_id, {"attended": ["m-yasmin", "m-luc"], "no_show": ["m-rania"]}, None)
    tap = EventTap(rabbit_config["AMQP_URI"], "workshops", "WorkshopSessionHeld")
    held = call(workshops, "report_date", date_id, {"notes": "Lively; Luc brought his neighbour."}, LEADER)
    assert held["status"] == "held"
    [event] = events_once(tap, "WorkshopSessionHeld")
    assert {k: event["data"][k] for k in ("attended_newcomers", "attended_locals", "no_shows")} == {
        "attended_newcomers": 1, "attended_locals": 1, "no_shows": 1}  # fmt: skip
    with pytest.raises(Conflict):
        call(workshops, "report_date", date_id, {}, LEADER)


def test_only_those_who_attended_evaluate_once(workshops, db, date_with_people, rabbit_config):
    date_id = date_with_people
    to_the_past(db, date_id)
    call(workshops, "mark_attendance", date_id, {"attended": ["m-yasmin", "m-luc"], "no_show": ["m-rania"]}, None)
    tap = EventTap(rabbit_config["AMQP_URI"], "workshops", "SessionEvaluated")
    rating = {"evaluator_id": "m-yasmin", "rating": 5, "tags": ["met_someone_new", "practised_french"]}
    evaluation = call(workshops, "evaluate", date_id, rating)
    assert evaluation["rating"] == 5
    [event] = events_once(tap, "SessionEvaluated")
    assert (event["data"]["programme"], event["data"]["session_id"]) == ("workshop", date_id)
    with pytest.raises(Conflict):
        call(workshops, "evaluate", date_id, rating)
    for who in ("m-rania", "m-samir", "m-nobody"):  # a no-show, a waitlisted, a stranger
        with pytest.raises(Invalid) as refused:
            call(workshops, "evaluate", date_id, {**rating, "evaluator_id": who})
        assert refused.value.fields == {"evaluator_id": ["only a participant who attended the date can evaluate it"]}
    with pytest.raises(Invalid) as refused:
        call(workshops, "evaluate", date_id, {**rating, "evaluator_id": "m-luc", "tags": ["free text"]})
    assert "tags" in refused.value.fields
    call(workshops, "evaluate", date_id, {"evaluator_id": "m-luc", "rating": 4, "tags": ["would_come_again"]})
    workshop_id = call(workshops, "date_view", date_id)["workshop_id"]
    summary = call(workshops, "evaluation_summary", workshop_id)
    assert (summary["count"], summary["average_rating"], summary["tags"]["met_someone_new"]) == (2, 4.5, 1)


def test_the_figures_show_what_happened(workshops, db, date_with_people):
    date_id = date_with_people
    to_the_past(db, date_id)
    call(workshops, "mark_attendance", date_id, {"attended": ["m-yasmin", "m-luc"], "no_show": ["m-rania"]}, None)
    call(workshops, "report_date", date_id, {}, None)
    call(workshops, "evaluate", date_id, {"evaluator_id": "m-luc", "rating": 4, "tags": ["met_someone_new"]})
    proposed_on = datetime.fromisoformat(db.dates.find_one({"_id": date_id})["starts_at"]) - timedelta(days=10)
    db.workshops.update_many({}, {"$set": {"created_at": proposed_on.isoformat()}})
    figures = call(workshops, "stats")
    assert figures["workshops_by_status"] == {"published": 1}
    assert figures["dates_held"] == 1 and sum(figures["dates_held_by_month"].values()) == 1
    assert (figures["unique_participants"], figures["returning_participants"]) == (2, 0)
    assert (figures["newcomer_share_mean"], figures["share_of_dates_within_40_60"]) == (0.5, 1.0)
    assert (figures["attendance_rate"], figures["no_show_rate"]) == (0.667, 0.333)
    assert (figures["average_rating"], figures["evaluation_tags"]) == (4.0, {"met_someone_new": 1})
    assert figures["share_of_leaders_newcomers"] is None  # nobody led a running workshop yet
    assert figures["median_days_proposal_to_first_date"] == 10.0
    workshop_id = call(workshops, "date_view", date_id)["workshop_id"]
    call(workshops, "accept_charter", workshop_id, {"accepted": True, "shown_name": "Nour"}, LEADER)
    call(workshops, "move", workshop_id, {"move": "start"}, STAFF)
    assert call(workshops, "stats")["share_of_leaders_newcomers"] == 1.0  # a newcomer leads it


def test_a_date_tomorrow_reminds_its_confirmed_participants_once(workshops, date_with_people, db, rabbit_config):
    date_id = date_with_people
    soon = datetime.now(UTC) + timedelta(hours=20)
    db.dates.update_one({"_id": date_id}, {"$set": {"starts_at": soon.isoformat()}})
    tap = EventTap(rabbit_config["AMQP_URI"], "workshops", "WorkshopDateReminder")
    assert call(workshops, "run_daily_and_hourly")["reminded"] == 1
    assert call(workshops, "run_daily_and_hourly")["reminded"] == 0
    [event] = events_once(tap, "WorkshopDateReminder")
    assert sorted(event["data"]["member_ids"]) == ["m-luc", "m-rania", "m-yasmin"]
    assert event["data"]["online"] is True and event["data"]["venue_address"] is None


def test_registrations_and_no_shows_are_forgotten_and_the_counts_stay(workshops, db, date_with_people, monkeypatch):
    date_id = date_with_people
    monkeypatch.setenv("WORKSHOP_NO_SHOW_DAYS", "0.00001")  # under a second
    to_the_past(db, date_id, hours=30)
    call(workshops, "mark_attendance", date_id, {"attended": ["m-yasmin", "m-luc"], "no_show": ["m-rania"]}, None)
    call(workshops, "report_date", date_id, {}, None)
    call(workshops, "evaluate", date_id, {"evaluator_id": "m-luc", "rating": 4, "tags": []})
    eventlet.sleep(1.2)
    assert call(workshops, "run_daily_and_hourly")["forgotten"] == {"registrations": 0, "no_shows": 1, "evaluations": 0}
    assert call(workshops, "no_shows", "m-rania")["total"] == 0
    monkeypatch.setenv("WORKSHOP_RETENTION_DAYS", "1")  # the date was 30 hours ago
    forgotten = call(workshops, "run_daily_and_hourly")["forgotten"]
    assert forgotten == {"registrations": 3, "no_shows": 0, "evaluations": 1}
    assert db.registrations.count_documents({"date_id": date_id}) == 0
    assert db.evaluations.find_one({"date_id": date_id})["evaluator_id"] is None
    date = call(workshops, "date_view", date_id)
    assert date["status"] == "held"
    assert call(workshops, "stats")["dates_held"] == 1
