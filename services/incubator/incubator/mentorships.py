"""InterLab mentorships, pure: the mentor pool's rules, a mentorship's life as data, sessions, safeguarding
reports and the inactivity nudge. No nameko, no store, no I/O (incubator/mentoring.py does the matching).

Invariants the store keeps with these rules (incubator/stores/mentoring.py):
- a project has at most one mentorship proposed or active (`live` True, a partial unique index);
- a mentor holds at most `capacity` mentorships proposed or active: each holds one of their places
  (`holds`, with `free` = capacity - len(holds), taken and given back by conditional writes);
- a mentor with a safeguarding report pending (`reports_pending` not empty) is proposed to no one and
  no proposal of theirs is accepted; a report upheld removes them from the pool for good;
- a pair whose mentorship was rejected or ended is never proposed again (barred).
"""

from dataclasses import dataclass
from datetime import date, datetime

from incubator.mentoring import Entrepreneur, Mentor, MentorProposal
from interra_chassis.gdpr import exported, without_id
from interra_contracts.vocabulary import MENTOR_REJECTIONS, MENTORSHIP_END_REASONS

ERASED = "erased"
"""What stands in a mentorship for a member who exercised the right to erasure."""
LIVE = ("proposed", "active")
"""A mentorship in one of these holds a place of its mentor and is the project's one mentorship."""
BEGUN = ("active", "ended")
"""Mentorships that began (accepted): the only ones their members see; proposals are coordinators' business."""
BARRING = ("rejected", "ended")
"""A pair with a mentorship in one of these is not proposed again."""

# --- the mentor pool ----------------------------------------------------------------------------------


def mentor_errors(profile: dict) -> dict[str, list[str]]:
    """What a well-formed mentor profile must also meet, by field: something to offer (a need or a
    sector, or no entrepreneur could ever fit), each value once."""
    errors: dict[str, list[str]] = {}
    if not profile["expertise"] and not profile["sectors"]:
        errors["expertise"] = ["name at least one area of expertise or one sector"]
    for name in ("expertise", "sectors", "languages", "formats"):
        if len(set(profile[name])) < len(profile[name]):
            errors.setdefault(name, []).append("each value once")
    return errors


def capacity_error(capacity: int, held: int) -> str | None:
    """A mentor's capacity never falls below the places their proposed and active mentorships hold."""
    if capacity < held:
        return (
            f"capacity {capacity} is below the {held} mentorship{'s' if held > 1 else ''} you hold "
            "(proposed or active); end one first"
        )
    return None


def new_mentor(member_id: str, profile: dict, now: datetime) -> dict:
    at = now.isoformat(timespec="microseconds")
    return {"_id": member_id, **profile, "free": profile["capacity"], "holds": [], "reports_pending": [],
            "in_pool": True, "removed": False, "joined_at": at, "updated_at": at}  # fmt: skip


def mentor_view(mentor: dict) -> dict:
    """A mentor with what views show: places held, suspended."""
    return {**mentor, "held": len(mentor.get("holds", [])), "suspended": bool(mentor.get("reports_pending"))}


def pool_mentors(mentors: list[dict]) -> list[Mentor]:
    """The engine's mentors: those in the pool with a free place and no report pending."""
    return [
        Mentor(
            member_id=m["_id"],
            expertise=frozenset(m["expertise"]),
            sectors=frozenset(m["sectors"]),
            languages=frozenset(m["languages"]),
            region=m["region"],
            video="video" in m["formats"],
            capacity=m["capacity"],
            mentees=m["capacity"] - m["free"],
            suspended=bool(m["reports_pending"]),
        )
        for m in mentors
        if m["in_pool"] and not m["removed"] and m["free"] > 0 and not m["reports_pending"]
    ]


def waiting_entrepreneurs(
    applications: list[dict], members: dict[str, dict], live_projects: set[str]
) -> list[Entrepreneur]:
    """The engine's entrepreneurs: a call's admitted applications (their project open, the member still
    known) whose project has no mentorship proposed or active. Entrepreneurs accept to meet by video
    (the application does not ask); their languages, French level and region come from the read model."""
    waiting = []
    for application in applications:
        member = members.get(application.get("member_id") or "")
        project_id = application.get("project_id")
        if application["status"] != "admitted" or not project_id or project_id in live_projects or member is None:
            continue
        waiting.append(
            Entrepreneur(
                application_id=application["_id"],
                member_id=application["member_id"],
                sector=application["project"]["sector"],
                needs=frozenset(application["project"].get("needs") or ()),
                languages=frozenset(member.get("languages") or ()),
                french_level=member.get("french_level") or "",
                region=member.get("region") or "",
                video=True,
            )
        )
    return waiting


