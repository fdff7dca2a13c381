"""Registration that keeps a group mixed, pure: seats held for newcomers and for locals, a waiting
list, offers of freed seats with a deadline.

A date has a capacity and a target newcomer share (50% by default). Its seats are held for each
group: round(capacity x share) for newcomers, the rest for locals. A person whose group's seats are
taken is waitlisted even if the other group's are free — until OPEN_HOURS before the start, when the
seats still empty open to anyone. A freed seat is offered to the next eligible person on the waiting
list, who confirms it within OFFER_HOURS, and never later than LAST_CALL_HOURS before the start.

The store keeps the counts (free seats per group) and changes them with conditional updates; these
functions say which seat a person may take and what the rules are, nothing else.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

GROUPS = ("newcomer", "local")
"""A member's group is their kind (members service: in Belgium for less than three years)."""
DEFAULT_SHARE = 0.5
OPEN_HOURS = 48
OFFER_HOURS = 48
LAST_CALL_HOURS = 2


@dataclass(frozen=True)
class MixRules:
    """The configurable times of the mix (hours)."""

    open_hours: float = OPEN_HOURS
    offer_hours: float = OFFER_HOURS
    last_call_hours: float = LAST_CALL_HOURS


def held_seats(capacity: int, newcomer_share: float) -> dict[str, int]:
    """The seats held for each group: a share of 0.5 on 15 seats holds 8 for newcomers, 7 for locals."""
    newcomers = min(capacity, max(0, int(capacity * newcomer_share + 0.5)))
    return {"newcomer": newcomers, "local": capacity - newcomers}


def other(group: str) -> str:
    return GROUPS[1 - GROUPS.index(group)]


def open_to_all(starts_at: datetime, now: datetime, rules: MixRules = MixRules()) -> bool:
    """Close to the start, empty seats are anyone's: better a full table than a perfect mix."""
    return now >= starts_at - timedelta(hours=rules.open_hours)


def seats_to_try(group: str, starts_at: datetime, now: datetime, rules: MixRules = MixRules()) -> tuple[str, ...]:
    """Whose held seats a person of `group` may take, in order: their own group's, then (once the
    date is open to all) the other group's."""
    return (group, other(group)) if open_to_all(starts_at, now, rules) else (group,)


def offer_deadline(starts_at: datetime, now: datetime, rules: MixRules = MixRules()) -> datetime | None:
    """Until when a freed seat offered now may be confirmed: OFFER_HOURS, never past LAST_CALL_HOURS
    before the start; None when that moment has passed (too late to offer the seat)."""
    deadline = min(now + timedelta(hours=rules.offer_hours), starts_at - timedelta(hours=rules.last_call_hours))
    return deadline if deadline > now else None


def share_of_newcomers(newcomers: int, locals_: int) -> float | None:
    total = newcomers + locals_
    return round(newcomers / total, 3) if total else None
