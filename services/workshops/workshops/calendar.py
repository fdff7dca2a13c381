"""Ateliers calendars as iCalendar (RFC 5545) files, pure: a published workshop's dates for anyone,
and a member's own feed of the dates they are on, which a phone subscribes to.

Invariants:
- a date is one VEVENT whose UID is `<date_id>@interra.be`, in every file and at every fetch, so a
  calendar app updates the event it already has when a date moves, rather than adding another;
- times are UTC (`...Z`): no VTIMEZONE is needed, and the app shows them in the phone's time;
- a cancelled date stays in the file with STATUS:CANCELLED, so that subscribed phones remove it;
- the online link is only in a member's feed, only on a date they hold a confirmed seat on (as
  the dates API gives it); the public file says "Online", nothing more;
- a date never leaves a file because it took place (held, attended): it leaves a member's feed
  when it is no longer theirs (they left it, an offer expired, retention forgot it).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vDuration

from workshops.schedule import LOCAL_TIME

PRODID = "-//Interra//Ateliers//FR"
UID_DOMAIN = "interra.be"
PUBLIC_DATES = ("planned", "cancelled", "held")
"""The dates of a workshop's public file (planned ones are to come or not yet reported)."""
FEED_REGISTRATIONS = ("confirmed", "offered", "attended", "no_show")
"""A member's feed: the dates they hold a seat on (offered: still to confirm), and past ones they held."""
REFRESH = timedelta(hours=1)
"""How often a subscribed app should fetch the file again (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""
ONLINE = "Online"
DESCRIPTION_CHARS = 300
STATUS = {"planned": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
class FeedEntry:
    """One date of a member's feed: the workshop, the date, its venue (None: online), and the
    member's registration on it."""

    workshop: dict
    date: dict
    venue: dict | None
    registration: dict


def workshop_calendar(workshop: dict, dates: list[dict], venues_by_id: dict[str, dict],
                      stamp: datetime | None = None) -> bytes:  # fmt: skip
    """A workshop's dates for anyone (PUBLIC_DATES; the caller shows only a workshop the public
    may see): where and when, never the online link."""
    stamp = _stamp(stamp)
    calendar = _calendar(f"Interra Ateliers · {workshop['title']}")
    for date in dates:
        if date["status"] in PUBLIC_DATES:
            venue = venues_by_id.get(date.get("venue_id") or "")
            calendar.add_component(_event(workshop, date, venue, stamp, _summary(workshop)))
    return calendar.to_ical()


def member_feed(entries: list[FeedEntry], stamp: datetime | None = None) -> bytes:
    """A member's own dates (FEED_REGISTRATIONS), soonest first; the online link on the dates
    they are confirmed on (online_link_for)."""
    stamp = _stamp(stamp)
    calendar = _calendar("Interra Ateliers · mes dates")
    mine = [entry for entry in entries if entry.registration["status"] in FEED_REGISTRATIONS]
    for entry in sorted(mine, key=lambda e: (e.date["starts_at"], e.date["_id"])):
        calendar.add_component(_feed_event(entry, stamp))
    return calendar.to_ical()


def online_link_for(entry: FeedEntry) -> str | None:
    """The online link is a confirmed participant's, and only while the date stands."""
    if entry.registration["status"] == "confirmed" and entry.date["status"] != "cancelled":
        return entry.date.get("online_link")
    return None


def _feed_event(entry: FeedEntry, stamp: datetime) -> Event:
    """A date of a member's feed: a seat offered is TENTATIVE until they confirm it."""
    link = online_link_for(entry)
    offered = entry.registration["status"] == "offered" and entry.date["status"] == "planned"
    lines = [_summary(entry.workshop)]
    if offered:
        deadline = _local_text(entry.registration.get("offer_expires_at"))
        lines.insert(0, f"Une place vous est proposée : confirmez-la dans l'app avant {deadline}.")
    if link:
        lines.append(f"Lien : {link}")
    status = "TENTATIVE" if offered else None
    event = _event(entry.workshop, entry.date, entry.venue, stamp, "\n\n".join(lines), status)
    if link:
        event.add("url", link)
    return event


def _calendar(name: str) -> Calendar:
    """A VCALENDAR to subscribe to."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.calendar_name = name  # NAME (RFC 7986) and X-WR-CALNAME
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))  # the older name, for Outlook
    return calendar


def _stamp(stamp: datetime | None) -> datetime:
    """When the file is made (each event's DTSTAMP), in whole UTC seconds."""
    return (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


def _event(workshop: dict, date: dict, venue: dict | None, stamp: datetime, description: str,
           status: str | None = None) -> Event:  # fmt: skip
    """A date as a VEVENT: its stable UID, UTC times, the workshop's title, where, and its status."""
    event = Event()
    event.add("uid", f"{date['_id']}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(date["starts_at"]))
    event.add("dtend", _utc(date["ends_at"]))
    event.add("summary", workshop["title"])
    event.add("location", f"{venue['name']}, {venue['address']}" if venue else ONLINE)
    event.add("description", ("Date annulée.\n\n" if date["status"] == "cancelled" else "") + description)
    event.add("status", status or STATUS.get(date["status"], "CONFIRMED"))
    event.add("transp", "OPAQUE")
    return event


def _summary(workshop: dict) -> str:
    """The workshop's own words, cut short, and whose it is."""
    text = " ".join(workshop.get("description", "").split())
    if len(text) > DESCRIPTION_CHARS:
        text = text[: DESCRIPTION_CHARS - 1].rstrip() + "…"
    return f"{text}\n\nUn atelier Interra (Liège)." if text else "Un atelier Interra (Liège)."


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC)


def _local_text(iso: str | None) -> str:
    """A deadline as Liège says it: 14/01/2027 à 18:00."""
    return datetime.fromisoformat(iso).astimezone(LOCAL_TIME).strftime("le %d/%m/%Y à %H:%M") if iso else "son échéance"