def barred_pairs(mentorships: list[dict]) -> list[tuple[str, str]]:
    """(entrepreneur, mentor) of every rejected or ended mentorship."""
    return [(m["entrepreneur_id"], m["mentor_id"]) for m in mentorships if m["status"] in BARRING]


def new_mentorship(proposal: MentorProposal, application: dict, mentorship_id: str, now: datetime) -> dict:
    """A proposal of the engine, for a coordinator to review."""
    return {
        "_id": mentorship_id,
        "call_id": application["call_id"],
        "cohort": application["cohort"],
        "application_id": application["_id"],
        "project_id": application["project_id"],
        "mentor_id": proposal.mentor_id,
        "entrepreneur_id": proposal.entrepreneur_id,
        "score": proposal.score,
        "reasons": list(proposal.reasons),
        "proposed_at": now.isoformat(timespec="microseconds"),
        "started_on": None,
        "ended_on": None,
        "rejection_reason": None,
        "end_reason": None,
        "ended_by": None,
        "last_activity_on": None,
        "history": [],
        **with_status("proposed"),
    }


def with_status(status: str) -> dict:
    """The status, and `live` (what the one-mentorship-per-project index sees) while proposed or active."""
    return {"status": status, "live": True} if status in LIVE else {"status": status}


# --- a mentorship's life ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """A step of a mentorship: where it leads, from where, who makes it, the reasons it takes, what it needs."""

    to: str
    from_: tuple[str, ...]
    by: tuple[str, ...]  # coordinator, mentor, entrepreneur
    reasons: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()


SIDES = ("mentor", "entrepreneur")
ACTORS = ("coordinator", *SIDES)
MOVES: dict[str, Move] = {
    "accept": Move("active", ("proposed",), ("coordinator",), needs=("mentor_available",)),
    "reject": Move("rejected", ("proposed",), ("coordinator",), reasons=MENTOR_REJECTIONS),
    "end": Move("ended", ("active",), ACTORS, reasons=tuple(r for r in MENTORSHIP_END_REASONS if r != "member_erased")),
}
"""member_erased is no one's reason to give: an erasure ends a mentorship by itself."""
PREREQUISITES = {"mentor_available": "a mentor in the pool with no safeguarding report pending"}


def move_request_errors(move: str, reason: str | None) -> dict[str, list[str]]:
    """A move's reason, by field: the moves that take one need one of theirs; accept takes none."""
    reasons = MOVES[move].reasons
    if reasons and reason not in reasons:
        return {"reason": [f"{move} needs a reason, one of: {', '.join(reasons)}"]}
    if not reasons and reason is not None:
        return {"reason": [f"{move} takes no reason"]}
    return {}


def allowed_moves(mentorship: dict, by: str | None) -> list[str]:
    """The moves that may happen from the mentorship's status (by this actor, or by anyone)."""
    return [name for name, step in MOVES.items() if mentorship["status"] in step.from_ and by in (None, *step.by)]


def mentorship_move_error(mentorship: dict, move: str, by: str, facts: dict[str, bool]) -> str | None:
    """Why `move` may not happen now, or None (the one answer)."""
    step = MOVES.get(move) if isinstance(move, str) else None
    if step is None:
        return f"unknown move {move!r}; moves: {', '.join(MOVES)}"
    if mentorship["status"] not in step.from_:
        allowed = ", ".join(allowed_moves(mentorship, None)) or "none"
        status = mentorship["status"]
        return f"{'an' if status[0] in 'aeiou' else 'a'} {status} mentorship cannot {move}; allowed: {allowed}"
    if by not in step.by:
        return f"only {' or '.join('a ' + actor for actor in step.by)} can {move}"
    missing = [PREREQUISITES[need] for need in step.needs if not facts.get(need)]
    return f"{move} needs {'; '.join(missing)}; allowed: reject" if missing else None


