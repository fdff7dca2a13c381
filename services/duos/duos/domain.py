"""Duo-Langue rules, pure: who may learn or volunteer, the moves of a request, an offer and a duo (state
machines as data, one answer to "may this move happen, and if not, why"), and how a stored request or
offer is seen by the matching engine (duos.matching), which decides globally who meets whom.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from duos import matching, preferences
from interra_chassis.gdpr import exported, without_id
from interra_contracts.api.duos import DEFAULT_FORMATS
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


@dataclass(frozen=True)
class Move:
    """A move of a state machine: the statuses it may start from, the status it leads to (None: the
    status stays) and the fields it clears."""

    sources: tuple[str, ...]
    target: str | None = None
    clears: tuple[str, ...] = ()

    @property
    def changes(self) -> dict:
        return {"status": self.target} if self.target else {}


SIDE_NOUN = {"learner": "request", "volunteer": "offer"}
REQUEST_STATUSES = {
    "learner": ("waiting", "proposed", "matched", "paused", "withdrawn"),
    "volunteer": ("open", "paused", "withdrawn"),
}
"""A request opens waiting, an offer open (the first status). Matching, not the member, moves a learner
from waiting to proposed (review mode) or matched, and back to waiting, with their seniority, when the
duo ends or is rejected; an offer stays open while its duos take its places (remaining)."""
REQUEST_MOVES = {
    "learner": {
        "pause": Move(("waiting",), "paused"),
        "resume": Move(("paused",), "waiting"),
        "withdraw": Move(("waiting", "paused"), "withdrawn", clears=("open_key",)),
        "change": Move(("waiting", "paused")),
    },
    "volunteer": {
        "pause": Move(("open",), "paused"),
        "resume": Move(("paused",), "open"),
        "withdraw": Move(("open", "paused"), "withdrawn", clears=("open_key",)),
        "change": Move(("open", "paused")),
        "change_capacity": Move(("open", "paused")),
    },
}
"""What a member may do to their own request or offer. change: its availability or preferences;
withdraw clears the open_key, so the member may ask again; change_capacity: never below the places
the offer's duos hold (the store's conditional write)."""
DUO_STATUSES = ("proposed", "active", "ended", "rejected")
DUO_MOVES = {
    "accept": Move(("proposed",), "active"),
    "reject": Move(("proposed",), "rejected"),
    "end": Move(("active",), "ended"),
    "log_session": Move(("active",)),
}
"""A duo starts active, or proposed when a coordinator reviews pairs first (accept or reject); a member
of it or staff ends an active duo; its sessions are logged while it is active."""


def allowed_moves(moves: Mapping[str, Move], status: str) -> list[str]:
    """The moves that may start from this status, in the machine's order."""
    return [name for name, move in moves.items() if status in move.sources]


def move_error(moves: Mapping[str, Move], status: str, move: str, what: str) -> str | None:
    """Why `move` may not happen to a `what` in `status`, naming the moves that may; None if it may."""
    if move in moves and status in moves[move].sources:
        return None
    allowed = ", ".join(allowed_moves(moves, status)) or "none"
    article = "an" if status[:1] in tuple("aeiou") else "a"
    return f"{article} {status} {what} cannot {move}; allowed: {allowed}"


def request_move_error(request: dict, move: str) -> str | None:
    """Why the member may not make this move on their request or offer now, or None."""
    side = request["side"]
    return move_error(REQUEST_MOVES[side], request["status"], move, SIDE_NOUN[side])


def duo_move_error(duo: dict, move: str) -> str | None:
    """Why this move may not happen to the duo now, or None."""
    return move_error(DUO_MOVES, duo["status"], move, "duo")


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


def preference_errors(given: dict) -> list[str]:
    """What is wrong with the availability or the age range of a request or offer (the contract has
    checked each field alone): windows off the half hour or ending before they start, min above max."""
    errors = preferences.window_errors(given.get("availability") or [])
    age_range = given.get("age_range")
    if age_range and age_range["min"] > age_range["max"]:
        errors.append("age_range: min must not exceed max")
    return errors


def stored_preferences(given: dict, member: dict) -> dict:
    """What a request or offer stores of its preferences, with the weekly slots they cover. What it
    does not say: any time (flexible), the contract's DEFAULT_FORMATS, the interests of the profile."""
    windows = given.get("availability") or []
    return {
        "availability": windows,
        "slots": sorted(preferences.slots_of(windows) if windows else preferences.ALL_WEEK),
        "formats": sorted(set(given.get("formats") or DEFAULT_FORMATS)),
        "cross_region": bool(given.get("cross_region")),
        "interests": given["interests"] if given.get("interests") is not None else member.get("interests", []),
        "age_range": given.get("age_range"),
        "gender_preference": given.get("gender_preference"),
    }


