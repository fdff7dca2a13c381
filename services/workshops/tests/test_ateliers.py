"""Ateliers on the real broker and store: the accompaniment pipeline, partner venues and their
bookings, dates. Every refusal says which field and why, and changes nothing."""

from datetime import UTC, date, datetime, timedelta

import eventlet
import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.testing import EventTap, call, events_once, register
from interra_contracts import load_event
from workshops.schedule import LOCAL_TIME
from workshops.service import WorkshopsService

PROPOSAL = {
    "proposer_id": "m-amina", "title": "Syrian cooking", "description": "We cook kibbeh together and share recipes.",
    "category": "cooking", "languages": ["ar", "fr"], "format": "in_person", "heard_from": "fle_school",
}  # fmt: skip
CAFE = {"name": "Café Le Pot au Lait", "address": "Rue Soubre 2, 4020 Liège", "region": "liege", "capacity": 20,
        "accessibility": ["step_free_entrance"], "amenities": ["kitchen"],
        "opening": [{"day": "tue", "from": "10:00", "to": "23:00"}]}  # fmt: skip
STAFF = "staff:coordinator"


def next_tuesday(hour: int = 18, weeks: int = 1) -> str:
    """A Tuesday at least a few days ahead, Liège wall-clock time (naive ISO)."""
    day = datetime.now(UTC).date() + timedelta(days=3)
    day += timedelta(days=(1 - day.weekday()) % 7) + timedelta(weeks=weeks - 1)
    return f"{day.isoformat()}T{hour:02}:00:00"


@pytest.fixture
def amina(workshops):
    register(workshops, "m-amina", languages=["ar", "en"])
    return "m-amina"


@pytest.fixture
def proposed(workshops, amina):
    return call(workshops, "propose", PROPOSAL)


@pytest.fixture
def cafe(workshops):
    return call(workshops, "add_venue", CAFE)


def move(workshops, workshop_id, name, **extra):
    return call(workshops, "move", workshop_id, {"move": name, **extra}, STAFF)


def walk(workshops, workshop_id, *moves):
    for name in moves:
        workshop = move(workshops, workshop_id, name)
    return workshop


def plan(workshops, workshop_id, **overrides):
    return call(workshops, "plan_dates", workshop_id, {"first_start": next_tuesday(), "minutes": 120,
                                                        "capacity": 16, **overrides})  # fmt: skip


def test_a_coordinator_takes_a_proposal_to_publication_and_the_leader_starts_it(
    workshops, proposed, cafe, rabbit_config
):
    tap = EventTap(rabbit_config["AMQP_URI"], "workshops", "WorkshopStatusChanged")
    workshop_id = proposed["workshop_id"]
    assert proposed["heard_from"] == "fle_school" and proposed["allowed_moves"] == [
        "accept", "decline", "withdraw"]  # fmt: skip
    move(workshops, workshop_id, "accept")
    trained = move(workshops, workshop_id, "train", training_at="2026-12-20T15:00:00+01:00")
    assert trained["status"] == "training"
    move(workshops, workshop_id, "seek_venue")

    with pytest.raises(Conflict) as refused:  # no date yet
        move(workshops, workshop_id, "schedule")
    assert "at least one date at a booked venue or with an online link" in refused.value.message

    dates = plan(workshops, workshop_id, venue_id=cafe["venue_id"], frequency="weekly", count=4)
    assert dates["total"] == 4 and [d["staff_present"] for d in dates["items"]] == [True, True, False, False]
    walk(workshops, workshop_id, "schedule", "publish")
    with pytest.raises(Conflict) as refused:
        move(workshops, workshop_id, "start")
    assert "charter" in refused.value.message

    with pytest.raises(NotFound):  # only its proposer accepts the charter
        call(workshops, "accept_charter", workshop_id, {"accepted": True, "shown_name": "X"}, "m-other")
    call(workshops, "accept_charter", workshop_id, {"accepted": True, "shown_name": "Amina"}, "m-amina")
    started = move(workshops, workshop_id, "start")
    assert started["status"] == "running"
    assert [(h["move"], h["from"], h["to"], h["by"]) for h in started["history"]] == [
        ("accept", "proposed", "in_conversation", STAFF), ("train", "in_conversation", "training", STAFF),
        ("seek_venue", "training", "venue_search", STAFF), ("schedule", "venue_search", "scheduled", STAFF),
        ("publish", "scheduled", "published", STAFF), ("start", "published", "running", STAFF),
    ]  # fmt: skip

    public = call(workshops, "get", workshop_id)  # anyone, now that it is published
    assert public["leader_name"] == "Amina"
    assert "proposer_id" not in public and "history" not in public and "heard_from" not in public
    assert [w["workshop_id"] for w in call(workshops, "list")["items"]] == [workshop_id]

    events = [load_event(e) for e in events_once(tap, "WorkshopStatusChanged", count=6)]
    assert [e.data["move"] for e in events] == ["accept", "train", "seek_venue", "schedule", "publish", "start"]
    assert events[1].data["training_at"] == datetime(2026, 12, 20, 14, 0, tzinfo=UTC)
    assert all(e.data["proposer_id"] == "m-amina" and e.data["title"] == "Syrian cooking" for e in events)


