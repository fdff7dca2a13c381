"""InterLab projects, pure: an admitted entrepreneur's project on its path to a launch (MOVES, as
data, and `project_move_error`, the one answer to "may this move happen, and if not, why"), and its
milestones (due dates, completion with evidence, reminders).

Invariants (the store keeps them with conditional writes):
- one project per admitted application; its id is the application's `project_id`;
- the path goes forward one stage at a time (idea → validation → prototype → launch_preparation →
  launched); an InterLab coordinator may move it back one stage; "launched" needs the launch
  milestone reached, with its date (that date is the launch's);
- a project on its path may be paused, and resumes at the stage it was paused at; any project not
  launched may be stopped, with a reason; launched and stopped are final;
- the entrepreneur and InterLab coordinators move the project and keep its milestones; a mentor only
  reads (while the mentorship lasts);
- at most one milestone of each kind per project (a kind is a step of the path, reached once), added
  due today or later, completed once, on a day not in the future; MilestoneDue is sent once per
  milestone, when it is due within the notice days, while the project is neither paused nor stopped;
- an erased entrepreneur's project stays for the figures, without member, title, notes or evidence,
  and is read-only.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from interra_chassis.gdpr import exported
from interra_contracts.vocabulary import PROJECT_STAGES

PATH = PROJECT_STAGES
"""idea → validation → prototype → launch_preparation → launched."""
ON_THE_PATH = PATH[:-1]
"""The stages a project moves between (forward, back, paused from)."""
REMINDED_IN = PATH
"""A project whose milestones are reminded: on its path or launched (not paused, not stopped)."""
MILESTONES_KEPT_IN = (*PATH, "paused")
"""A project whose milestones may be added and completed: any but a stopped one."""
FINAL = ("launched", "stopped")

ENTREPRENEUR, COORDINATOR, MENTOR = "entrepreneur", "coordinator", "mentor"
"""Who looks at a project: its entrepreneur, an InterLab coordinator, one of its mentors (reads only)."""
EDITORS = (ENTREPRENEUR, COORDINATOR)
"""Who moves a project and keeps its milestones."""
LAUNCH = "launch"
"""The milestone kind whose reached date is the launch's."""
MAX_DUE_YEARS = 5
"""A milestone is due within this many years (a later date is a typo)."""


@dataclass(frozen=True)
class Move:
    """A step of a project's path: where it leads (None: back to the stage it was paused at), from
    where, who may make it, whether it takes a reason, what it needs."""

    to: str | None
    from_: tuple[str, ...]
    by: tuple[str, ...] = EDITORS
    reason: bool = False
    needs: tuple[str, ...] = ()


MOVES: dict[str, Move] = {
    "validate": Move("validation", ("idea",)),
    "build_prototype": Move("prototype", ("validation",)),
    "prepare_launch": Move("launch_preparation", ("prototype",)),
    "launch": Move("launched", ("launch_preparation",), needs=("launch_reached",)),
    "back_to_idea": Move("idea", ("validation",), by=(COORDINATOR,)),
    "back_to_validation": Move("validation", ("prototype",), by=(COORDINATOR,)),
    "back_to_prototype": Move("prototype", ("launch_preparation",), by=(COORDINATOR,)),
    "pause": Move("paused", ON_THE_PATH),
    "resume": Move(None, ("paused",)),
    "stop": Move("stopped", (*ON_THE_PATH, "paused"), reason=True),
}
PREREQUISITES = {"launch_reached": "the launch milestone reached, with its date"}
READ_ONLY = "this project's entrepreneur was erased: it is kept for the figures only"


def facts(project: dict) -> dict[str, bool]:
    """Which prerequisites of the moves hold for this project (PREREQUISITES)."""
    return {"launch_reached": launch_date(project) is not None}


def launch_date(project: dict) -> str | None:
    """The day the launch milestone was reached (ISO), or None."""
    return next((m["reached_on"] for m in project["milestones"] if m["kind"] == LAUNCH and m["reached_on"]), None)


def allowed_moves(project: dict, by: str) -> list[str]:
    """The moves `by` may make now (none on an erased project, none for a mentor)."""
    if project.get("erased"):
        return []
    return [name for name, step in MOVES.items() if project["status"] in step.from_ and by in step.by]


