"""The .ics files, pure: parsed back with icalendar, they hold the right events at the right times,
cancelled dates as CANCELLED, the online link only in a confirmed member's own feed."""

from datetime import UTC, datetime

from icalendar import Calendar

from workshops.calendar import PRODID, FeedEntry, member_feed, workshop_calendar

WORKSHOP = {"_id": "w-1", "title": "Cuisine syrienne", "description": "On cuisine le kibbeh ensemble,\n puis on mange.",
            "status": "published"}  # fmt: skip
CAFE = {"_id": "v-1", "name": "Café Le Pot au Lait", "address": "Rue Soubre 2, 4020 Liège"}
LINK = "https://meet.example.org/kibbeh"
STAMP = datetime(2026, 12, 1, 9, 30, 12, 345, tzinfo=UTC)


def date(date_id, starts_at, ends_at, status="planned", venue_id=None, online_link=None):
    return {"_id": date_id, "workshop_id": "w-1", "starts_at": starts_at, "ends_at": ends_at, "status": status,
            "venue_id": venue_id, "online_link": online_link}  # fmt: skip


AT_CAFE = date("d-cafe", "2027-01-12T17:00:00+00:00", "2027-01-12T19:00:00+00:00", venue_id="v-1")
ONLINE = date("d-online", "2027-01-19T17:00:00+00:00", "2027-01-19T18:30:00+00:00", online_link=LINK)
CANCELLED = date("d-off", "2027-01-26T17:00:00+00:00", "2027-01-26T19:00:00+00:00", "cancelled", venue_id="v-1")
HELD = date("d-held", "2026-11-10T17:00:00+00:00", "2026-11-10T19:00:00+00:00", "held", venue_id="v-1")


def parsed(data: bytes) -> tuple[Calendar, dict[str, object]]:
    calendar = Calendar.from_ical(data)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_a_workshop_s_file_has_one_event_per_date_in_utc_with_a_stable_uid():
    data = workshop_calendar(WORKSHOP, [AT_CAFE, ONLINE, HELD], {"v-1": CAFE}, STAMP)
    calendar, events = parsed(data)
    assert (str(calendar["PRODID"]), str(calendar["VERSION"])) == (PRODID, "2.0")
    assert str(calendar["X-WR-CALNAME"]) == "Interra Ateliers · Cuisine syrienne"
    assert not calendar.walk("VTIMEZONE")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data and b"X-PUBLISHED-TTL:PT1H\r\n" in data
    assert set(events) == {"d-cafe@interra.be", "d-online@interra.be", "d-held@interra.be"}
    cafe = events["d-cafe@interra.be"]
    assert cafe["DTSTART"].dt == datetime(2027, 1, 12, 17, 0, tzinfo=UTC)
    assert cafe["DTEND"].dt == datetime(2027, 1, 12, 19, 0, tzinfo=UTC)
    assert b"DTSTART:20270112T170000Z" in data  # UTC, not a floating time
    assert cafe["DTSTAMP"].dt == datetime(2026, 12, 1, 9, 30, 12, tzinfo=UTC)
    assert str(cafe["SUMMARY"]) == "Cuisine syrienne"
    assert str(cafe["LOCATION"]) == "Café Le Pot au Lait, Rue Soubre 2, 4020 Liège"
    assert str(cafe["STATUS"]) == "CONFIRMED"
    assert str(cafe["DESCRIPTION"]).startswith("On cuisine le kibbeh ensemble, puis on mange.")
    assert str(events["d-online@interra.be"]["LOCATION"]) == "Online"
    assert str(events["d-held@interra.be"]["STATUS"]) == "CONFIRMED"  # it happened: it stays
    again = workshop_calendar(WORKSHOP, [AT_CAFE, ONLINE, HELD], {"v-1": CAFE}, STAMP)
    assert again == data  # the same dates make the same file: apps update, never duplicate


