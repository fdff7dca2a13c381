"""Follow-up: the pure rules (when a follow-up is due, what an answer may say), then on the real broker
and store: each entrepreneur of a cohort asked once at 6 and 12 months after it ends, whatever the
reruns and instances, their answer given once, their erasure."""

from datetime import UTC, date, datetime, timedelta

import eventlet
import pytest
from dateutil.relativedelta import relativedelta
from nameko.standalone.rpc import ClusterRpcProxy

from incubator import follow_up as rules
from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.testing import EventTap, call, erase, events_once
from interra_contracts import load_event
from interra_contracts.events import FollowUpAnsweredV1, FollowUpRequestedV1

from .conftest import admitted

NOW = datetime(2028, 6, 15, 9, 30, tzinfo=UTC)
ANSWER = {"still_active": True, "revenue_band": "10k_50k", "jobs_created": 2, "still_needs": ["financing"]}


# --- helpers shared with test_figures and test_cohort_2022 --------------------------------------------


def due(ends_on: str, months: int, days: int = 0) -> str:
    """The ISO day `days` after the cohort's `months` follow-up is due."""
    return (rules.due_on(date.fromisoformat(ends_on), months) + timedelta(days=days)).isoformat()


def ask(incubator, day: str) -> int:
    return call(incubator, "request_follow_ups", day)["asked"]


def follow_ups_of(incubator, member_id: str) -> list[dict]:
    return call(incubator, "list_follow_ups", member_id)["items"]


# --- pure: when ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ends_on", "months", "due_on"),
    [
        ("2027-12-15", 6, "2028-06-15"),
        ("2027-12-15", 12, "2028-12-15"),
        ("2027-08-31", 6, "2028-02-29"),  # a leap year's last day of February
        ("2026-08-31", 6, "2027-02-28"),
        ("2027-01-31", 12, "2028-01-31"),
    ],
)
def test_a_follow_up_is_due_calendar_months_after_the_cohort_ends(ends_on, months, due_on):
    assert rules.due_on(date.fromisoformat(ends_on), months).isoformat() == due_on


@pytest.mark.parametrize(
    ("today", "months"),
    [
        ("2028-06-14", []),
        ("2028-06-15", [6]),
        ("2028-09-13", [6]),  # 90 days after it was due: still asked
        ("2028-09-14", []),  # 91: too late to mean much
        ("2028-12-15", [12]),
        ("2029-03-15", [12]),
        ("2029-03-16", []),
    ],
)
def test_a_follow_up_is_asked_from_its_due_date_for_ninety_days(today, months):
    assert rules.due_months(date(2027, 12, 15), date.fromisoformat(today)) == months


def test_the_store_looks_at_every_cohort_that_may_have_a_follow_up_due():
    """Month arithmetic is not reversible at month ends: the window the store queries is wide enough."""
    todays = [date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1), date(2027, 8, 31), date(2028, 5, 31),
              date(2028, 12, 31), date(2029, 3, 31)]  # fmt: skip
    ends = [date(2026, 1, 1) + timedelta(days=n) for n in range(1200)]
    for today in todays:
        first, last = rules.ends_to_look_at(today)
        for ends_on in ends:
            if rules.due_months(ends_on, today):
                assert first <= ends_on <= last, (today, ends_on)


def test_an_erased_entrepreneur_is_not_asked():
    assert rules.to_ask({"_id": "p-1", "member_id": "m-1"}) is True
    assert rules.to_ask({"_id": "p-1", "member_id": None}) is False


# --- pure: what -------------------------------------------------------------------------------------