def project_move_error(project: dict, move: str, by: str) -> str | None:
    """Why `by` (entrepreneur or coordinator) may not make `move` now, or None (the one answer)."""
    step = MOVES.get(move) if isinstance(move, str) else None
    if step is None:
        return f"unknown move {move!r}; moves: {', '.join(MOVES)}"
    if project.get("erased"):
        return READ_ONLY
    if project["status"] not in step.from_:
        allowed = ", ".join(allowed_moves(project, by)) or "none"
        return f"a project in {project['status']} cannot {move}; allowed: {allowed}"
    if by not in step.by:
        return f"only an InterLab coordinator can {move}"
    missing = [PREREQUISITES[need] for need in step.needs if not facts(project).get(need)]
    return f"{move} needs {'; '.join(missing)}" if missing else None


def move_request_errors(move: str, reason: str | None) -> dict[str, list[str]]:
    """What a move request lacks or has too much of, by field."""
    if MOVES[move].reason and reason is None:
        return {"reason": [f"a reason is needed to {move}"]}
    if reason is not None and not MOVES[move].reason:
        return {"reason": [f"{move} takes no reason"]}
    return {}


def moved(project: dict, move: str, by: str, reason: str | None, at: datetime) -> tuple[dict, dict, list]:
    """An allowed move carried out: the fields it sets, its history entry, its events."""
    status_to = MOVES[move].to or project["paused_from"]
    changes = {"status": status_to, "paused_from": project["status"] if move == "pause" else None}
    events = []
    if move == "launch":
        changes["launched_on"] = launch_date(project)
        events.append(("ProjectLaunched", launched_event(project, changes["launched_on"])))
    if move == "stop":
        changes["stopped_reason"] = reason
        events.append(("ProjectStopped", stopped_event(project, reason)))
    entry = {"move": move, "status_from": project["status"], "status_to": status_to, "at": at.isoformat(),
             "by": by, "reason": reason}  # fmt: skip
    return changes, entry, events


def launched_event(project: dict, launched_on: str) -> dict:
    return {**_about(project), "sector": project["sector"], "launched_on": launched_on}


def stopped_event(project: dict, reason: str) -> dict:
    return {**_about(project), "reason": reason}


def _about(project: dict) -> dict:
    return {"project_id": project["_id"], "member_id": project["member_id"], "cohort": project["cohort"]}


# --- opening ------------------------------------------------------------------------------------------


def new_project(application: dict, now: datetime) -> dict:
    """The project an admission opens: the application's project (its title is the applicant's own
    words), at the stage the application gave, admitted when the admission was recorded."""
    told = application.get("project") or {}
    admissions = [entry["at"] for entry in application.get("history", []) if entry.get("move") == "admit"]
    return {
        "_id": application["project_id"],
        "application_id": application["_id"],
        "call_id": application["call_id"],
        "cohort": application["cohort"],
        "member_id": application["member_id"],
        "title": told.get("title"),
        "sector": told.get("sector"),
        "needs": list(told.get("needs") or []),
        "team_size": told.get("team_size"),
        "newcomer_founders": told.get("newcomer_founders"),
        "status": told.get("stage") if told.get("stage") in ON_THE_PATH else PATH[0],
        "paused_from": None,
        "admitted_at": admissions[-1] if admissions else now.isoformat(),
        "launched_on": None,
        "stopped_reason": None,
        "milestones": [],
        "reminded": [],  # ids of the milestones MilestoneDue was sent for
        "history": [],
        "version": 0,  # every change of the milestones is conditional on it
        "erased": application.get("member_id") is None,
        "created_at": now.isoformat(timespec="microseconds"),
    }


# --- milestones ---------------------------------------------------------------------------------------


def milestone_errors(request: dict, today: date) -> dict[str, list[str]]:
    """What is wrong with a milestone to add, by field."""
    if request["due_on"] < today:
        return {"due_on": ["today or later (a milestone already reached: add it due today, then complete it)"]}
    if request["due_on"] > today + timedelta(days=365 * MAX_DUE_YEARS):
        return {"due_on": [f"within {MAX_DUE_YEARS} years"]}
    return {}


def milestones_refusal(project: dict) -> str | None:
    """Why this project's milestones may not change now, or None."""
    if project.get("erased"):
        return READ_ONLY
    if project["status"] not in MILESTONES_KEPT_IN:
        return f"a {project['status']} project's milestones are closed"
    return None


