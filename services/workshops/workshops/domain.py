"""Workshops' rules, pure: what a proposal may be, what a new workshop looks like, what others may know."""

from datetime import datetime

from interra_chassis.gdpr import exported, without_id
from interra_contracts.api import common
from interra_contracts.vocabulary import WORKSHOP_CATEGORIES, WORKSHOP_STATUSES

CATEGORIES = WORKSHOP_CATEGORIES
STATUSES = WORKSHOP_STATUSES
DEFAULT_LIMIT, MAX_LIMIT = common.DEFAULT_LIMIT, common.MAX_LIMIT
MEMBER_FIELDS = ("kind", "region", "languages")
"""What this service keeps of a member (from MemberRegistered): never names, e-mail or phone."""


def proposal_errors(proposal: dict, proposer: dict | None) -> dict[str, list[str]]:
    """Business rules a well-formed proposal must also meet, as {field: [messages]}."""
    errors: dict[str, list[str]] = {}
    if proposer is None:
        errors["proposer_id"] = [f"unknown member {proposal['proposer_id']!r}"]
    return errors


def unique(values: list[str]) -> list[str]:
    """The values without repeats, first occurrence first."""
    return list(dict.fromkeys(values))


def new_workshop(proposal: dict, workshop_id: str, now: datetime) -> dict:
    """The workshop a valid proposal creates: received, not yet scheduled."""
    return {
        "_id": workshop_id,
        "proposer_id": proposal["proposer_id"],
        "title": proposal["title"],
        "description": proposal["description"],
        "category": proposal["category"],
        "languages": unique(proposal["languages"]),
        "format": proposal["format"],
        "status": "proposed",
        "created_at": now.isoformat(timespec="microseconds"),
    }


def proposed_event(workshop: dict) -> dict:
    """WorkshopProposed data: the workshop without its free-text description."""
    return {
        "workshop_id": workshop["_id"],
        "proposer_id": workshop["proposer_id"],
        "title": workshop["title"],
        "category": workshop["category"],
        "languages": workshop["languages"],
        "format": workshop["format"],
    }


def page_limit(limit: int) -> int:
    """A page never holds more than MAX_LIMIT items, whatever the caller asks."""
    return min(limit, MAX_LIMIT)


def member_export(known_as: dict | None, proposed: list[dict]) -> dict:
    """What the service holds about a member (right of access), as plain data: the read model
    without its id, and the workshops they proposed with the id under `workshop_id`."""
    return {
        "known_as": without_id(known_as),
        "workshops_proposed": [exported(workshop, "workshop_id") for workshop in proposed],
    }
