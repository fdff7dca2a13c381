"""Ateliers calendars on the real broker and store: a published workshop's .ics for anyone, and a
member's own feed behind a long random token that Interra keeps only as a digest (made once,
rotated, revoked, gone with the member's erasure)."""

import hashlib
import json
from datetime import timedelta

import pytest
from icalendar import Calendar

from interra_chassis.errors import Invalid, NotFound
from interra_chassis.testing import call, erase

from .test_registrations import LINK, local_time, published, sign

CAFE = {"name": "Café Le Pot au Lait", "address": "Rue Soubre 2, 4020 Liège", "region": "liege", "capacity": 20}


def events_of(ics: str) -> dict[str, object]:
    """The VEVENTs of a file by date id (their UID is <date_id>@interra.be)."""
    calendar = Calendar.from_ical(ics)
    assert str(calendar["PRODID"]) == "-//Interra//Ateliers//FR"
    return {str(e["UID"]).removesuffix("@interra.be"): e for e in calendar.walk("VEVENT")}


def workshop_of(workshops, date_id: str) -> str:
    return call(workshops, "date_view", date_id)["workshop_id"]


def test_a_published_workshop_s_calendar_has_its_dates_the_cancelled_one_cancelled_and_no_link(workshops, people):
    online_date = published(workshops, title="Syrian cooking")
    workshop_id = workshop_of(workshops, online_date)
    venue = call(workshops, "add_venue", CAFE)
    plan = {"first_start": local_time(timedelta(days=20)), "minutes": 120, "venue_id": venue["venue_id"],
            "capacity": 6, "frequency": "weekly", "count": 2}  # fmt: skip
    at_cafe, cancelled = (d["date_id"] for d in call(workshops, "plan_dates", workshop_id, plan)["items"])
    call(workshops, "cancel_date", cancelled, {"reason": "the venue is closed that day"})
    sign(workshops, online_date, people[0][0])  # a confirmed participant changes nothing in the public file

    ics = call(workshops, "calendar", workshop_id)
    events = events_of(ics)
    assert set(events) == {online_date, at_cafe, cancelled}
    dates = {d["date_id"]: d for d in call(workshops, "dates", workshop_id)["items"]}
    for date_id, event in events.items():
        assert event["DTSTART"].dt.isoformat() == dates[date_id]["starts_at"]
        assert event["DTEND"].dt.isoformat() == dates[date_id]["ends_at"]
        assert str(event["SUMMARY"]) == "Syrian cooking"
    assert str(events[cancelled]["STATUS"]) == "CANCELLED"
    assert str(events[at_cafe]["STATUS"]) == "CONFIRMED"
    assert str(events[at_cafe]["LOCATION"]) == "Café Le Pot au Lait, Rue Soubre 2, 4020 Liège"
    assert str(events[online_date]["LOCATION"]) == "Online"
    assert LINK not in ics and "meet.example.org" not in ics


def test_only_a_workshop_the_public_may_see_has_a_calendar(workshops, people):
    proposal = {"proposer_id": "m-leader", "title": "Walloon songs", "description": "We sing old Walloon songs.",
                "category": "music", "languages": ["fr"], "format": "in_person"}  # fmt: skip
    proposed = call(workshops, "propose", proposal)["workshop_id"]
    for workshop_id in (proposed, "w-nope"):
        with pytest.raises(NotFound):
            call(workshops, "calendar", workshop_id)
    published_id = workshop_of(workshops, published(workshops))
    assert len(events_of(call(workshops, "calendar", published_id))) == 1


def test_a_feed_token_is_made_once_stored_as_a_digest_rotated_and_revoked(workshops, people, db):
    member_id = people[0][0]
    made = call(workshops, "calendar_token", member_id)
    token = made["token"]
    assert made["created"] is True and len(token) == 43 and made["url_path"] == f"/calendar/{token}.ics"
    stored = db.calendar_tokens.find_one({"_id": member_id})
    assert stored == {"_id": member_id, "digest": hashlib.sha256(token.encode()).hexdigest(),
                      "created_at": made["created_at"]}  # fmt: skip
    assert token not in json.dumps(list(db.calendar_tokens.find({})), default=str)

    again = call(workshops, "calendar_token", member_id)
    assert again == {"token": None, "url_path": None, "created": False, "created_at": made["created_at"]}
    assert events_of(call(workshops, "member_calendar", token)) == {}

    rotated = call(workshops, "rotate_calendar_token", member_id)
    assert rotated["created"] is True and rotated["token"] not in (None, token)
    with pytest.raises(NotFound):
        call(workshops, "member_calendar", token)  # the old link opens nothing any more
    assert events_of(call(workshops, "member_calendar", rotated["token"])) == {}
    assert db.calendar_tokens.count_documents({"_id": member_id}) == 1

    assert call(workshops, "revoke_calendar_token", member_id) is True
    with pytest.raises(NotFound):
        call(workshops, "member_calendar", rotated["token"])
    assert call(workshops, "revoke_calendar_token", member_id) is False  # again: nothing to revoke
    assert call(workshops, "calendar_token", member_id)["created"] is True  # a new feed, on request