def test_a_follow_up_and_its_events_are_facts_that_the_event_catalogue_accepts():
    project = {"_id": "p-1", "application_id": "a-1", "member_id": "m-1", "cohort": "2027"}
    call_ = {"_id": "c-1", "cohort": "2027", "ends_on": "2027-12-15"}
    follow_up = rules.new_follow_up(project, call_, 6, "f-1", NOW)
    assert follow_up == {
        "_id": "f-1", "project_id": "p-1", "application_id": "a-1", "call_id": "c-1", "cohort": "2027",
        "member_id": "m-1", "months": 6, "due_on": "2028-06-15", "asked_at": "2028-06-15T09:30:00.000000+00:00",
        "status": "pending", "answer": None, "answered_at": None,
    }  # fmt: skip
    requested = rules.requested_event(follow_up)
    assert FollowUpRequestedV1().load(requested) == requested
    assert requested == {"follow_up_id": "f-1", "member_id": "m-1", "project_id": "p-1", "cohort": "2027", "months": 6}
    after = {**follow_up, **rules.answered(ANSWER, NOW)}
    assert after["status"] == "answered" and after["answer"] == ANSWER
    answered = rules.answered_event(after)
    assert FollowUpAnsweredV1().load(answered) == answered
    assert answered == {"follow_up_id": "f-1", "project_id": "p-1", "cohort": "2027", "months": 6, "still_active": True,
                        "revenue_band": "10k_50k", "jobs_created": 2, "needs": ["financing"]}  # fmt: skip
    assert "member_id" not in answered


def test_an_answer_names_each_need_once_and_is_given_once():
    assert rules.answer_errors(ANSWER) == {}
    assert rules.answer_errors({**ANSWER, "still_needs": ["legal", "sales", "legal"]}) == {
        "still_needs": ["'legal' is named twice"]
    }
    assert rules.answer_refusal({"status": "pending"}) is None
    refusal = rules.answer_refusal({"status": "answered", "answered_at": "2028-06-20T10:00:00+00:00"})
    assert refusal == "this follow-up was answered on 2028-06-20; an answer is given once"


# --- on the broker: asking ----------------------------------------------------------------------------


@pytest.fixture
def cohort(incubator, open_call, applicant):
    """A call whose cohort ends in 200 days, with two admitted entrepreneurs (m-amal, m-kofi) and one
    applicant still in review (m-lina: not an entrepreneur of the cohort)."""
    opened = open_call()
    entrepreneurs = [admitted(incubator, opened["call_id"], member) for member in ("m-amal", "m-kofi")]
    applicant(opened["call_id"], "m-lina")
    return {"call": opened, "admitted": entrepreneurs}


def test_six_and_twelve_months_after_the_cohort_ends_each_entrepreneur_is_asked_once(incubator, cohort, db,
                                                                                      rabbit_config):  # fmt: skip
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "FollowUpRequested")
    ends_on = cohort["call"]["ends_on"]
    assert ask(incubator, due(ends_on, 6, -1)) == 0
    assert ask(incubator, due(ends_on, 6)) == 2
    assert ask(incubator, due(ends_on, 6)) == 0  # a rerun asks no one again
    assert ask(incubator, due(ends_on, 6, 30)) == 0
    published = [load_event(e).data for e in events_once(tap, "FollowUpRequested", 2)]
    [amal] = follow_ups_of(incubator, "m-amal")
    assert (amal["months"], amal["cohort"], amal["status"], amal["answer"]) == (6, "2027", "pending", None)
    assert amal["due_on"] == due(ends_on, 6) and amal["project_id"] == cohort["admitted"][0]["project_id"]
    assert sorted(published, key=lambda e: e["member_id"]) == [
        {"follow_up_id": amal["follow_up_id"], "member_id": "m-amal", "project_id": amal["project_id"],
         "cohort": "2027", "months": 6},
        {"follow_up_id": follow_ups_of(incubator, "m-kofi")[0]["follow_up_id"], "member_id": "m-kofi",
         "project_id": cohort["admitted"][1]["project_id"], "cohort": "2027", "months": 6},
    ]  # fmt: skip
    assert follow_ups_of(incubator, "m-lina") == []

    assert ask(incubator, due(ends_on, 12)) == 2
    assert [f["months"] for f in follow_ups_of(incubator, "m-amal")] == [12, 6]  # the latest due first
    assert ask(incubator, due(ends_on, 12, 91)) == 0
    assert db.follow_ups.count_documents({}) == 4
    assert len(events_once(tap, "FollowUpRequested", 4)) == 4
    tap.close()