def new_milestone_refusal(project: dict, kind: str) -> str | None:
    """Why a milestone of `kind` may not be added to this project now, or None."""
    if refusal := milestones_refusal(project):
        return refusal
    if any(m["kind"] == kind for m in project["milestones"]):
        return f"this project has a {kind} milestone already (one of each kind)"
    return None


def new_milestone(request: dict, milestone_id: str, by: str, now: datetime) -> dict:
    return {
        "milestone_id": milestone_id,
        "kind": request["kind"],
        "due_on": request["due_on"].isoformat(),
        "note": request["note"],
        "added_at": now.isoformat(timespec="microseconds"),
        "added_by": by,
        "reached_on": None,
        "reached_at": None,
        "evidence": None,
    }


def milestone_in(project: dict, milestone_id) -> dict | None:
    return next((m for m in project["milestones"] if m["milestone_id"] == milestone_id), None)


def completion_errors(request: dict, today: date) -> dict[str, list[str]]:
    if request["reached_on"] > today:
        return {"reached_on": ["not in the future"]}
    return {}


def completion_refusal(project: dict, milestone: dict) -> str | None:
    """Why this milestone may not be completed now, or None."""
    if refusal := milestones_refusal(project):
        return refusal
    if milestone["reached_on"]:
        return f"this milestone was reached on {milestone['reached_on']}"
    return None


def completed(project: dict, milestone_id: str, request: dict, now: datetime) -> list[dict]:
    """The project's milestones with this one reached (evidence: a note, a reference, both or none)."""
    evidence = {"note": request["note"], "reference": request["reference"]}
    reached = {"reached_on": request["reached_on"].isoformat(), "reached_at": now.isoformat(timespec="microseconds"),
               "evidence": evidence if any(evidence.values()) else None}  # fmt: skip
    return [{**m, **reached} if m["milestone_id"] == milestone_id else m for m in project["milestones"]]


def reached_event(project: dict, milestone: dict) -> dict:
    """MilestoneReached data: which milestone, when; never the note or the evidence."""
    return {**_about(project), "milestone_id": milestone["milestone_id"], "kind": milestone["kind"],
            "reached_on": milestone["reached_on"]}  # fmt: skip


def due_event(project: dict, milestone: dict) -> dict:
    return {"project_id": project["_id"], "member_id": project["member_id"], "milestone_id": milestone["milestone_id"],
            "kind": milestone["kind"], "due_on": milestone["due_on"]}  # fmt: skip


def reminder_horizon(today: date, notice_days: int) -> str:
    """Milestones due on or before this day (ISO) are reminded today."""
    return (today + timedelta(days=notice_days)).isoformat()


def to_remind(project: dict, horizon: str) -> list[dict]:
    """The milestones of this project to remind of now: not reached, due by the horizon, not reminded
    yet, in a project neither paused nor stopped nor erased."""
    if project["status"] not in REMINDED_IN or project.get("erased") or project.get("member_id") is None:
        return []
    reminded = set(project.get("reminded", []))
    return [m for m in project["milestones"]
            if not m["reached_on"] and m["due_on"] <= horizon and m["milestone_id"] not in reminded]  # fmt: skip


def due_at_once(project: dict, milestone: dict, horizon: str) -> bool:
    """A milestone added with less notice than the reminder's is reminded as it is added."""
    return bool(to_remind({**project, "milestones": [milestone]}, horizon))


# --- views and privacy --------------------------------------------------------------------------------


def project_view(project: dict, by: str) -> dict:
    """The project as `by` sees it: its milestones (reminded or not) and the moves `by` may make."""
    reminded = set(project.get("reminded", []))
    milestones = [{**m, "reminded": m["milestone_id"] in reminded} for m in project["milestones"]]
    return {**project, "milestones": milestones, "allowed_moves": allowed_moves(project, by)}


ANONYMOUS = {"member_id": None, "title": None, "erased": True}
"""An erased entrepreneur's project keeps sector, needs, team, status, dates and milestone kinds and
dates (the figures count them); it loses its member, its title, and every note and evidence."""


def anonymised_milestones(project: dict) -> list[dict]:
    return [{**m, "note": None, "evidence": None} for m in project["milestones"]]


def member_export(projects: list[dict]) -> list[dict]:
    """A member's projects with their milestones and path, as plain data (right of access)."""
    return [exported({k: v for k, v in p.items() if k not in ("version", "reminded")}, "project_id") for p in projects]
