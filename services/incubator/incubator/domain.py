"""Incubator's rules (InterLab), pure: what an application may be, when it is open, what others may know."""

from dataclasses import dataclass
from datetime import date, datetime

from interra_chassis.gdpr import exported, without_id
from interra_contracts.vocabulary import APPLICATION_STATUSES, INCUBATOR_SECTORS

SECTORS = INCUBATOR_SECTORS
STATUSES = APPLICATION_STATUSES

OPEN_STATUSES = ("submitted",)
"""An application in one of these is still open: a member has at most one open application."""

MEMBER_FIELDS = ("kind", "region", "languages")
"""What this service keeps of a member (from MemberRegistered): never names, e-mail or phone."""


def application_errors(application: dict, member: dict | None) -> dict[str, list[str]]:
    """Business rules a well-formed application must also meet, as {field: [messages]}."""
    errors: dict[str, list[str]] = {}
    if member is None:
        errors["member_id"] = [f"unknown member {application['member_id']!r}"]
    return errors


def with_status(application: dict, status: str) -> dict:
    """The application in `status`; `open` (what the one-open-application index sees) follows it."""
    return {**application, "status": status, "open": status in OPEN_STATUSES}


def new_application(application: dict, application_id: str, now: datetime) -> dict:
    """The application a valid request creates: submitted, hence open."""
    return with_status(
        {
            "_id": application_id,
            "member_id": application["member_id"],
            "project_title": application["project_title"],
            "sector": application["sector"],
            "description": application["description"],
            "cohort": application.get("cohort"),
            "created_at": now.isoformat(timespec="microseconds"),
        },
        "submitted",
    )


def applied_event(application: dict) -> dict:
    """EntrepreneurApplied data: who applied, in which sector and cohort; no free text."""
    return {
        "application_id": application["_id"],
        "member_id": application["member_id"],
        "sector": application["sector"],
        "cohort": application["cohort"],
    }


def member_export(known_as: dict | None, applications: list[dict]) -> dict:
    """What the service holds about a member (right of access), as plain data: the read model
    without its id, and their applications with the id under `application_id`."""
    return {
        "known_as": without_id(known_as),
        "applications": [exported(application, "application_id") for application in applications],
    }


# --- Calls and the review of applications (InterLab, issue 10: first step, pure) -------------------


@dataclass(frozen=True)
class Move:
    """A step of an application's review: where it leads, from where, who makes it, what it needs."""

    to: str
    from_: tuple[str, ...]
    by: str = "staff"  # staff: an incubator coordinator; applicant: the member who applies
    reason: bool = False  # a reason must be given (told to the applicant)
    needs: tuple[str, ...] = ()  # prerequisites, by name (PREREQUISITES)


REVIEW_STATUSES = (
    "draft",  # saved by the applicant, not yet sent
    "submitted",  # sent within an open call
    "more_info_requested",  # a coordinator asked the applicant for more
    "in_review",  # reviewers score it
    "interview",  # the applicant is met
    "admitted",  # a place in the cohort
    "waitlisted",  # ranked, waiting for a place
    "declined",
    "withdrawn",  # by the applicant
)
CLOSED = ("admitted", "declined", "withdrawn")
"""An application in one of these is over; any other is open (one open application per member and call)."""
MOVES: dict[str, Move] = {
    "submit": Move("submitted", ("draft",), by="applicant", needs=("call_open",)),
    "ask_more_info": Move("more_info_requested", ("submitted", "in_review")),
    "answer": Move("submitted", ("more_info_requested",), by="applicant"),
    "review": Move("in_review", ("submitted",)),
    "invite": Move("interview", ("in_review",)),
    "admit": Move("admitted", ("in_review", "interview", "waitlisted"), needs=("a_place_left",)),
    "waitlist": Move("waitlisted", ("in_review", "interview")),
    "decline": Move(
        "declined", ("submitted", "more_info_requested", "in_review", "interview", "waitlisted"), reason=True
    ),
    "withdraw": Move("withdrawn", tuple(s for s in REVIEW_STATUSES if s not in CLOSED), by="applicant"),
}
PREREQUISITES = {
    "call_open": "the call for this cohort is open",
    "a_place_left": "a place left in the cohort",
}


def review_move_error(application: dict, move: str, facts: dict[str, bool], by: str = "staff") -> str | None:
    """Why `move` may not happen now to this application, or None (the one answer)."""
    step = MOVES.get(move) if isinstance(move, str) else None
    if step is None:
        return f"unknown move {move!r}; moves: {', '.join(MOVES)}"
    if application["status"] not in step.from_:
        allowed = ", ".join(name for name, s in MOVES.items() if application["status"] in s.from_) or "none"
        return f"a {application['status']} application cannot {move}; allowed: {allowed}"
    if step.by != by:
        return f"only {'the applicant' if step.by == 'applicant' else 'an incubator coordinator'} can {move}"
    missing = [PREREQUISITES[need] for need in step.needs if not facts.get(need)]
    return f"{move} needs {'; '.join(missing)}" if missing else None


def call_open(call: dict, today: date) -> bool:
    """A call takes applications from its opening day to its closing day, both included."""
    return date.fromisoformat(call["opens_on"]) <= today <= date.fromisoformat(call["closes_on"])


def call_errors(call: dict) -> dict[str, list[str]]:
    """What is wrong with a call a coordinator opens, by field."""
    errors = {}
    if call["closes_on"] < call["opens_on"]:
        errors["closes_on"] = ["the call cannot close before it opens"]
    if not 1 <= call["places"] <= 200:
        errors["places"] = ["between 1 and 200"]
    return errors


def admitted_event(application: dict, call: dict) -> dict:
    return {"application_id": application["_id"], "member_id": application["member_id"], "cohort": call["cohort"]}


def declined_event(application: dict, call: dict, reason: str) -> dict:
    return {**admitted_event(application, call), "reason": reason}