def _person(request: dict, member: dict) -> dict:
    """What both sides tell the engine: the request's preferences and the member's read model."""
    age_range = request.get("age_range")
    return {
        "request_id": request["_id"],
        "member_id": request["member_id"],
        "region": request["region"],
        "formats": frozenset(request.get("formats") or DEFAULT_FORMATS),
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


def volunteers_to_invite(
    full_offers: list[dict],
    waiting: list[dict],
    last_duo_at: dict[str, str],
    round_started: datetime,
    after_days: float,
) -> list[tuple[dict, int]]:
    """The full volunteers to invite to take one more duo, each with how many learners of their region wait.
    A learner counts once they asked before this round started (a whole round has missed them) and at
    least `after_days` ago; a volunteer is asked only if their last duo began before this round and at
    least `after_days` ago. Rounds follow each other within seconds while people sign up, and the next
    ones usually match those learners: inviting a volunteer just matched would only be noise."""
    cutoff = round_started - timedelta(days=after_days)
    waiting_by_region = Counter(r["region"] for r in waiting if datetime.fromisoformat(r["created_at"]) < cutoff)
    return [
        (offer, waiting_by_region[offer["region"]])
        for offer in full_offers
        if waiting_by_region[offer["region"]]
        and datetime.fromisoformat(last_duo_at.get(offer["_id"], "0001-01-01T00:00:00+00:00")) < cutoff
    ]


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


def new_request(member: dict, side: str, capacity: int | None, prefs: dict, at: str, request_id: str) -> dict:
    """A learner's request (waiting) or a volunteer's offer (open, with capacity places), in the member's
    region; its open_key allows one of each open per member (unique in the store) until withdrawn."""
    return {
        **prefs,
        "_id": request_id,
        "member_id": member["_id"],
        "side": side,
        "region": member["region"],
        "status": REQUEST_STATUSES[side][0],
        "capacity": capacity,
        "remaining": capacity,
        "open_key": f"{side}:{member['_id']}",
        "created_at": at,
    }


def requested_event(request: dict) -> dict:
    """DuoRequested's data: who asks or offers, on which side, where, how many places; no preferences."""
    return {k: request[k] for k in ("member_id", "side", "region", "capacity")} | {"request_id": request["_id"]}


def matched_event(duo: dict) -> dict:
    """DuoMatched's data: ids, region, score and reasons, nothing personal."""
    return {k: duo[k] for k in ("learner_id", "volunteer_id", "region", "score", "reasons")} | {"duo_id": duo["_id"]}


def acceptance(duo: dict, reviewer_id: str | None, at: str) -> dict:
    """What a coordinator's acceptance changes in a proposed duo: it starts now (its weeks count from
    here), remembering when it was proposed and who reviewed it."""
    return {
        **DUO_MOVES["accept"].changes,
        "created_at": at,
        "proposed_at": duo["created_at"],
        "reviewed_by": reviewer_id,
    }


def rejection(reason: str, note: str | None, reviewer_id: str | None, at: str) -> dict:
    """What a coordinator's rejection records in a proposed duo (the note stays here, never in events)."""
    return {
        **DUO_MOVES["reject"].changes,
        "rejected_at": at,
        "rejection_reason": reason,
        "rejection_note": note,
        "reviewed_by": reviewer_id,
    }


def ending(reason: str, at: str) -> dict:
    """What ending an active duo changes in it."""
    return {**DUO_MOVES["end"].changes, "end_reason": reason, "ended_at": at}


def _duo_ids(duo: dict) -> dict:
    return {"duo_id": duo["_id"], "learner_id": duo["learner_id"], "volunteer_id": duo["volunteer_id"]}


def ended_event(duo: dict, reason: str) -> dict:
    """DuoEnded's data: the duo, its two members and the reason."""
    return _duo_ids(duo) | {"reason": reason}


def inactive_event(duo: dict, weeks: int, needs_rematch: bool) -> dict:
    """DuoInactive's data: a duo silent for this many weeks, flagged for a rematch or not."""
    return _duo_ids(duo) | {"weeks_without_session": weeks, "needs_rematch": needs_rematch}


def invited_event(offer: dict, waiting: int) -> dict:
    """DuoVolunteerInvited's data: a full offer, and how many learners of its region wait."""
    return {
        "volunteer_id": offer["member_id"],
        "offer_id": offer["_id"],
        "region": offer["region"],
        "capacity": offer["capacity"],
        "waiting_learners": waiting,
    }


def new_session(duo_id: str, logged: dict, at: str, session_id: str) -> dict:
    """A conversation a member of the duo logged (held_on, a date, and minutes)."""
    return {
        "_id": session_id,
        "duo_id": duo_id,
        "held_on": logged["held_on"].isoformat(),
        "minutes": logged["minutes"],
        "logged_by": logged["member_id"],
        "created_at": at,
    }


def session_logged_event(session: dict) -> dict:
    """DuoSessionLogged's data: the duo, the day and the minutes, not who logged it."""
    return {"duo_id": session["duo_id"], "held_on": session["held_on"], "minutes": session["minutes"]}


EVALUATION_FIELDS = ("evaluator_id", "rating", "tags", "session_id")
"""What SessionEvaluated says of an evaluation."""


def new_evaluation(duo_id: str, evaluation: dict, at: str, evaluation_id: str) -> dict:
    """A member's evaluation of the duo (or one of its sessions)."""
    return {"_id": evaluation_id, "duo_id": duo_id, **evaluation, "created_at": at}


def evaluated_event(evaluation: dict) -> dict:
    """SessionEvaluated's data (one event for every programme): the duo is its subject."""
    return {"programme": "duo", "subject_id": evaluation["duo_id"], **{k: evaluation[k] for k in EVALUATION_FIELDS}}


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