def test_a_forbidden_move_is_409_naming_the_allowed_ones_and_changes_nothing(workshops, proposed):
    with pytest.raises(Conflict) as refused:
        move(workshops, proposed["workshop_id"], "publish")
    assert refused.value.message == "a proposed workshop cannot publish; allowed: accept, decline, withdraw"
    assert call(workshops, "get", proposed["workshop_id"], None, True)["status"] == "proposed"


def test_declining_needs_a_reason_and_tells_it(workshops, proposed, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "workshops", "WorkshopStatusChanged")
    with pytest.raises(Invalid) as refused:
        move(workshops, proposed["workshop_id"], "decline")
    assert refused.value.fields == {"reason": ["give a reason to decline"]}
    declined = move(workshops, proposed["workshop_id"], "decline", reason="no_venue", note="no kitchen free")
    assert declined["status"] == "declined" and declined["history"][-1]["reason"] == "no_venue"
    [event] = events_once(tap, "WorkshopStatusChanged")
    assert event["data"]["reason"] == "no_venue" and "note" not in event["data"]
    notes = call(workshops, "notes", proposed["workshop_id"])["items"]
    assert [(n["text"], n["by"]) for n in notes] == [("no kitchen free", STAFF)]


def test_a_paused_workshop_resumes_where_it_was(workshops, proposed):
    workshop_id = proposed["workshop_id"]
    walk(workshops, workshop_id, "accept", "train")
    paused = move(workshops, workshop_id, "pause", reason="proposer_unavailable")
    assert (paused["status"], paused["paused_from"], paused["allowed_moves"]) == (
        "paused", "training", ["resume", "withdraw"])  # fmt: skip
    assert move(workshops, workshop_id, "resume")["status"] == "training"


def test_only_its_proposer_withdraws_a_workshop(workshops, proposed):
    with pytest.raises(NotFound):
        call(workshops, "move", proposed["workshop_id"], {"move": "withdraw"}, "member:m-x", "m-x")
    with pytest.raises(Conflict):  # staff cannot withdraw it for them
        move(workshops, proposed["workshop_id"], "withdraw")
    withdrawn = call(workshops, "move", proposed["workshop_id"], {"move": "withdraw"}, "member:m-amina", "m-amina")
    assert withdrawn["status"] == "withdrawn"


def test_a_proposal_is_nobody_else_s_business(workshops, proposed):
    with pytest.raises(NotFound):
        call(workshops, "get", proposed["workshop_id"], "m-stranger")
    with pytest.raises(NotFound):
        call(workshops, "dates", proposed["workshop_id"], "m-stranger")
    assert call(workshops, "list")["total"] == 0
    assert call(workshops, "list", 0, 20, None, True)["total"] == 1


def test_two_dates_never_hold_one_venue_at_the_same_time(workshops, amina, cafe):
    first = walk(workshops, call(workshops, "propose", PROPOSAL)["workshop_id"], "accept", "train")
    second = walk(workshops, call(workshops, "propose", {**PROPOSAL, "title": "Chess"})["workshop_id"], "accept",
                  "train")  # fmt: skip
    plan(workshops, first["workshop_id"], venue_id=cafe["venue_id"], first_start=next_tuesday(weeks=2),
         frequency="weekly", count=3)  # fmt: skip
    with pytest.raises(Conflict) as clash:  # the second week of this series meets the first's first date
        plan(workshops, second["workshop_id"], venue_id=cafe["venue_id"], first_start=next_tuesday(19, weeks=1),
             frequency="weekly", count=3)  # fmt: skip
    assert "venue_id" in clash.value.fields and "booked by date" in clash.value.fields["venue_id"][0]
    assert call(workshops, "dates", second["workshop_id"], None, True)["total"] == 0, "nothing half-booked"
    # back to back with the first's first date is fine
    back_to_back = plan(workshops, second["workshop_id"], venue_id=cafe["venue_id"],
                        first_start=next_tuesday(20, weeks=2))  # fmt: skip
    assert back_to_back["total"] == 1