@pytest.mark.parametrize("token", ["x" * 43, "", None, 42, ["a"], {"$ne": None}])
def test_a_token_that_opens_no_feed_is_not_found(workshops, people, token):
    call(workshops, "calendar_token", people[0][0])  # a feed exists, of someone else
    with pytest.raises(NotFound):
        call(workshops, "member_calendar", token)


def test_only_a_member_ateliers_knows_gets_a_feed(workshops):
    with pytest.raises(Invalid) as refused:
        call(workshops, "calendar_token", "m-unknown")
    assert "unknown member" in refused.value.fields["member_id"][0]
    with pytest.raises(Invalid):
        call(workshops, "rotate_calendar_token", "")


def test_a_member_s_feed_has_their_seats_and_the_link_only_where_they_are_confirmed(workshops, people):
    newcomers, _ = people
    date_id = published(workshops, capacity=4)  # 2 seats for newcomers
    other = published(workshops, capacity=4, title="Walloon songs")
    first, second, _, fourth = (sign(workshops, date_id, m) for m in newcomers)  # the last two wait
    sign(workshops, other, newcomers[1])
    call(workshops, "cancel_registration", first["registration_id"], newcomers[0])  # the seat is offered to third
    assert call(workshops, "registrations", newcomers[2])["items"][0]["status"] == "offered"
    tokens = {m: call(workshops, "calendar_token", m)["token"] for m in newcomers}

    confirmed = events_of(call(workshops, "member_calendar", tokens[newcomers[1]]))
    assert set(confirmed) == {date_id, other}
    assert str(confirmed[date_id]["URL"]) == LINK and LINK in str(confirmed[date_id]["DESCRIPTION"])
    assert str(confirmed[other]["SUMMARY"]) == "Walloon songs"
    offered = call(workshops, "member_calendar", tokens[newcomers[2]])
    assert str(events_of(offered)[date_id]["STATUS"]) == "TENTATIVE" and LINK not in offered
    assert events_of(call(workshops, "member_calendar", tokens[newcomers[3]])) == {}  # waiting: not yet theirs
    assert events_of(call(workshops, "member_calendar", tokens[newcomers[0]])) == {}  # left the date

    call(workshops, "cancel_date", other, {"reason": "the leader is ill"})
    feed = call(workshops, "member_calendar", tokens[newcomers[1]])
    assert str(events_of(feed)[other]["STATUS"]) == "CANCELLED"  # so their phone removes it
    assert feed.count(LINK) == 2  # URL and DESCRIPTION of the date that stands, none on the cancelled one
    assert (second["status"], fourth["status"]) == ("confirmed", "waitlisted")


def test_the_export_says_a_feed_exists_never_its_token_and_erasure_closes_it(workshops, people, db):
    member_id = people[0][0]
    assert call(workshops, "export_member", member_id)["calendar_feed"] is None
    made = call(workshops, "calendar_token", member_id)
    export = call(workshops, "export_member", member_id)
    assert export["calendar_feed"] == {"created_at": made["created_at"]}
    digest = hashlib.sha256(made["token"].encode()).hexdigest()
    assert made["token"] not in json.dumps(export) and digest not in json.dumps(export)
    call(workshops, "calendar_token", people[1][0])

    erase(workshops, member_id)
    with pytest.raises(NotFound):
        call(workshops, "member_calendar", made["token"])
    assert db.calendar_tokens.find_one({"_id": member_id}) is None
    assert db.calendar_tokens.count_documents({}) == 1  # someone else's feed stays
    assert call(workshops, "export_member", member_id)["calendar_feed"] is None
    with pytest.raises(Invalid):  # an erased member gets no new feed
        call(workshops, "calendar_token", member_id)
