"""Workshops' rules, pure: what a proposal may be, what a new workshop looks like, what others may know."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from interra_chassis.gdpr import exported, without_id
from interra_contracts.vocabulary import WORKSHOP_CATEGORIES, WORKSHOP_STATUSES
from workshops import mix, schedule

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
        "heard_from": proposal.get("heard_from"),
        "status": "proposed",
        "history": [],
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


PUBLIC = ("published", "running", "evaluating", "completed")
"""Who is not its proposer or staff sees a workshop only from its publication on."""
CATALOGUE = ("published", "running")
"""The public catalogue: the workshops members can still join."""


def seen_by(workshop: dict, member_id: str | None, staff: bool) -> str | None:
    """Which view of a workshop someone gets: "staff" (staff, its proposer), "public", or None
    (it does not exist for them: a proposal is nobody else's business)."""
    if staff or (member_id is not None and member_id == workshop.get("proposer_id")):
        return "staff"
    return "public" if workshop["status"] in PUBLIC else None


def with_allowed_moves(workshop: dict) -> dict:
    return {**workshop, "allowed_moves": allowed_moves(workshop)}


def leader_name(workshop: dict) -> str | None:
    """The leader is named only by the first name they agreed to show (with the charter)."""
    return (workshop.get("charter") or {}).get("shown_name")


def member_export(known_as: dict | None, proposed: list[dict], registrations: list[dict],
                  calendar_token: dict | None = None) -> dict:  # fmt: skip
    """What the service holds about a member (right of access), as plain data: the read model
    without its id, the workshops they proposed, their registrations (ids under `<what>_id`), and
    whether they have a calendar feed, since when (never its token, nor its digest)."""
    return {
        "known_as": without_id(known_as),
        "workshops_proposed": [exported(workshop, "workshop_id") for workshop in proposed],
        "registrations": [exported(registration, "registration_id") for registration in registrations],
        "calendar_feed": {"created_at": calendar_token["created_at"]} if calendar_token else None,
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


def move_changes(workshop: dict, move: str, at: str, training_at: str | None) -> dict:
    """The fields a move sets besides the status: where a pause came from, a training date."""
    changes = {"status": status_after(workshop, move)}
    if move == "pause":
        changes["paused_from"] = workshop["status"]
    if move == "train" and training_at:
        changes["training_at"] = training_at
    if move == "complete":
        changes["completed_at"] = at
    return changes


def status_changed_event(workshop: dict, move: str, reason: str | None, training_at: str | None) -> dict:
    """WorkshopStatusChanged data: ids, the move and a reason code (staff notes never leave)."""
    return {
        "workshop_id": workshop["_id"],
        "proposer_id": workshop.get("proposer_id"),
        "title": workshop["title"],
        "move": move,
        "status_from": workshop["status"],
        "status_to": status_after(workshop, move),
        "reason": reason,
        "training_at": training_at,
    }


def move_request_errors(move: str, reason: str | None, training_at) -> dict[str, list[str]]:
    """What a move's request lacks: a reason to decline or pause; a training date is only for train."""
    errors = {}
    if MOVES[move].reason and reason is None:
        errors["reason"] = [f"give a reason to {move}"]
    if training_at is not None and move != "train":
        errors["training_at"] = ["only with the move train"]
    return errors


# --- Dates and their seats ------------------------------------------------------------------------

PLANNABLE = ("training", "venue_search", "scheduled", "published", "running")
"""A workshop is given dates from its training on (a venue is sought with dates in mind)."""
SLOT_MINUTES = 15
"""A venue is booked by quarter hours: two dates that share one cannot both hold it (the store's
unique key venue:quarter is the rule, whatever the number of instances)."""
IMPACT_FIELDS = ("summary", "would_run_again", "next_steps")


def quarters_of(start: datetime, end: datetime) -> list[int]:
    """The quarter hours (since the epoch) a date at a venue holds, [start, end)."""
    first = int(start.timestamp()) // (SLOT_MINUTES * 60)
    last = -(-int(end.timestamp()) // (SLOT_MINUTES * 60))  # ceiling
    return list(range(first, last))


def new_date(workshop_id: str, series_id: str, start: datetime, end: datetime, plan: dict, index: int,
             date_id: str) -> dict:  # fmt: skip
    """A planned date: its place, capacity, the seats held per group, staff at the first ones."""
    seats = mix.held_seats(plan["capacity"], plan["newcomer_share"])
    return {
        "_id": date_id,
        "workshop_id": workshop_id,
        "series_id": series_id,
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
        "venue_id": plan.get("venue_id"),
        "online_link": plan.get("online_link"),
        "capacity": plan["capacity"],
        "newcomer_share": plan["newcomer_share"],
        "free": seats,
        "confirmed": {"newcomer": 0, "local": 0},
        "status": "planned",
        "staff_present": index < plan["staff_present_first"],
    }


def scheduled_event(workshop_id: str, dates: list[dict], plan: dict) -> dict:
    return {
        "workshop_id": workshop_id,
        "venue_id": plan.get("venue_id"),
        "online": plan.get("online_link") is not None,
        "dates": [{"date_id": d["_id"], "starts_at": d["starts_at"], "ends_at": d["ends_at"]} for d in dates],
        "capacity": plan["capacity"],
        "newcomer_share": plan["newcomer_share"],
    }


def free_after_capacity(capacity: int, share: float, confirmed: dict[str, int]) -> dict[str, int] | None:
    """The free seats per group once a date's capacity or share changes, or None when fewer seats
    than the confirmed participants would remain (nobody confirmed is turned away)."""
    if capacity < sum(confirmed.values()):
        return None
    held = mix.held_seats(capacity, share)
    free = {group: max(0, held[group] - confirmed[group]) for group in mix.GROUPS}
    excess = sum(free.values()) - (capacity - sum(confirmed.values()))
    for group in sorted(mix.GROUPS, key=lambda g: -free[g]):  # a group over its share uses the other's seats
        cut = min(excess, free[group])
        free[group] -= cut
        excess -= cut
    return free


def date_changed_event(workshop: dict, date: dict, change: str, member_ids: list[str]) -> dict:
    return {
        "workshop_id": workshop["_id"],
        "date_id": date["_id"],
        "title": workshop["title"],
        "change": change,
        "starts_at": date["starts_at"],
        "ends_at": date["ends_at"],
        "member_ids": member_ids,
    }


def seats_view(date: dict, now: datetime) -> dict:
    """A date's live mix, for staff and for members deciding to register."""
    confirmed = date["confirmed"]
    return {
        "free_newcomer": date["free"]["newcomer"],
        "free_local": date["free"]["local"],
        "confirmed_newcomers": confirmed["newcomer"],
        "confirmed_locals": confirmed["local"],
        "waitlisted": date.get("waitlisted", 0),
        "offered": date.get("offered", 0),
        "newcomer_share_now": mix.share_of_newcomers(confirmed["newcomer"], confirmed["local"]),
        "open_to_all": mix.open_to_all(datetime.fromisoformat(date["starts_at"]), now),
    }


# --- Registrations ----------------------------------------------------------------------------------

HOLDING = ("confirmed", "offered")
"""A registration in one of these holds a seat (of its `seat` group)."""
ACTIVE_REGISTRATION = ("confirmed", "offered", "waitlisted")
"""Who is told when a date changes; a person is at most once on a date among these."""
JOINABLE = ("published", "running")


def registration_error(workshop: dict, date: dict, member: dict | None, now: datetime) -> tuple[str, str] | None:
    """Why a member may not register for a date, as (field, reason), or None."""
    if member is None:
        return "member_id", "unknown member (not yet known to Ateliers: try again in a moment)"
    if workshop["status"] not in JOINABLE:
        return "date_id", f"the workshop is {workshop['status']}, not open for registration"
    if date["status"] != "planned":
        return "date_id", f"the date is {date['status']}"
    if datetime.fromisoformat(date["starts_at"]) <= now:
        return "date_id", "the date has started or passed"
    return None


def new_registration(date: dict, member_id: str, group: str, at: str, registration_id: str) -> dict:
    """A registration as first written: pending until a seat is taken or the waiting list joined."""
    return {
        "_id": registration_id,
        "date_id": date["_id"],
        "workshop_id": date["workshop_id"],
        "member_id": member_id,
        "group": group,
        "status": "pending",
        "seat": None,
        "offer_expires_at": None,
        "starts_at": date["starts_at"],
        "created_at": at,
    }


def registration_event(registration: dict, title: str, status: str, offer_expires_at: str | None = None) -> dict:
    return {
        "workshop_id": registration["workshop_id"],
        "date_id": registration["date_id"],
        "title": title,
        "starts_at": registration["starts_at"],
        "registration_id": registration["_id"],
        "member_id": registration["member_id"],
        "status": status,
        "group": registration["group"],
        "offer_expires_at": offer_expires_at,
    }


# --- Attendance, reports, evaluations (step F) --------------------------------------------------------

MARKABLE = ("confirmed", "attended", "no_show")
"""Whose attendance can be marked (again, from a paper list): those who held a confirmed seat."""


def attendance_errors(date: dict, on_date: dict[str, dict], marks: dict, now: datetime) -> dict[str, list[str]]:
    """What is wrong with marks of attendance: a date to come, a person marked twice, a person who
    had no confirmed seat on the date (by id, so the leader can correct the list)."""
    if datetime.fromisoformat(date["starts_at"]) > now:
        return {"date_id": ["attendance is marked once the date has started"]}
    if date["status"] == "cancelled":
        return {"date_id": ["the date was cancelled"]}
    errors = {}
    both = set(marks["attended"]) & set(marks["no_show"])
    if both:
        errors["no_show"] = [f"also marked as attended: {', '.join(sorted(both))}"]
    for field in ("attended", "no_show"):
        strangers = [m for m in marks[field] if on_date.get(m, {}).get("status") not in MARKABLE]
        if strangers:
            errors.setdefault(field, []).append(f"not confirmed on this date: {', '.join(strangers)}")
    return errors


def attendance_counts(registrations: list[dict]) -> dict[str, int]:
    """A date's attendance by newcomer / local, and its no-shows: counts only."""
    attended = Counter(r["group"] for r in registrations if r["status"] == "attended")
    return {
        "attended_newcomers": attended["newcomer"],
        "attended_locals": attended["local"],
        "no_shows": sum(1 for r in registrations if r["status"] == "no_show"),
    }


def held_event(date: dict, counts: dict[str, int]) -> dict:
    return {
        "workshop_id": date["workshop_id"],
        "date_id": date["_id"],
        "held_on": datetime.fromisoformat(date["starts_at"]).astimezone(schedule.LOCAL_TIME).date().isoformat(),
        **counts,
    }


def evaluation_error(registration: dict | None) -> str | None:
    if registration is None or registration["status"] != "attended":
        return "only a participant who attended the date can evaluate it"
    return None


def evaluated_event(evaluation: dict) -> dict:
    """SessionEvaluated: programme workshop, the workshop as subject, the date as session."""
    return {
        "programme": "workshop",
        "subject_id": evaluation["workshop_id"],
        "session_id": evaluation["date_id"],
        "evaluator_id": evaluation["evaluator_id"],
        "rating": evaluation["rating"],
        "tags": evaluation["tags"],
    }


def evaluation_summary(evaluations: list[dict]) -> dict:
    ratings = [e["rating"] for e in evaluations]
    return {
        "count": len(ratings),
        "average_rating": round(sum(ratings) / len(ratings), 2) if ratings else None,
        "ratings": {str(n): ratings.count(n) for n in range(1, 6)},
        "tags": dict(Counter(tag for e in evaluations for tag in e["tags"]).most_common()),
    }


def reminder_event(workshop: dict, date: dict, venue: dict | None, member_ids: list[str]) -> dict:
    return {
        "workshop_id": workshop["_id"],
        "date_id": date["_id"],
        "title": workshop["title"],
        "starts_at": date["starts_at"],
        "ends_at": date["ends_at"],
        "online": venue is None,
        "venue_name": venue["name"] if venue else None,
        "venue_address": venue["address"] if venue else None,
        "member_ids": member_ids,
    }


# --- Figures for impact reports --------------------------------------------------------------------


def figures(workshops: list[dict], dates: list[dict], registrations: list[dict], evaluations: list[dict],
            leader_kinds: dict[str, str]) -> dict:  # fmt: skip
    """Ateliers figures: counts, shares and durations only. `leader_kinds`: proposer id -> kind."""
    held = [d for d in dates if d["status"] == "held"]
    shares = [
        s for d in held if (s := mix.share_of_newcomers(d["attended_newcomers"], d["attended_locals"])) is not None
    ]
    attended = [r for r in registrations if r["status"] == "attended"]
    marked = [r for r in registrations if r["status"] in ("attended", "no_show")]
    dates_per_member = Counter(r["member_id"] for r in attended)
    led = [w for w in workshops if w["status"] in ("running", "evaluating", "completed")]
    leaders = [leader_kinds[w["proposer_id"]] for w in led if w.get("proposer_id") in leader_kinds]
    first_date = {}
    for date in held:
        first_date[date["workshop_id"]] = min(first_date.get(date["workshop_id"], date["starts_at"]), date["starts_at"])
    waits = sorted(
        (datetime.fromisoformat(first_date[w["_id"]]) - datetime.fromisoformat(w["created_at"])).days
        for w in workshops if w["_id"] in first_date
    )  # fmt: skip
    local_day = [datetime.fromisoformat(d["starts_at"]).astimezone(schedule.LOCAL_TIME) for d in held]
    return {
        "workshops_by_status": dict(Counter(w["status"] for w in workshops)),
        "dates_held": len(held),
        "dates_held_by_week": dict(Counter(f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02}" for day in local_day)),
        "dates_held_by_month": dict(Counter(day.strftime("%Y-%m") for day in local_day)),
        "unique_participants": len(dates_per_member),
        "returning_participants": sum(1 for n in dates_per_member.values() if n >= 2),
        "newcomer_share_mean": round(sum(shares) / len(shares), 3) if shares else None,
        "share_of_dates_within_40_60": round(sum(0.4 <= s <= 0.6 for s in shares) / len(shares), 3) if shares else None,
        "attendance_rate": round(len(attended) / len(marked), 3) if marked else None,
        "no_show_rate": round((len(marked) - len(attended)) / len(marked), 3) if marked else None,
        "average_rating": evaluation_summary(evaluations)["average_rating"],
        "evaluation_tags": evaluation_summary(evaluations)["tags"],
        "share_of_leaders_newcomers": round(leaders.count("newcomer") / len(leaders), 3) if leaders else None,
        "median_days_proposal_to_first_date": float(median(waits)) if waits else None,
        "heard_from": dict(Counter(w["heard_from"] for w in workshops if w.get("heard_from"))),
    }
