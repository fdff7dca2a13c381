"""A workshop's dates, pure: one-off or recurring (weekly, every two weeks) for at most a year.

Dates are planned in Liège's wall-clock time: a workshop every Tuesday at 18:00 stays at 18:00 across
the change to summer time. Recurrence is python-dateutil's rrule (RFC 5545), not date arithmetic
of our own; every date is stored in UTC.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule

LOCAL_TIME = ZoneInfo("Europe/Brussels")
FREQUENCIES = {"once": None, "weekly": 1, "biweekly": 2}
"""How often a workshop meets: the interval in weeks of a recurring one."""
MAX_SPAN = timedelta(days=366)
"""A series is planned for a year at most (then it is evaluated and planned again)."""
MIN_MINUTES, MAX_MINUTES = 30, 8 * 60


@dataclass(frozen=True)
class Recurrence:
    """When a workshop meets: the first date (local time), how long, how often, until when."""

    first_start: datetime  # naive: Liège wall-clock time
    minutes: int
    frequency: str = "once"
    count: int | None = None
    until: datetime | None = None  # naive, local: the last date starts on or before it


def recurrence_errors(recurrence: Recurrence, now: datetime) -> dict[str, list[str]]:
    """What is wrong with a planned series, as {field: [messages]} (empty: it can be planned)."""
    errors: dict[str, list[str]] = {}
    if recurrence.frequency not in FREQUENCIES:
        errors["frequency"] = [f"must be one of: {', '.join(FREQUENCIES)}"]
        return errors
    if not MIN_MINUTES <= recurrence.minutes <= MAX_MINUTES:
        errors["minutes"] = [f"must be between {MIN_MINUTES} and {MAX_MINUTES}"]
    first = local(recurrence.first_start)
    if first <= now:
        errors["first_start"] = ["must be in the future"]
    if recurrence.frequency == "once":
        if recurrence.count not in (None, 1) or recurrence.until is not None:
            errors["frequency"] = ["a one-off date has no count or end date"]
        return errors
    if (recurrence.count is None) == (recurrence.until is None):
        errors["count"] = ["give either a count of dates or an end date"]
    elif recurrence.until is not None and recurrence.until < recurrence.first_start:
        errors["until"] = ["the series cannot end before it starts"]
    elif recurrence.count is not None and recurrence.count < 1:
        errors["count"] = ["at least one date"]
    if not errors:
        last = dates_of(recurrence)[-1][0]
        if last - first > MAX_SPAN:
            errors["count" if recurrence.count else "until"] = ["a series lasts a year at most"]
    return errors


def dates_of(recurrence: Recurrence) -> list[tuple[datetime, datetime]]:
    """(start, end) of every date of the series, aware, in UTC. Assumes recurrence_errors is empty."""
    minutes = timedelta(minutes=recurrence.minutes)
    if recurrence.frequency == "once":
        starts = [recurrence.first_start]
    else:
        # beyond a year the series is refused; the cap keeps a huge count from being expanded at all
        count = min(recurrence.count, 60) if recurrence.count else None
        starts = list(
            rrule(
                WEEKLY,
                interval=FREQUENCIES[recurrence.frequency],
                dtstart=recurrence.first_start,
                count=count,
                until=recurrence.until if count is None else None,
            )
        )
    return [(local(start).astimezone(UTC), (local(start) + minutes).astimezone(UTC)) for start in starts]


def local(wall_clock: datetime) -> datetime:
    """A naive Liège wall-clock time as an aware datetime."""
    return wall_clock.replace(tzinfo=LOCAL_TIME)


def overlaps(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    """Two [start, end) intervals share a moment (back-to-back dates do not)."""
    return a[0] < b[1] and b[0] < a[1]


def one_date_errors(start: datetime, minutes: int, now: datetime) -> dict[str, list[str]]:
    """What is wrong with one date moved to `start` (Liège time) for `minutes`, by field."""
    errors = recurrence_errors(Recurrence(start, minutes), now)
    return {"start" if field == "first_start" else field: messages for field, messages in errors.items()}


def interval(date: dict) -> tuple[datetime, datetime]:
    """A stored date's [start, end)."""
    return datetime.fromisoformat(date["starts_at"]), datetime.fromisoformat(date["ends_at"])


WEEK = 7
"""The days a window covers when it names only one end (a coordinator's week view)."""


def day_window(first: date | None, last: date | None, today: date, max_days: int) -> tuple[date, date]:
    """The days [first, last] (Liège time, both included) a coordinator asks for: a week from `first`
    (default today) or up to `last` when only one end is given. Invalid (to before from, longer than
    max_days) raises ValueError naming the field."""
    if first is None:
        first = today if last is None else last - timedelta(days=WEEK - 1)
    if last is None:
        last = first + timedelta(days=WEEK - 1)
    if last < first:
        raise ValueError("to", "not before from")
    if (last - first).days + 1 > max_days:
        raise ValueError("to", f"a window spans {max_days} days at most")
    return first, last


def utc_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) in UTC of the days first..last of Liège (a day of 23 or 25 hours across a change of time)."""
    start = datetime.combine(first, time(), LOCAL_TIME)
    end = datetime.combine(last + timedelta(days=1), time(), LOCAL_TIME)
    return start.astimezone(UTC), end.astimezone(UTC)