def test_a_cancelled_date_stays_in_the_file_as_cancelled_so_phones_remove_it():
    _, events = parsed(workshop_calendar(WORKSHOP, [AT_CAFE, CANCELLED], {"v-1": CAFE}, STAMP))
    assert str(events["d-off@interra.be"]["STATUS"]) == "CANCELLED"
    assert str(events["d-off@interra.be"]["DESCRIPTION"]).startswith("Date annulée.")
    assert str(events["d-cafe@interra.be"]["STATUS"]) == "CONFIRMED"


def test_the_public_file_never_holds_the_online_link():
    data = workshop_calendar(WORKSHOP, [ONLINE], {}, STAMP)
    _, events = parsed(data)
    assert LINK.encode() not in data and b"meet.example.org" not in data
    assert "URL" not in events["d-online@interra.be"]


def test_a_long_description_is_cut_and_the_whole_file_folds_lines():
    long = {**WORKSHOP, "description": "Mot " * 400}
    data = workshop_calendar(long, [AT_CAFE], {"v-1": CAFE}, STAMP)
    _, events = parsed(data)
    text = str(events["d-cafe@interra.be"]["DESCRIPTION"])
    assert len(text) < 400 and "…" in text
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # RFC 5545 folding


def entry(the_date, status, venue=None, offer_expires_at=None):
    registration = {"_id": f"r-{the_date['_id']}", "status": status, "offer_expires_at": offer_expires_at}
    return FeedEntry(WORKSHOP, the_date, venue, registration)


def test_a_member_s_feed_has_the_link_on_dates_they_are_confirmed_on_only():
    later = date("d-online-2", "2027-02-02T17:00:00+00:00", "2027-02-02T18:30:00+00:00", online_link=LINK)
    off = date("d-online-off", "2027-02-09T17:00:00+00:00", "2027-02-09T18:30:00+00:00", "cancelled", online_link=LINK)
    entries = [
        entry(later, "offered", offer_expires_at="2027-01-30T17:00:00+00:00"),
        entry(ONLINE, "confirmed"),
        entry(AT_CAFE, "confirmed", CAFE),
        entry(off, "confirmed"),
    ]
    data = member_feed(entries, STAMP)
    calendar, events = parsed(data)
    assert str(calendar["X-WR-CALNAME"]) == "Interra Ateliers · mes dates"
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [
        "d-cafe@interra.be", "d-online@interra.be", "d-online-2@interra.be", "d-online-off@interra.be",
    ]  # fmt: skip
    confirmed = events["d-online@interra.be"]
    assert str(confirmed["URL"]) == LINK and LINK in str(confirmed["DESCRIPTION"])
    assert str(confirmed["LOCATION"]) == "Online" and str(confirmed["STATUS"]) == "CONFIRMED"
    offered = events["d-online-2@interra.be"]
    assert "URL" not in offered and LINK not in str(offered["DESCRIPTION"])
    assert str(offered["STATUS"]) == "TENTATIVE"
    assert "avant le 30/01/2027 à 18:00" in str(offered["DESCRIPTION"])  # Liège time
    cancelled = events["d-online-off@interra.be"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and "URL" not in cancelled
    assert data.count(LINK.encode()) == 2  # URL and DESCRIPTION of the one confirmed online date
    assert str(events["d-cafe@interra.be"]["LOCATION"]) == "Café Le Pot au Lait, Rue Soubre 2, 4020 Liège"


def test_a_member_s_feed_leaves_out_what_is_no_longer_theirs_and_keeps_what_they_attended():
    entries = [entry(ONLINE, "waitlisted"), entry(AT_CAFE, "cancelled", CAFE), entry(HELD, "attended", CAFE),
               entry(CANCELLED, "pending", CAFE)]  # fmt: skip
    _, events = parsed(member_feed(entries, STAMP))
    assert set(events) == {"d-held@interra.be"}
    empty, nothing = parsed(member_feed([], STAMP))
    assert nothing == {} and str(empty["PRODID"]) == PRODID
