"""Workshops' rules, pure: what a proposal may be, what a new workshop looks like, what others may know."""

from dataclasses import dataclass
from datetime import datetime

from interra_chassis.gdpr import exported, without_id
from interra_contracts.vocabulary import WORKSHOP_CATEGORIES, WORKSHOP_STATUSES

CATEGORIES = WORKSHOP_CATEGORIES
STATUSES = WORKSHOP_STATUSES
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


def member_export(known_as: dict | None, proposed: list[dict]) -> dict:
    """What the service holds about a member (right of access), as plain data: the read model
    without its id, and the workshops they proposed with the id under `workshop_id`."""
    return {
        "known_as": without_id(known_as),
        "workshops_proposed": [exported(workshop, "workshop_id") for workshop in proposed],
    }


# --- The accompaniment pipeline (Ateliers steps B-F) ------------------------------------------------


@dataclass(frozen=True)
class Move:
    """A step of the pipeline: where it leads, from where, who makes it, what it needs first."""

    to: str
    from_: tuple[str, ...]
    by: str = "staff"  # staff: a workshop coordinator; proposer: the member who proposed it
    needs: tuple[str, ...] = ()  # prerequisites, by name (PREREQUISITES)
    reason: bool = False  # a reason must be given (kept, and told to the proposer)


PIPELINE = (
    "proposed",  # A: a member proposed it
    "in_conversation",  # B: Interra receives the proposer
    "training",  # C: trained; the leader's charter fixes commitments and attitudes
    "venue_search",  # D: a partner venue is sought
    "scheduled",  # E: dates planned at a venue or online
    "published",  # E: promoted; members register
    "running",  # E: it happens; staff attend the first dates
    "evaluating",  # F: its real impact is evaluated
    "completed",
)
ASIDE = ("declined", "withdrawn", "paused")
ACTIVE = PIPELINE[:-1]
MOVES: dict[str, Move] = {
    "accept": Move("in_conversation", ("proposed",)),
    "train": Move("training", ("in_conversation",)),
    "seek_venue": Move("venue_search", ("training",)),
    "schedule": Move("scheduled", ("venue_search",), needs=("a_placed_date",)),
    "publish": Move("published", ("scheduled",), needs=("a_future_date", "a_capacity")),
    "start": Move("running", ("published",), needs=("charter_accepted",)),
    "evaluate": Move("evaluating", ("running",)),
    "complete": Move("completed", ("evaluating",), needs=("impact_recorded",)),
    "decline": Move("declined", PIPELINE[:5], reason=True),
    "pause": Move("paused", PIPELINE[1:7], reason=True),
    "resume": Move("paused_from", ("paused",)),  # back to the status it paused in
    "withdraw": Move("withdrawn", (*ACTIVE, "paused"), by="proposer"),
}
PREREQUISITES = {
    "a_placed_date": "at least one date at a booked venue or with an online link",
    "a_future_date": "a date still to come",
    "a_capacity": "a capacity on every date to come",
    "charter_accepted": "the proposer has accepted the leader's charter",
    "impact_recorded": "the workshop's impact evaluation is recorded",
}


def move_error(workshop: dict, move: str, facts: dict[str, bool], by: str = "staff") -> str | None:
    """Why `move` may not happen now, or None: the one answer to "may this move happen".

    facts: which PREREQUISITES hold (the service finds them in its store)."""
    step = MOVES.get(move) if isinstance(move, str) else None
    if step is None:
        return f"unknown move {move!r}; moves: {', '.join(MOVES)}"
    if workshop["status"] not in step.from_:
        allowed = ", ".join(allowed_moves(workshop)) or "none"
        return f"a {workshop['status']} workshop cannot {move}; allowed: {allowed}"
    if step.by != by:
        return f"only {'the proposer' if step.by == 'proposer' else 'a workshop coordinator'} can {move}"
    missing = [PREREQUISITES[need] for need in step.needs if not facts.get(need)]
    return f"{move} needs {'; '.join(missing)}" if missing else None


def allowed_moves(workshop: dict) -> list[str]:
    """The moves from the workshop's status (prerequisites aside)."""
    return [name for name, step in MOVES.items() if workshop["status"] in step.from_]


def status_after(workshop: dict, move: str) -> str:
    """Where a move leads: resume goes back where the workshop paused."""
    return workshop["paused_from"] if move == "resume" else MOVES[move].to


def step_record(workshop: dict, move: str, by: str, at: str, reason: str | None) -> dict:
    """What the workshop's history keeps of a move: from where to where, who, when, why."""
    return {"move": move, "from": workshop["status"], "to": status_after(workshop, move), "by": by, "at": at,
            "reason": reason}  # fmt: skip
