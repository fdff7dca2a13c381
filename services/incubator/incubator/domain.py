"""Incubator's rules (InterLab), pure: what an application may be, when it is open, what others may know."""

from dataclasses import dataclass
from datetime import date, datetime

from interra_chassis.gdpr import exported, without_id
from interra_contracts.vocabulary import APPLICATION_STATUSES, INCUBATOR_SECTORS

SECTORS = INCUBATOR_SECTORS
STATUSES = APPLICATION_STATUSES

MEMBER_FIELDS = ("kind", "region", "languages", "french_level", "gender")
"""What this service keeps of a member (from MemberRegistered): never names, e-mail or phone. Region,
languages and French level serve mentor matching; kind and gender the figures funders ask for."""
PROJECT_FIELDS = ("title", "sector", "stage", "description", "needs", "team_size", "newcomer_founders")
"""What a submitted application's project must say (a draft may leave any of them for later)."""


def application_errors(
    application: dict, member: dict | None, call: dict | None, submitting: bool
) -> dict[str, list[str]]:
    """Business rules a well-formed application must also meet, as {field: [messages]}: a known
    member, a known call, answers to that call's questions only, and (to submit) a whole project and
    every question answered."""
    errors: dict[str, list[str]] = {}
    if member is None:
        errors["member_id"] = [f"unknown member {application['member_id']!r}"]
    if call is None:
        errors["call_id"] = [f"no call {application['call_id']!r}"]
        return errors
    keys = [question["key"] for question in call["questions"]]
    if unknown := sorted(set(application.get("answers", {})) - set(keys)):
        errors["answers"] = [f"this call asks no question {key!r}" for key in unknown]
    if submitting:
        project = application.get("project") or {}
        missing = [name for name in PROJECT_FIELDS if project.get(name) is None]
        if missing:
            errors["project"] = [f"{name} is needed to submit (a draft may wait)" for name in missing]
        if unanswered := [key for key in keys if not application.get("answers", {}).get(key)]:
            errors.setdefault("answers", []).extend(f"{key!r} is needed to submit" for key in unanswered)
    return errors


def with_status(application: dict, status: str) -> dict:
    """The application in `status`. `counts` (what the one-application-per-member-and-call index
    sees) holds unless it was withdrawn: a member who withdrew may apply to the same call again."""
    return {**application, "status": status, "counts": status != "withdrawn"}


def new_application(request: dict, call: dict, member: dict, application_id: str, now: datetime) -> dict:
    """The application a valid request creates: a draft, or submitted at once. `applicant` keeps the
    member's kind and gender as they were (the figures count them; erasure keeps them, unlinked)."""
    submitted = request["submit"]
    application = {
        "_id": application_id,
        "call_id": call["_id"],
        "cohort": call["cohort"],
        "member_id": request["member_id"],
        "applicant": {"kind": member.get("kind"), "gender": member.get("gender")},
        "language": request["language"],
        "project": request["project"],
        "answers": request["answers"],
        "decline_reason": None,
        "more_info": None,
        "project_id": None,
        "history": [history_entry("submit", "draft", "submitted", now)] if submitted else [],
        "created_at": now.isoformat(timespec="microseconds"),
        "submitted_at": now.isoformat(timespec="microseconds") if submitted else None,
    }
    return with_status(application, "submitted" if submitted else "draft")


def edited(application: dict, changes: dict) -> dict:
    """The application with the applicant's changes (project fields merge: a draft fills in over time)."""
    return {
        **application,
        **{key: changes[key] for key in ("language",) if key in changes},
        "project": {**application["project"], **changes.get("project", {})},
        "answers": {**application["answers"], **changes.get("answers", {})},
    }


EDITABLE = ("draft", "more_info_requested")
"""An applicant changes their application while it is a draft, or when a coordinator asked for more."""


def history_entry(move: str, status_from: str, status_to: str, at: datetime, reason=None, message=None) -> dict:
    return {"move": move, "status_from": status_from, "status_to": status_to, "at": at.isoformat(),
            "reason": reason, "message": message}  # fmt: skip


def applied_event(application: dict) -> dict:
    """EntrepreneurApplied data: who applied, in which sector and cohort; no free text."""
    return {
        "application_id": application["_id"],
        "member_id": application["member_id"],
        "sector": application["project"]["sector"],
        "cohort": application["cohort"],
    }


def status_changed_event(application: dict, move: str, reason: str | None) -> dict:
    """ApplicationStatusChanged data: what the applicant is told (never scores or comments)."""
    return {
        "application_id": application["_id"],
        "member_id": application["member_id"],
        "cohort": application["cohort"],
        "move": move,
        "status_from": application["status"],
        "status_to": MOVES[move].to,
        "reason": reason,
    }


