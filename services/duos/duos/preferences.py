"""Weekly availability and partner preferences, pure: what a request or an offer says it accepts."""

from collections.abc import Iterable

from duos.matching import SLOTS_PER_DAY, SLOTS_PER_WEEK
from interra_contracts.vocabulary import WEEK_DAYS as DAYS

SLOT_MINUTES = 24 * 60 // SLOTS_PER_DAY
ALL_WEEK = frozenset(range(SLOTS_PER_WEEK))
"""No availability given: flexible, any time."""


def minutes_of(clock: str) -> int:
    """'19:30' -> 1170; ValueError unless HH:MM on a half hour (24:00 allowed as an end)."""
    hours, _, minutes = clock.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"{clock!r} is not a time like 19:30")
    total = int(hours) * 60 + int(minutes)
    if total % SLOT_MINUTES or not 0 <= total <= 24 * 60:
        raise ValueError(f"{clock!r}: use times on the hour or half hour")
    return total


def window_errors(windows: Iterable[dict]) -> list[str]:
    errors = []
    for window in windows:
        try:
            start, end = minutes_of(window["start"]), minutes_of(window["end"])
        except ValueError as exc:
            errors.append(str(exc))
            continue
        if end <= start:
            errors.append(f"{window['day']} {window['start']}-{window['end']}: the end must come after the start")
    return errors


def slots_of(windows: Iterable[dict]) -> frozenset[int]:
    """Weekly half-hour slot indexes (Monday 00:00 = 0) covered by windows {day, start, end}."""
    slots = set()
    for window in windows:
        base = DAYS.index(window["day"]) * SLOTS_PER_DAY
        start, end = minutes_of(window["start"]) // SLOT_MINUTES, minutes_of(window["end"]) // SLOT_MINUTES
        slots.update(range(base + start, base + end))
    return frozenset(slots)