def test_concurrent_bookings_of_one_venue_slot_one_wins(container_factory, rabbit_config, data_dir):
    instances = [container_factory(WorkshopsService, rabbit_config) for _ in range(2)]
    for container in instances:
        container.start()
    register(instances[0], "m-amina")
    venue = call(instances[0], "add_venue", CAFE)
    workshop_ids = [
        walk(instances[0], call(instances[0], "propose", {**PROPOSAL, "title": f"Workshop {n}"})["workshop_id"],
             "accept", "train")["workshop_id"]
        for n in range(12)
    ]  # fmt: skip
    body = {"first_start": next_tuesday(), "minutes": 120, "capacity": 10, "venue_id": venue["venue_id"]}

    def book(workshop_id):
        with ClusterRpcProxy(rabbit_config) as rpc:
            try:
                return rpc.workshops.plan_dates(workshop_id, body)["total"]
            except Exception as exc:  # the losers: a Conflict across RPC
                return type(exc).__name__ + ":" + str(exc)

    results = list(eventlet.GreenPool(12).imap(book, workshop_ids))
    assert results.count(1) == 1, results
    assert all(str(r).startswith("Conflict:the venue is booked") for r in results if r != 1), results
    dates = [call(instances[0], "dates", w, None, True)["total"] for w in workshop_ids]
    assert sum(dates) == 1


def test_a_cancelled_date_frees_its_venue_and_a_moved_date_keeps_its_place_or_fails(workshops, amina, cafe):
    first = walk(workshops, call(workshops, "propose", PROPOSAL)["workshop_id"], "accept", "train")["workshop_id"]
    second = walk(workshops, call(workshops, "propose", PROPOSAL)["workshop_id"], "accept", "train")["workshop_id"]
    [date] = plan(workshops, first, venue_id=cafe["venue_id"])["items"]
    [later] = plan(workshops, second, venue_id=cafe["venue_id"], first_start=next_tuesday(21))["items"]

    with pytest.raises(Conflict):  # onto the other date: refused, and the date keeps its time and booking
        call(workshops, "move_date", date["date_id"], {"start": next_tuesday(21), "minutes": 60})
    with pytest.raises(Conflict):
        plan(workshops, second, venue_id=cafe["venue_id"])
    moved = call(workshops, "move_date", date["date_id"], {"start": next_tuesday(10), "minutes": 90})
    assert moved["starts_at"] != date["starts_at"]
    plan(workshops, second, venue_id=cafe["venue_id"])  # its old time is free now

    cancelled = call(workshops, "cancel_date", later["date_id"], {"reason": "the café is closed"})
    assert cancelled["status"] == "cancelled"
    plan(workshops, first, venue_id=cafe["venue_id"], first_start=next_tuesday(21))  # free again
    with pytest.raises(Conflict):
        call(workshops, "cancel_date", later["date_id"], {"reason": "again"})


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({}, "venue_id"),  # neither a venue nor a link
        ({"online_link": "https://meet.example.org/x", "venue_id": "v"}, "venue_id"),  # both
        ({"online_link": "http://meet.example.org/x"}, "online_link"),  # not https
        ({"online_link": "https://meet.example.org/x", "frequency": "weekly", "count": 60}, "count"),
        ({"online_link": "https://meet.example.org/x", "frequency": "weekly", "until": "2020-01-01T00:00:00"},
         "until"),
        ({"online_link": "https://meet.example.org/x", "first_start": "2020-01-07T18:00:00"}, "first_start"),
        ({"online_link": "https://meet.example.org/x", "capacity": 0}, "capacity"),
    ],
)  # fmt: skip
def test_dates_that_cannot_be_planned_say_why(workshops, proposed, overrides, field):
    workshop_id = walk(workshops, proposed["workshop_id"], "accept", "train")["workshop_id"]
    with pytest.raises(Invalid) as refused:
        plan(workshops, workshop_id, **overrides)
    assert field in refused.value.fields, refused.value.fields
    assert call(workshops, "dates", workshop_id, None, True)["total"] == 0