def with_allowed_moves(application: dict, by: str | None = None) -> dict:
    """The application with the moves that may happen from its status (by one side, or any), and
    its place on the waiting list while it waits."""
    allowed = [name for name, step in MOVES.items() if application["status"] in step.from_ and by in (None, step.by)]
    waiting = application["status"] == "waitlisted"
    return {
        **application,
        "allowed_moves": allowed,
        "waitlist_rank": application.get("waitlist_rank") if waiting else None,
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


REVIEW_STATUSES = APPLICATION_STATUSES
"""draft (saved, not sent), submitted (within an open call), more_info_requested (a coordinator asked the
applicant for more), in_review (reviewers score it), interview (the applicant is met), admitted (a place in
the cohort), waitlisted (ranked, waiting for a place), declined, withdrawn (by the applicant)."""
CLOSED = ("admitted", "declined", "withdrawn")
"""An application in one of these is over: no move leads out of it."""
MOVES: dict[str, Move] = {
    "submit": Move("submitted", ("draft",), by="applicant", needs=("call_open",)),
    "ask_more_info": Move("more_info_requested", ("submitted", "in_review")),
    "answer": Move("submitted", ("more_info_requested",), by="applicant"),
    "review": Move("in_review", ("submitted",)),
    "invite": Move("interview", ("in_review",)),
    "admit": Move("admitted", ("in_review", "interview", "waitlisted"), needs=("two_reviews", "a_place_left")),
    "waitlist": Move("waitlisted", ("in_review", "interview"), needs=("two_reviews",)),
    "decline": Move(
        "declined", ("submitted", "more_info_requested", "in_review", "interview", "waitlisted"), reason=True
    ),
    "withdraw": Move("withdrawn", tuple(s for s in REVIEW_STATUSES if s not in CLOSED), by="applicant"),
}
PREREQUISITES = {
    "call_open": "the call for this cohort is open",
    "a_place_left": "a place left in the cohort",
    "two_reviews": "at least two submitted reviews",
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
    if call["starts_on"] < call["closes_on"]:
        errors["starts_on"] = ["the cohort starts after the call closes"]
    if call["ends_on"] <= call["starts_on"]:
        errors["ends_on"] = ["the cohort ends after it starts"]
    if not 1 <= call["places"] <= 200:
        errors["places"] = ["between 1 and 200"]
    keys = [question["key"] for question in call.get("questions", [])]
    if len(set(keys)) < len(keys):
        errors["questions"] = ["each question needs its own key"]
    if len(set(call.get("criteria", []))) < len(call.get("criteria", [])):
        errors["criteria"] = ["each criterion once"]
    return errors


def move_request_errors(move: str, reason: str | None, message: str | None) -> dict[str, list[str]]:
    """What a move request lacks or has too much of, by field."""
    errors = {}
    if MOVES[move].reason and reason is None:
        errors["reason"] = [f"a reason is needed to {move}"]
    if reason is not None and not MOVES[move].reason:
        errors["reason"] = [f"{move} takes no reason"]
    if move == "ask_more_info" and message is None:
        errors["message"] = ["say what more is needed (the applicant reads it)"]
    return errors


def move_events(application: dict, move: str, reason: str | None = None) -> list[tuple[str, dict]]:
    """The events a move publishes besides ApplicationStatusChanged."""
    if move in ("submit",):
        return [("EntrepreneurApplied", applied_event(application))]
    if move == "admit":
        return [("EntrepreneurAdmitted", admitted_event(application))]
    if move == "decline":
        return [("EntrepreneurDeclined", declined_event(application, reason))]
    return []


def admitted_event(application: dict) -> dict:
    return {key: application[key] for key in ("member_id", "cohort")} | {"application_id": application["_id"]}


def declined_event(application: dict, reason: str) -> dict:
    return {**admitted_event(application), "reason": reason}


def new_call(request: dict, call_id: str, now: datetime) -> dict:
    """The call a coordinator opens, dates as ISO strings (they compare in order)."""
    dates = {key: request[key].isoformat() for key in ("opens_on", "closes_on", "starts_on", "ends_on")}
    created_at = now.isoformat(timespec="microseconds")
    return {
        "_id": call_id,
        **request,
        **dates,
        "admitted": 0,
        "places_left": request["places"],
        "created_at": created_at,
    }


def call_view(call: dict, today: date) -> dict:
    return {**call, "open": call_open(call, today)}