def side_of(mentorship: dict, member_id: str | None) -> str | None:
    """mentor, entrepreneur, or None (not a member of this mentorship)."""
    if member_id is None or member_id == ERASED:
        return None
    if mentorship["mentor_id"] == member_id:
        return "mentor"
    if mentorship["entrepreneur_id"] == member_id:
        return "entrepreneur"
    return None


def visible_to(mentorship: dict, member_id: str | None) -> bool:
    """Coordinators (member_id None) see every mentorship; a member, those of theirs that began."""
    return member_id is None or (side_of(mentorship, member_id) is not None and mentorship["status"] in BEGUN)


def accepted(today: date) -> dict:
    return {**with_status("active"), "started_on": today.isoformat(), "last_activity_on": today.isoformat()}


def rejected(reason: str) -> dict:
    return {**with_status("rejected"), "rejection_reason": reason}


def ended(reason: str, ended_by: str, today: date) -> dict:
    return {**with_status("ended"), "end_reason": reason, "ended_by": ended_by, "ended_on": today.isoformat()}


def history_entry(move: str, by: str, at: datetime, reason: str | None = None) -> dict:
    return {"move": move, "by": by, "reason": reason, "at": at.isoformat(timespec="microseconds")}


def assigned_event(mentorship: dict) -> dict:
    """MentorAssigned: both sides are told (ids, the project, the cohort, the score; no reasons in words)."""
    return {key: mentorship[key] for key in ("mentor_id", "entrepreneur_id", "project_id", "cohort", "score")} | {
        "mentorship_id": mentorship["_id"]
    }


def ended_event(mentorship: dict, ended_by: str, reason: str) -> dict:
    return {"mentorship_id": mentorship["_id"], "mentor_id": mentorship["mentor_id"],
            "entrepreneur_id": mentorship["entrepreneur_id"], "ended_by": ended_by, "reason": reason}  # fmt: skip


# --- sessions and evaluations ---------------------------------------------------------------------------


def session_errors(held_on: date, started_on: str, today: date) -> dict[str, list[str]]:
    """A session is held between the mentorship's start and today, both included."""
    if held_on > today:
        return {"held_on": ["cannot be in the future"]}
    if held_on < date.fromisoformat(started_on):
        return {"held_on": [f"is before the mentorship began ({started_on})"]}
    return {}


def new_session(mentorship: dict, log: dict, member_id: str, session_id: str, now: datetime) -> dict:
    """The session as stored: what the figures count (mentorship, project, cohort, date, minutes, kind)
    and what the pair wrote (topics, next steps, notes)."""
    return {
        "_id": session_id,
        "mentorship_id": mentorship["_id"],
        "project_id": mentorship["project_id"],
        "cohort": mentorship["cohort"],
        **log,
        "held_on": log["held_on"].isoformat(),
        "logged_by": member_id,
        "evaluations": [],
        "evaluated_by": [],
        "created_at": now.isoformat(timespec="microseconds"),
    }


def session_logged_event(session: dict) -> dict:
    """MentoringSessionLogged: date, kind and minutes; never topics, next steps or notes."""
    return {key: session[key] for key in ("mentorship_id", "kind", "held_on", "minutes")}


def new_evaluation(evaluation: dict, member_id: str, side: str, now: datetime) -> dict:
    return {"evaluator_id": member_id, "side": side, **evaluation, "at": now.isoformat(timespec="microseconds")}


def evaluated_event(session: dict, evaluation: dict) -> dict:
    """SessionEvaluated (one event for every programme): the mentorship is its subject."""
    return {"programme": "mentoring", "subject_id": session["mentorship_id"], "session_id": session["_id"],
            "evaluator_id": evaluation["evaluator_id"], "rating": evaluation["rating"],
            "tags": evaluation["tags"]}  # fmt: skip


# --- inactivity -----------------------------------------------------------------------------------------


