"""The weekly commitment of a duo, pure: at least 30 minutes of conversation a week.

No session for INACTIVE_WEEKS -> both are nudged (DuoInactive); for REMATCH_WEEKS -> staff are
asked to consider a rematch.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from interra_contracts.vocabulary import DUO_MAX_SESSION_MINUTES as MAX_SESSION_MINUTES

WEEKLY_MINUTES = 30
INACTIVE_WEEKS = 2
REMATCH_WEEKS = 4


def weeks_without_session(last_activity: date, today: date) -> int:
    """Whole weeks since the last session (or since the duo began, before any session)."""
    return max(0, (today - last_activity).days // 7)


def inactivity(last_activity: date, today: date, already_notified_weeks: int) -> tuple[int, bool] | None:
    """(weeks, needs_rematch) when a new nudge is due, else None (one nudge per week of silence)."""
    weeks = weeks_without_session(last_activity, today)
    if weeks >= INACTIVE_WEEKS and weeks > already_notified_weeks:
        return weeks, weeks >= REMATCH_WEEKS
    return None


def session_errors(held_on: date, minutes: int, duo_began: date, today: date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if held_on > today:
        errors["held_on"] = ["cannot be in the future"]
    elif held_on < duo_began:
        errors["held_on"] = ["is before the duo began"]
    if not 1 <= minutes <= MAX_SESSION_MINUTES:
        errors["minutes"] = [f"must be between 1 and {MAX_SESSION_MINUTES}"]
    return errors


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_minutes(sessions: Iterable[tuple[date, int]]) -> dict[str, int]:
    """Minutes per ISO week."""
    weeks: dict[str, int] = defaultdict(int)
    for held_on, minutes in sessions:
        weeks[week_of(held_on)] += minutes
    return dict(sorted(weeks.items()))


def weeks_between(began: date, today: date) -> list[str]:
    """Every ISO week from the duo's first to the current one."""
    weeks, day = [], began
    while day <= today:
        if not weeks or weeks[-1] != week_of(day):
            weeks.append(week_of(day))
        day = date.fromordinal(day.toordinal() + 1)
    return weeks


def commitment_share(minutes_by_week: dict[str, int], weeks: list[str]) -> float | None:
    """Share of the duo's weeks with at least 30 minutes (None before its first week ends)."""
    if not weeks:
        return None
    return sum(1 for week in weeks if minutes_by_week.get(week, 0) >= WEEKLY_MINUTES) / len(weeks)
