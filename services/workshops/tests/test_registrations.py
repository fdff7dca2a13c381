"""Registration that keeps the group mixed, on the real broker and store: seats held per group, the
waiting list, offers of freed seats with a deadline, open to all near the start — never more than
the capacity, never a person twice on a date, whatever the concurrency and the number of instances."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import eventlet
import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from interra_chassis.errors import Conflict, Invalid
from interra_chassis.testing import EventTap, call, erase, events_once, register
from workshops.service import WorkshopsService

PROPOSAL = {
    "proposer_id": "m-leader", "title": "Syrian cooking", "description": "We cook kibbeh together and share recipes.",
    "category": "cooking", "languages": ["ar", "fr"], "format": "online",
}  # fmt: skip
LINK = "https://meet.example.org/syrian-cooking"
STAFF = "staff:coordinator"


def local_time(delta: timedelta) -> str:
    """A Liège wall-clock time `delta` from now, as the API takes it (naive ISO)."""
    from zoneinfo import ZoneInfo

    return (datetime.now(ZoneInfo("Europe/Brussels")) + delta).replace(tzinfo=None, microsecond=0).isoformat()


def published(workshops, capacity=4, share=0.5, starts_in=timedelta(days=10), title="Syrian cooking"):
    """A published workshop with one online date: its date id."""
    workshop_id = call(workshops, "propose", {**PROPOSAL, "title": title})["workshop_id"]
    for move in ("accept", "train", "seek_venue"):
        call(workshops, "move", workshop_id, {"move": move}, STAFF)
    plan = {"first_start": local_time(starts_in), "minutes": 90, "online_link": LINK, "capacity": capacity,
            "newcomer_share": share}  # fmt: skip
    [date] = call(workshops, "plan_dates", workshop_id, plan)["items"]
    for move in ("schedule", "publish"):
        call(workshops, "move", workshop_id, {"move": move}, STAFF)
    return date["date_id"]


def sign(workshops, date_id, member_id):
    return call(workshops, "register", date_id, {"member_id": member_id})


def test_seats_are_held_per_group_and_a_full_group_waits_even_with_free_seats(workshops, people, rabbit_config):
    newcomers, locals_ = people
    tap = EventTap(rabbit_config["AMQP_URI"], "workshops", "WorkshopRegistrationChanged")
    date_id = published(workshops)  # 4 seats: 2 for newcomers, 2 for locals
    statuses = [sign(workshops, date_id, m)["status"] for m in newcomers[:3]]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]  # though two local seats are free
    assert [sign(workshops, date_id, m)["status"] for m in locals_[:2]] == ["confirmed", "confirmed"]
    mix = call(workshops, "date_view", date_id)["seats"]
    assert (mix["confirmed_newcomers"], mix["confirmed_locals"], mix["waitlisted"]) == (2, 2, 1)
    assert (mix["free_newcomer"], mix["free_local"], mix["newcomer_share_now"]) == (0, 0, 0.5)
    events = events_once(tap, "WorkshopRegistrationChanged", count=5)
    assert Counter(e["data"]["status"] for e in events) == {"confirmed": 4, "waitlisted": 1}
    assert all(e["data"]["title"] == "Syrian cooking" for e in events)


def test_a_freed_seat_is_offered_to_the_next_of_its_group_who_confirms_in_time(workshops, people):
    newcomers, locals_ = people
    date_id = published(workshops)
    first, _, third, fourth = (sign(workshops, date_id, m) for m in newcomers)
    sign(workshops, date_id, locals_[0])
    assert (third["status"], fourth["status"]) == ("waitlisted", "waitlisted")

    call(workshops, "cancel_registration", first["registration_id"], newcomers[0])
    offered = call(workshops, "registrations", newcomers[2])["items"][0]
    assert offered["status"] == "offered"  # the longest waiting newcomer, not the later one
    deadline = datetime.fromisoformat(offered["offer_expires_at"])
    assert timedelta(hours=47) < deadline - datetime.now(UTC) <= timedelta(hours=48)
    assert call(workshops, "registrations", newcomers[3])["items"][0]["status"] == "waitlisted"

    confirmed = call(workshops, "confirm_offer", offered["registration_id"], newcomers[2])
    assert confirmed["status"] == "confirmed" and confirmed["offer_expires_at"] is None
    mix = call(workshops, "date_view", date_id)["seats"]
    assert (mix["confirmed_newcomers"], mix["offered"], mix["waitlisted"], mix["free_newcomer"]) == (2, 0, 1, 0)
    with pytest.raises(Conflict):  # nothing left to confirm
        call(workshops, "confirm_offer", offered["registration_id"], newcomers[2])


def test_an_offer_not_confirmed_in_time_passes_to_the_next(workshops, people, monkeypatch):
    newcomers, _ = people
    date_id = published(workshops, capacity=2)  # 1 newcomer seat
    holder = sign(workshops, date_id, newcomers[0])
    sign(workshops, date_id, newcomers[1])
    sign(workshops, date_id, newcomers[2])
    monkeypatch.setenv("WORKSHOP_OFFER_HOURS", "0.0003")  # about a second
    call(workshops, "cancel_registration", holder["registration_id"], newcomers[0])
    late = call(workshops, "registrations", newcomers[1])["items"][0]
    assert late["status"] == "offered"
    eventlet.sleep(1.5)
    with pytest.raises(Conflict) as refused:
        call(workshops, "confirm_offer", late["registration_id"], newcomers[1])
    assert "expired" in refused.value.message
    call(workshops, "run_seat_check")
    assert call(workshops, "registrations", newcomers[1])["items"][0]["status"] == "cancelled"
    assert call(workshops, "registrations", newcomers[2])["items"][0]["status"] == "offered"


def test_close_to_the_start_empty_seats_are_anyone_s(workshops, people):
    newcomers, _ = people
    date_id = published(workshops, starts_in=timedelta(hours=30))  # within the 48 hours
    assert [sign(workshops, date_id, m)["status"] for m in newcomers] == ["confirmed"] * 4


def test_the_waiting_list_gets_seats_that_open_to_all(workshops, people, monkeypatch):
    newcomers, _ = people
    date_id = published(workshops, starts_in=timedelta(hours=60))  # not yet open to all
    statuses = [sign(workshops, date_id, m)["status"] for m in newcomers[:3]]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    monkeypatch.setenv("WORKSHOP_OPEN_HOURS", "72")  # now it is
    call(workshops, "run_seat_check")
    assert call(workshops, "registrations", newcomers[2])["items"][0]["status"] == "offered"


@pytest.mark.parametrize("case", ["twice", "unknown", "unpublished", "cancelled date", "past"])
def test_a_registration_that_cannot_be_is_refused_and_changes_nothing(workshops, people, db, case):
    newcomers, _ = people
    date_id = published(workshops)
    if case == "twice":
        sign(workshops, date_id, newcomers[0])
        with pytest.raises(Conflict) as refused:
            sign(workshops, date_id, newcomers[0])
        assert refused.value.fields == {"date_id": ["already registered"]}
    elif case == "unknown":
        with pytest.raises(Invalid) as refused:
            sign(workshops, date_id, "m-nobody")
        assert "member_id" in refused.value.fields
    elif case == "unpublished":
        workshop_id = call(workshops, "propose", PROPOSAL)["workshop_id"]
        for move in ("accept", "train"):
            call(workshops, "move", workshop_id, {"move": move}, STAFF)
        plan = {"first_start": local_time(timedelta(days=3)), "minutes": 60, "online_link": LINK, "capacity": 4}
        [date] = call(workshops, "plan_dates", workshop_id, plan)["items"]
        with pytest.raises(Conflict) as refused:
            sign(workshops, date["date_id"], newcomers[0])
        assert "not open for registration" in refused.value.message
        return
    elif case == "cancelled date":
        call(workshops, "cancel_date", date_id, {"reason": "the host is ill"})
        with pytest.raises(Conflict) as refused:
            sign(workshops, date_id, newcomers[0])
        assert refused.value.message == "the date is cancelled"
    elif case == "past":
        started = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
        db.dates.update_one({"_id": date_id}, {"$set": {"starts_at": started}})
        with pytest.raises(Conflict) as refused:
            sign(workshops, date_id, newcomers[0])
        assert refused.value.message == "the date has started or passed"
    assert call(workshops, "date_view", date_id)["seats"]["confirmed_newcomers"] == (1 if case == "twice" else 0)


def test_the_online_link_is_for_confirmed_participants_only(workshops, people):
    newcomers, _ = people
    date_id = published(workshops, capacity=2)
    workshop_id = call(workshops, "date_view", date_id)["workshop_id"]
    sign(workshops, date_id, newcomers[0])
    sign(workshops, date_id, newcomers[1])  # waitlisted
    [mine] = call(workshops, "dates", workshop_id, newcomers[0])["items"]
    [theirs] = call(workshops, "dates", workshop_id, newcomers[1])["items"]
    assert (mine["online_link"], theirs["online_link"]) == (LINK, None)


def test_a_cancelled_date_tells_everyone_on_it(workshops, people, rabbit_config):
    newcomers, locals_ = people
    date_id = published(workshops, capacity=2)
    for member_id in (newcomers[0], newcomers[1], locals_[0]):
        sign(workshops, date_id, member_id)
    tap = EventTap(rabbit_config["AMQP_URI"], "workshops", "WorkshopDateChanged")
    call(workshops, "cancel_date", date_id, {"reason": "the host is ill"})
    [event] = events_once(tap, "WorkshopDateChanged")
    assert sorted(event["data"]["member_ids"]) == sorted([newcomers[0], newcomers[1], locals_[0]])


def test_capacity_never_drops_below_the_confirmed(workshops, people):
    newcomers, locals_ = people
    date_id = published(workshops)
    for member_id in (newcomers[0], newcomers[1], locals_[0]):
        sign(workshops, date_id, member_id)
    with pytest.raises(Conflict) as refused:
        call(workshops, "change_capacity", date_id, {"capacity": 2})
    assert refused.value.fields == {"capacity": ["at least 3"]}
    grown = call(workshops, "change_capacity", date_id, {"capacity": 6})
    assert (grown["seats"]["free_newcomer"], grown["seats"]["free_local"]) == (1, 2)


def test_an_erased_participant_s_seat_goes_to_the_next(workshops, people):
    newcomers, _ = people
    date_id = published(workshops, capacity=2)
    sign(workshops, date_id, newcomers[0])
    sign(workshops, date_id, newcomers[1])
    erase(workshops, newcomers[0])
    assert call(workshops, "registrations", newcomers[0])["total"] == 0
    assert call(workshops, "registrations", newcomers[1])["items"][0]["status"] == "offered"


def test_a_burst_on_two_instances_never_overbooks_breaks_the_mix_or_duplicates(
    container_factory, rabbit_config, data_dir
):
    instances = [container_factory(WorkshopsService, rabbit_config) for _ in range(2)]
    for container in instances:
        container.start()
    register(instances[0], "m-leader", kind="local")
    members = {f"m-{kind}-{n}": kind for kind in ("newcomer", "local") for n in range(15)}
    for member_id, kind in members.items():
        register(instances[0], member_id, kind=kind)
    date_ids = [published(instances[0], capacity=6, title=f"Workshop {n}") for n in range(3)]
    asks = [(d, m) for d in date_ids for m in members] + [(date_ids[0], m) for m in list(members)[:10]]

    def ask(item):
        date_id, member_id = item
        with ClusterRpcProxy(rabbit_config) as rpc:
            try:
                return rpc.workshops.register(date_id, {"member_id": member_id})["status"]
            except Exception as exc:
                return type(exc).__name__

    results = Counter(eventlet.GreenPool(20).imap(ask, asks))
    assert results["Conflict"] == 10, results  # the duplicates, exactly
    assert results["confirmed"] == 18 and results["waitlisted"] == 90 - 18, results
    for date_id in date_ids:
        on_it = call(instances[0], "participants", date_id, None, True)["items"]
        confirmed = Counter(r["group"] for r in on_it if r["status"] == "confirmed")
        assert confirmed == {"newcomer": 3, "local": 3}  # never over capacity, the mix held
        assert len({r["member_id"] for r in on_it}) == len(on_it) == 30  # nobody twice
        view = call(instances[0], "date_view", date_id)["seats"]
        assert (view["free_newcomer"], view["free_local"], view["waitlisted"]) == (0, 0, 24)


def test_a_member_s_registrations_name_their_workshop_and_show_the_date_s_times_as_they_are_now(workshops, people):
    newcomers, _ = people
    later = published(workshops, starts_in=timedelta(days=20), title="Arabic calligraphy")
    sooner = published(workshops, starts_in=timedelta(days=10))
    for date_id in (later, sooner):
        sign(workshops, date_id, newcomers[0])
    # the later date moves before the other: the list follows the dates' times, not those at registration
    moved = call(workshops, "move_date", later, {"start": local_time(timedelta(days=5)), "minutes": 120})
    mine = call(workshops, "registrations", newcomers[0])["items"]
    assert [(r["date_id"], r["workshop_title"], r["starts_at"], r["ends_at"]) for r in mine] == [
        (later, "Arabic calligraphy", moved["starts_at"], moved["ends_at"]),
        (sooner, "Syrian cooking", call(workshops, "date_view", sooner)["starts_at"],
         call(workshops, "date_view", sooner)["ends_at"]),
    ]  # fmt: skip
    assert call(workshops, "registrations", newcomers[1]) == {"items": [], "total": 0}
