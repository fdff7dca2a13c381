"""InterLab follow-up, pure: when each entrepreneur of a cohort is asked how their project stands (6 and
12 months after the cohort ends), what a follow-up is, and what an answer may say.

Invariants (the store keeps them: a unique index, conditional writes):
- one follow-up per project and number of months, however often or by however many instances the
  asking runs;
- a follow-up is asked from its due date until ASK_WITHIN_DAYS after it: a service that was down
  catches up, but a project of a cohort that ended years before the follow-up existed is not asked
  about a moment long gone;
- every entrepreneur of the cohort (each project opened at an admission) is asked, whatever became of
  the project (a stopped one answers "not active": the figures' share of active projects is over the
  answers, and leaving the stopped ones out would flatter it); one whose data was erased (the
  project's member_id None) is not asked;
- an answer is given once, by the entrepreneur asked, whenever they get to it (a pending follow-up does
  not expire); a second answer is refused, not taken as a correction: the figures funders received
  must not change under them. It is kept as facts (a flag, a band, a number, needs
  from a closed list), never free text, so that answers can be counted.
"""

from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from interra_chassis.gdpr import exported
from interra_contracts.vocabulary import FOLLOW_UP_MONTHS

MONTHS = FOLLOW_UP_MONTHS
ASK_WITHIN_DAYS = 90
"""How long after its due date a follow-up is still asked (then it is left out: too late to mean much)."""
STATUSES = ("pending", "answered")


def due_on(ends_on: date, months: int) -> date:
    """The day a cohort's `months` follow-up is due: that many calendar months after its last day
    (the end of a shorter month when the day does not exist: 31 August + 6 months = 28/29 February)."""
    return ends_on + relativedelta(months=months)


def due_months(ends_on: date, today: date) -> list[int]:
    """The follow-ups (by months) to ask today for a cohort that ends on `ends_on`."""
    return [m for m in MONTHS if 0 <= (today - due_on(ends_on, m)).days <= ASK_WITHIN_DAYS]


def ends_to_look_at(today: date) -> tuple[date, date]:
    """The days between which a cohort may have ended to have a follow-up to ask today (the store's
    query; `due_months` decides). A few days wider than exact: month arithmetic clips month ends, so
    that going back is not the inverse of going forward (31 August + 6 months = 28 February, and
    28 February - 6 months = 28 August)."""
    slack = relativedelta(days=3)
    return (
        today - relativedelta(months=max(MONTHS), days=ASK_WITHIN_DAYS) - slack,
        today - relativedelta(months=min(MONTHS)) + slack,
    )


def to_ask(project: dict) -> bool:
    """An entrepreneur is asked unless their data was erased (their project has no member any more)."""
    return project.get("member_id") is not None


def new_follow_up(project: dict, call: dict, months: int, follow_up_id: str, now: datetime) -> dict:
    """The follow-up asked of the entrepreneur of `project` (of the cohort of `call`)."""
    return {
        "_id": follow_up_id,
        "project_id": project["_id"],
        "application_id": project.get("application_id"),
        "call_id": call["_id"],
        "cohort": call["cohort"],
        "member_id": project["member_id"],
        "months": months,
        "due_on": due_on(date.fromisoformat(call["ends_on"]), months).isoformat(),
        "asked_at": now.isoformat(timespec="microseconds"),
        "status": "pending",
        "answer": None,
        "answered_at": None,
    }


def requested_event(follow_up: dict) -> dict:
    """FollowUpRequested data: who is asked about which project (the notifications service writes)."""
    return {key: follow_up[key] for key in ("member_id", "project_id", "cohort", "months")} | {
        "follow_up_id": follow_up["_id"]
    }


def answer_errors(answer: dict) -> dict[str, list[str]]:
    """What a well-formed answer may still not say, by field: a need named twice."""
    needs = answer["still_needs"]
    if twice := sorted({need for need in needs if needs.count(need) > 1}):
        return {"still_needs": [f"{need!r} is named twice" for need in twice]}
    return {}


def answer_refusal(follow_up: dict) -> str | None:
    """Why this follow-up may not be answered now, or None."""
    if follow_up["status"] != "pending":
        return f"this follow-up was answered on {follow_up['answered_at'][:10]}; an answer is given once"
    return None


def answered(answer: dict, now: datetime) -> dict:
    """The fields an answer sets on its follow-up: facts only, in a fixed shape."""
    facts = {
        "still_active": answer["still_active"],
        "revenue_band": answer["revenue_band"],
        "jobs_created": answer["jobs_created"],
        "still_needs": list(answer["still_needs"]),
    }
    return {"status": "answered", "answer": facts, "answered_at": now.isoformat(timespec="microseconds")}


def answered_event(follow_up: dict) -> dict:
    """FollowUpAnswered data: the facts, never who answered."""
    facts = follow_up["answer"]
    return {
        "follow_up_id": follow_up["_id"],
        **{key: follow_up[key] for key in ("project_id", "cohort", "months")},
        **{key: facts[key] for key in ("still_active", "revenue_band", "jobs_created")},
        "needs": facts["still_needs"],
    }


def member_export(follow_ups: list[dict]) -> list[dict]:
    """A member's follow-ups (right of access), as plain data with the id under `follow_up_id`."""
    return [exported(follow_up, "follow_up_id") for follow_up in follow_ups]