def inactivity(last_activity: date, today: date, weeks_setting: int) -> tuple[int, str] | None:
    """(weeks without a session, the nudge's mark) when a nudge is due, else None. One nudge per period
    of `weeks_setting` weeks of silence since the start or the last session (at 3, 6, 9... weeks); the
    mark names the silence and the period, so that each is nudged once."""
    weeks = max(0, (today - last_activity).days // 7)
    if weeks < weeks_setting:
        return None
    return weeks, f"{last_activity.isoformat()}/{weeks // weeks_setting}"


def inactive_event(mentorship: dict, weeks: int) -> dict:
    return {"mentorship_id": mentorship["_id"], "mentor_id": mentorship["mentor_id"],
            "entrepreneur_id": mentorship["entrepreneur_id"], "weeks_without_session": weeks}  # fmt: skip


# --- safeguarding ---------------------------------------------------------------------------------------


def reporter_error(mentor: dict | None, mentor_id: str, reporter_id: str | None, their_mentorships: list[dict]) -> dict:
    """Who may report whom, by field: a coordinator (reporter None) any mentor of the pool; a member, a
    mentor they have or had a mentorship with (one that began). Others learn nothing (the same answer as
    for no such mentor)."""
    unknown = {"mentor_id": [f"no mentor {mentor_id!r} you had a mentorship with"]}
    if mentor is None:
        return {"mentor_id": [f"no mentor {mentor_id!r}"]} if reporter_id is None else unknown
    if reporter_id is None:
        return {}
    if reporter_id == mentor_id:
        return {"mentor_id": ["you cannot report yourself"]}
    if not any(m["status"] in BEGUN and m["mentor_id"] == mentor_id for m in their_mentorships):
        return unknown
    return {}


def new_report(request: dict, reporter_id: str | None, report_id: str, now: datetime) -> dict:
    return {
        "_id": report_id,
        **request,
        "reporter_id": reporter_id,
        "status": "pending",
        "outcome_note": None,
        "handled_at": None,
        "created_at": now.isoformat(timespec="microseconds"),
    }


def reported_event(report: dict) -> dict:
    """SafeguardingReported: which mentor and what about; never who reported or what they wrote."""
    return {"report_id": report["_id"], "mentor_id": report["mentor_id"], "category": report["category"]}


def report_outcome_error(report: dict) -> str | None:
    if report["status"] != "pending":
        return f"this report was already handled ({report['status']})"
    return None


UPHELD_END_REASON = "other"
"""An upheld report ends the mentor's running mentorships with this reason (by a coordinator): the
mentees are told their mentorship ended, not why (the report stays with the coordinators)."""
UPHELD_REJECTION = "safeguarding"
"""... and rejects their proposals awaiting review with this one."""

# --- the member's rights --------------------------------------------------------------------------------


ERASED_SESSION = {"topics": [], "next_steps": None, "notes": None}
"""What an erasure clears from the sessions of the member's mentorships: what the pair wrote (date,
minutes and kind stay for the figures)."""


INTERNAL = ("live", "reports_pending", "nudged")
"""Fields of the store's bookkeeping, left out of an export (`reports_pending` would tell a mentor of a
report under investigation)."""


def member_export(
    mentor: dict | None,
    mentorships: list[dict],
    sessions: list[dict],
    reports_made: list[dict],
    reports_about: list[dict],
    member_id: str,
) -> dict:
    """What InterLab mentoring holds about a member (right of access): their mentor profile, their
    mentorships (either side, every status), the sessions of those mentorships (the pair sees them
    anyway) with the evaluations the member gave, the reports they made (what they wrote, not the
    coordinators' note), and of the reports about them only that they exist once handled (category,
    outcome, dates): never the reporter or the description, which are the reporter's, and nothing while
    a report is pending (an investigation the mentor must not learn of from an export)."""

    def plain(doc: dict, id_name: str, hidden: tuple[str, ...] = ()) -> dict:
        return exported({k: v for k, v in doc.items() if k not in INTERNAL + hidden}, id_name)

    return {
        "mentor": without_id({k: v for k, v in mentor.items() if k not in INTERNAL}) if mentor else None,
        "mentorships": [plain(m, "mentorship_id") for m in mentorships],
        "sessions": [
            {
                **plain(s, "session_id", ("evaluations", "evaluated_by")),
                "my_evaluations": [e for e in s.get("evaluations", []) if e["evaluator_id"] == member_id],
            }
            for s in sessions
        ],
        "reports_made": [plain(r, "report_id", ("outcome_note",)) for r in reports_made],
        "reports_about_me": [
            {key: r.get(key) for key in ("category", "status", "created_at", "handled_at")}
            for r in reports_about
            if r["status"] != "pending"
        ],
    }