def test_a_venue_caps_a_date_s_capacity_and_the_online_link_is_not_public(workshops, proposed, cafe):
    workshop_id = walk(workshops, proposed["workshop_id"], "accept", "train")["workshop_id"]
    with pytest.raises(Invalid) as refused:
        plan(workshops, workshop_id, venue_id=cafe["venue_id"], capacity=30)
    assert refused.value.fields == {"capacity": ["the venue holds 20 at most"]}
    [online] = plan(workshops, workshop_id, online_link="https://meet.example.org/syrian-cooking")["items"]
    assert online["online"] is True and online["online_link"] == "https://meet.example.org/syrian-cooking"
    walk(workshops, workshop_id, "seek_venue", "schedule", "publish")
    [public] = call(workshops, "dates", workshop_id, "m-stranger")["items"]
    assert public["online"] is True and public["online_link"] is None
    assert public["seats"]["free_newcomer"] == 8 and public["seats"]["free_local"] == 8


def test_capacity_changes_keep_the_seats_held_per_group(workshops, proposed):
    workshop_id = walk(workshops, proposed["workshop_id"], "accept", "train")["workshop_id"]
    [date] = plan(workshops, workshop_id, online_link="https://meet.example.org/x")["items"]
    changed = call(workshops, "change_capacity", date["date_id"], {"capacity": 10, "newcomer_share": 0.6})
    assert (changed["capacity"], changed["seats"]["free_newcomer"], changed["seats"]["free_local"]) == (10, 6, 4)


def days_after(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def test_a_window_lists_every_date_of_every_workshop_with_its_venue_and_live_mix(workshops, amina, cafe):
    cooking = walk(workshops, call(workshops, "propose", PROPOSAL)["workshop_id"], "accept", "train")["workshop_id"]
    chess = call(workshops, "propose", {**PROPOSAL, "title": "Chess at the café", "category": "culture"})["workshop_id"]
    walk(workshops, chess, "accept", "train")
    weekly = plan(workshops, cooking, venue_id=cafe["venue_id"], frequency="weekly", count=3, capacity=12)["items"]
    link = "https://meet.example.org/chess"
    [morning] = plan(workshops, chess, online_link=link, first_start=next_tuesday(10))["items"]
    call(workshops, "cancel_date", morning["date_id"], {"reason": "the leader is ill"})
    tuesday = next_tuesday()[:10]

    week = call(workshops, "dates_between", tuesday, None)  # Tuesday to Monday: the first date of each
    assert (week["from"], week["to"], week["total"]) == (tuesday, days_after(tuesday, 6), 2)
    cancelled, first = week["items"]  # soonest first, any status
    assert (cancelled["date_id"], cancelled["workshop_title"], cancelled["status"]) == (
        morning["date_id"], "Chess at the café", "cancelled",
    )  # fmt: skip
    assert (cancelled["venue_id"], cancelled["venue_name"], cancelled["online_link"]) == (None, None, link)
    assert (first["date_id"], first["workshop_id"], first["workshop_title"], first["status"]) == (
        weekly[0]["date_id"], cooking, "Syrian cooking", "planned",
    )  # fmt: skip
    assert (first["venue_id"], first["venue_name"]) == (cafe["venue_id"], "Café Le Pot au Lait")
    assert (first["starts_at"], first["ends_at"], first["capacity"]) == (
        weekly[0]["starts_at"], weekly[0]["ends_at"], 12,
    )  # fmt: skip
    assert first["seats"] == call(workshops, "dates", cooking, None, True)["items"][0]["seats"]
    assert (first["seats"]["free_newcomer"], first["seats"]["free_local"]) == (6, 6)

    two_weeks = call(workshops, "dates_between", tuesday, days_after(tuesday, 7))
    assert [d["date_id"] for d in two_weeks["items"]] == [morning["date_id"], *(d["date_id"] for d in weekly[:2])]
    the_day_before = call(workshops, "dates_between", None, days_after(tuesday, -1))
    assert (the_day_before["from"], the_day_before["items"]) == (days_after(tuesday, -7), [])
    today = datetime.now(LOCAL_TIME).date().isoformat()
    assert call(workshops, "dates_between")["from"] == today


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        ("2027-01-10", "2027-01-09", "to"),
        ("2027-01-01", "2027-02-01", "to"),  # 32 days
        ("01/02/2027", None, "from"),
        (None, "soon", "to"),
    ],
)
def test_a_window_that_is_not_one_says_why(workshops, first, last, field):
    with pytest.raises(Invalid) as refused:
        call(workshops, "dates_between", first, last)
    assert field in refused.value.fields, refused.value.fields