def test_two_instances_asking_at_once_ask_each_entrepreneur_once(incubator, cohort, db, rabbit_config):
    day = due(cohort["call"]["ends_on"], 6)

    def one(_):
        with ClusterRpcProxy(rabbit_config) as rpc:
            return rpc.incubator.request_follow_ups(day)["asked"]

    assert sum(eventlet.GreenPool(4).imap(one, range(4))) == 2
    assert db.follow_ups.count_documents({}) == 2
    assert {f["project_id"] for f in db.follow_ups.find()} == {a["project_id"] for a in cohort["admitted"]}


def test_the_hourly_timer_asks_the_follow_ups_due_today(incubator, open_call, applicant, db):
    """A cohort that ended 6 months ago today: the timer's method (called here, not waited for) asks."""
    today = datetime.now(UTC).date()
    ended = (today - relativedelta(months=6)).isoformat()
    opened = open_call(opens_on="2020-01-06", closes_on="2020-02-28", starts_on="2020-03-02", ends_on=ended)
    db.projects.insert_one({"_id": "p-old", "application_id": "a-old", "call_id": opened["call_id"],
                            "cohort": "2027", "member_id": "m-old", "status": "launched"})  # fmt: skip
    assert call(incubator, "ask_follow_ups") == 1
    assert call(incubator, "ask_follow_ups") == 0
    [asked] = follow_ups_of(incubator, "m-old")
    assert (asked["months"], asked["project_id"]) == (6, "p-old")


@pytest.mark.parametrize("today", ["15/06/2028", "2028-13-01", 20280615, ["2028-06-15"]])
def test_a_bad_day_to_ask_on_names_the_field(incubator, cohort, db, today):
    with pytest.raises(Invalid) as caught:
        call(incubator, "request_follow_ups", today)
    assert "today" in caught.value.fields
    assert db.follow_ups.count_documents({}) == 0


# --- on the broker: answering --------------------------------------------------------------------------


def test_the_entrepreneur_answers_once_with_facts(incubator, cohort, db, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "FollowUpAnswered")
    ask(incubator, due(cohort["call"]["ends_on"], 6))
    [pending] = follow_ups_of(incubator, "m-amal")
    follow_up_id = pending["follow_up_id"]
    answer = {**ANSWER, "still_needs": ["financing", "sales"]}
    answered = call(incubator, "answer_follow_up", follow_up_id, answer, "m-amal")
    assert answered["status"] == "answered" and answered["answer"] == answer and answered["answered_at"]
    assert follow_ups_of(incubator, "m-amal") == [answered]
    [published] = events_once(tap, "FollowUpAnswered")
    assert load_event(published).data == {
        "follow_up_id": follow_up_id, "project_id": pending["project_id"], "cohort": "2027", "months": 6,
        "still_active": True, "revenue_band": "10k_50k", "jobs_created": 2, "needs": ["financing", "sales"],
    }  # fmt: skip

    with pytest.raises(Conflict) as caught:  # once: a second answer changes nothing
        call(incubator, "answer_follow_up", follow_up_id, {**ANSWER, "still_active": False}, "m-amal")
    assert "an answer is given once" in caught.value.fields["follow_up_id"][0]
    assert follow_ups_of(incubator, "m-amal") == [answered]
    eventlet.sleep(0.3)
    assert len(events_once(tap, "FollowUpAnswered")) == 1
    tap.close()


