"""Duo-Langue rules, pure: who may learn or volunteer, and how a stored request or offer is seen by the
matching engine (duos.matching), which decides globally who meets whom.
"""

from datetime import datetime

from duos import matching
from interra_chassis.gdpr import exported, without_id
from interra_contracts.vocabulary import DUO_MAX_CAPACITY

VOLUNTEER_LEVELS = ("C1", "C2", "native")
READ_MODEL_FIELDS = ("kind", "region", "french_level", "languages", "interests", "birth_year", "gender")
"""What Duo-Langue keeps of a member (from MemberRegistered): what matching needs, nothing personal."""
MAX_CAPACITY = DUO_MAX_CAPACITY
ERASED = "erased"
"""What stands in a duo for a member who exercised the right to erasure."""
ENDED_BY_ERASURE = {"status": "ended", "end_reason": "member_erased"}
STARTED = ("active", "ended")
"""Statuses of a duo that began; a proposal awaiting review (proposed) or rejected never did."""
MATCH_MODES = ("automatic", "review")
"""automatic: the engine's pairs become duos at once; review: a coordinator accepts or rejects each."""


def learner_error(member: dict | None) -> str | None:
    """Why this member cannot ask for a duo, or None."""
    if member is None:
        return "unknown member: register first"
    if member["kind"] != "newcomer":
        return "Duo-Langue pairs newcomers (in Belgium for less than 3 years) with volunteers"
    if member["french_level"] == "native":
        return "a native French speaker can volunteer instead"
    return None


def volunteer_error(member: dict | None) -> str | None:
    """Why this member cannot offer a duo, or None."""
    if member is None:
        return "unknown member: register first"
    if member["french_level"] not in VOLUNTEER_LEVELS:
        return "volunteers speak French at level C1, C2 or natively"
    return None


def _person(request: dict, member: dict) -> dict:
    """What both sides tell the engine: the request's preferences and the member's read model."""
    age_range = request.get("age_range")
    return {
        "request_id": request["_id"],
        "member_id": request["member_id"],
        "region": request["region"],
        "formats": frozenset(request.get("formats") or ["video"]),
        "cross_region": bool(request.get("cross_region")),
        "slots": frozenset(request.get("slots") or ()),
        "interests": frozenset(request.get("interests") or ()),
        "languages": frozenset(member.get("languages") or ()) - {"fr"},  # other languages than French
        "birth_year": member["birth_year"],
        "gender": member.get("gender"),
        "gender_preference": request.get("gender_preference"),
        "age_range": (age_range["min"], age_range["max"]) if age_range else None,
    }


def learner_of(request: dict, member: dict, now: datetime) -> matching.Learner:
    """A waiting learner request as the engine sees it; waiting time counts from the first ask, so a
    learner whose duo ended keeps their seniority."""
    waited = (now - datetime.fromisoformat(request["created_at"])).total_seconds() / 86400
    return matching.Learner(**_person(request, member), french_level=member["french_level"], waited_days=waited)


def volunteer_of(offer: dict, member: dict) -> matching.Volunteer:
    """An open offer with free places as the engine sees it."""
    return matching.Volunteer(**_person(offer, member), places=offer["remaining"])


def engine_input(
    requests: list[dict], members: dict[str, dict], now: datetime
) -> tuple[list[matching.Learner], list[matching.Volunteer]]:
    """The waiting learners and open offers whose member Duo-Langue knows (an erased member's
    request is gone; one not yet known waits for MemberRegistered)."""
    learners, volunteers = [], []
    for request in requests:
        member = members.get(request["member_id"])
        if member is None or member.get("birth_year") is None:
            continue
        if request["side"] == "learner":
            learners.append(learner_of(request, member, now))
        elif request.get("remaining", 0) > 0:
            volunteers.append(volunteer_of(request, member))
    return learners, volunteers


def new_duo(proposal: matching.Proposal, region: str, status: str, at: str, duo_id: str) -> dict:
    """The duo a proposal becomes (status active, or proposed when staff review pairs first)."""
    return {
        "_id": duo_id,
        "learner_id": proposal.learner_id,
        "volunteer_id": proposal.volunteer_id,
        "learner_request_id": proposal.learner_request_id,
        "volunteer_request_id": proposal.volunteer_request_id,
        "region": region,
        "score": proposal.score,
        "reasons": list(proposal.reasons),
        "status": status,
        "created_at": at,
    }


def duo_members(duo: dict) -> set[str]:
    """The members of a duo who can still act on it (an erased member is no one)."""
    return {duo["learner_id"], duo["volunteer_id"]} - {ERASED}


def member_export(known_as: dict | None, requests: list[dict], duos: list[dict], evaluations: list[dict]) -> dict:
    """What Duo-Langue holds about a member (right of access), as plain data: the read model
    without its id, their requests and offers, their duos, the evaluations they gave."""
    return {
        "known_as": without_id(known_as),
        "requests": [exported(request, "request_id") for request in requests],
        "duos": [exported(duo, "duo_id") for duo in duos],
        "evaluations": [exported(evaluation, "evaluation_id") for evaluation in evaluations],
    }