def test_only_the_entrepreneur_asked_may_answer(incubator, cohort, db):
    ask(incubator, due(cohort["call"]["ends_on"], 6))
    [amal] = follow_ups_of(incubator, "m-amal")
    for stranger in ("m-kofi", "m-lina"):
        with pytest.raises(NotFound) as caught:
            call(incubator, "answer_follow_up", amal["follow_up_id"], ANSWER, stranger)
        assert caught.value.message == f"no follow-up {amal['follow_up_id']!r}"
    with pytest.raises(NotFound):
        call(incubator, "answer_follow_up", "no-such-follow-up", ANSWER, "m-amal")
    with pytest.raises(Invalid) as caught:
        call(incubator, "answer_follow_up", amal["follow_up_id"], ANSWER, None)
    assert "member_id" in caught.value.fields
    assert db.follow_ups.count_documents({"status": "answered"}) == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"still_active": "yes"}, "still_active"),
        ({"still_active": None}, "still_active"),
        ({"revenue_band": "lots"}, "revenue_band"),
        ({"jobs_created": -1}, "jobs_created"),
        ({"jobs_created": 1001}, "jobs_created"),
        ({"jobs_created": "3"}, "jobs_created"),
        ({"jobs_created": 2.5}, "jobs_created"),
        ({"still_needs": ["magic"]}, "still_needs"),
        ({"still_needs": "legal"}, "still_needs"),
        ({"still_needs": ["legal", "legal"]}, "still_needs"),
        ({"how_is_it_going": "Very well, thank you"}, "how_is_it_going"),  # facts, not free text
    ],
)
def test_a_bad_answer_names_the_field_and_changes_nothing(incubator, cohort, db, changes, field):
    ask(incubator, due(cohort["call"]["ends_on"], 6))
    [amal] = follow_ups_of(incubator, "m-amal")
    with pytest.raises(Invalid) as caught:
        call(incubator, "answer_follow_up", amal["follow_up_id"], {**ANSWER, **changes}, "m-amal")
    assert field in caught.value.fields
    assert follow_ups_of(incubator, "m-amal") == [amal]


@pytest.mark.parametrize("missing", ["still_active", "revenue_band", "jobs_created"])
def test_an_answer_says_each_fact(incubator, cohort, missing):
    ask(incubator, due(cohort["call"]["ends_on"], 6))
    [amal] = follow_ups_of(incubator, "m-amal")
    answer = {k: v for k, v in ANSWER.items() if k != missing}
    with pytest.raises(Invalid) as caught:
        call(incubator, "answer_follow_up", amal["follow_up_id"], answer, "m-amal")
    assert caught.value.fields == {missing: ["Missing data for required field."]}


def test_a_member_lists_only_their_follow_ups(incubator, cohort):
    with pytest.raises(Invalid) as caught:
        call(incubator, "list_follow_ups", "")
    assert "member_id" in caught.value.fields
    assert call(incubator, "list_follow_ups", "m-nobody") == {"items": [], "total": 0}


# --- privacy ----------------------------------------------------------------------------------------


def test_an_erased_entrepreneur_is_unlinked_their_answer_kept_and_never_asked_again(incubator, cohort, db):
    ends_on = cohort["call"]["ends_on"]
    ask(incubator, due(ends_on, 6))
    [amal] = follow_ups_of(incubator, "m-amal")
    answered = call(incubator, "answer_follow_up", amal["follow_up_id"], ANSWER, "m-amal")
    export = call(incubator, "export_member", "m-amal")
    assert export["follow_ups"] == [
        {**{k: v for k, v in answered.items() if k != "follow_up_id"}, "follow_up_id": amal["follow_up_id"],
         "application_id": cohort["admitted"][0]["application_id"], "call_id": cohort["call"]["call_id"]}
    ]  # fmt: skip
    [kofi] = follow_ups_of(incubator, "m-kofi")

    erase(incubator, "m-amal")
    erase(incubator, "m-kofi", deliveries=2)
    assert call(incubator, "export_member", "m-amal")["follow_ups"] == []
    assert follow_ups_of(incubator, "m-amal") == []
    stored = db.follow_ups.find_one({"_id": amal["follow_up_id"]})
    assert (stored["member_id"], stored["answer"], stored["erased"]) == (None, ANSWER, True)  # kept for the counts
    with pytest.raises(NotFound):  # a pending follow-up of an erased member can no longer be answered
        call(incubator, "answer_follow_up", kofi["follow_up_id"], ANSWER, "m-kofi")
    assert ask(incubator, due(ends_on, 12)) == 0  # their projects have no member any more: not asked
    assert db.follow_ups.count_documents({"member_id": {"$ne": None}}) == 0
