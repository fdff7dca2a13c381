"""InterLab's figures for funders, pure: per cohort or per calendar year, counts only (never who).

Every figure carries `small`: true when it states or implies a number of people below SMALL (the
impact report suppresses those). A count is small below SMALL (zero included). A share is small when
its base, its count or the rest of its base is below SMALL (14 women of 16 also says 2 are not). A
measure over people (mentoring hours, mean days to launch, jobs created) is small when it is computed
over fewer than SMALL projects.

Definitions, per cohort C (a call's cohort):
- applications: C's applications submitted at least once (drafts never sent are not counted; those
  later withdrawn or declined are);
- admitted: C's applications in status admitted;
- accompanied: C's projects (one is opened at each admission and followed whatever becomes of it);
- launched / stopped: accompanied projects whose status is now launched / stopped;
- women: accompanied entrepreneurs whose gender (as their profile said when they applied) is "woman",
  over those whose gender is known; gender_unknown counts the others;
- newcomers: accompanied entrepreneurs who are newcomers, over those whose kind is known (kind_unknown
  counts the others); newcomer_founders: accompanied projects whose founders include newcomers, over
  those that said;
- mentoring_hours: the minutes of C's logged sessions (mentoring, expert, training), in hours with one
  decimal, over the projects that logged any;
- days_to_launch: the mean number of days from admission to launch of the launched projects, with
  one decimal;
- follow_ups, for 6 and 12 months: asked, answered, active (answers saying the project is still
  active, over answers) and jobs_created (the sum of the answers).
Per calendar year Y, the same with:
- applications: first submitted in Y; admitted: admitted in Y (the application's admission);
- accompanied: projects admitted on or before Y's end whose cohort ends in Y or later (every
  entrepreneur accompanied at some time in Y); stopped: those of them now stopped; women, newcomers
  and newcomer_founders over them;
- launched: projects launched in Y (launch date), and days_to_launch over those;
- mentoring_hours: sessions held in Y; follow_ups: those due in Y.
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from interra_contracts.vocabulary import FOLLOW_UP_MONTHS

SMALL = 5
"""A figure about fewer people than this may identify them: the report does not show it."""


def count(n: int) -> dict:
    return {"value": n, "small": n < SMALL}


def share(part: int, base: int) -> dict:
    """part of base, as a fraction (4 decimals) and a whole percent rounded half up (43.75 → 44)."""
    return {
        "count": part,
        "base": base,
        "share": round(part / base, 4) if base else None,
        "percent": (200 * part + base) // (2 * base) if base else None,
        "small": base < SMALL or part < SMALL or base - part < SMALL,
    }


def measure(value: float | int | None, base: int) -> dict:
    """A number computed over `base` projects (None when there is nothing to compute it over)."""
    return {"value": value, "base": base, "small": base < SMALL}


def one_decimal(numerator: int, denominator: int) -> float:
    """numerator / denominator with one decimal, rounded half up (195 minutes: 3.3 hours), as the
    percents are."""
    exact = Decimal(numerator) / Decimal(denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def cohort_figures(
    cohort: str,
    applications: Iterable[dict],
    projects: Iterable[dict],
    sessions: Iterable[dict],
    follow_ups: Iterable[dict],
) -> dict:
    """The figures of one cohort (see the module's definitions). Records of other cohorts are ignored;
    `applications` must hold those of the cohort's projects (for who the entrepreneurs are)."""
    applications = list(applications)
    mine = [a for a in applications if a.get("cohort") == cohort]
    accompanied = [p for p in projects if p.get("cohort") == cohort]
    return {
        "cohort": cohort,
        "year": None,
        **_figures(
            received=[a for a in mine if a.get("submitted_at")],
            admitted=[a for a in mine if a.get("status") == "admitted"],
            accompanied=accompanied,
            launched=[p for p in accompanied if p.get("status") == "launched"],
            applications=applications,
            sessions=[s for s in sessions if s.get("cohort") == cohort],
            follow_ups=[f for f in follow_ups if f.get("cohort") == cohort],
        ),
    }


def year_figures(
    year: int,
    calls: Iterable[dict],
    applications: Iterable[dict],
    projects: Iterable[dict],
    sessions: Iterable[dict],
    follow_ups: Iterable[dict],
) -> dict:
    """The figures of one calendar year (see the module's definitions). Records outside the year are
    ignored; `calls` says when each cohort ends; `applications` must hold those of the projects."""
    applications, projects = list(applications), list(projects)
    ends = {call["_id"]: call["ends_on"] for call in calls}
    return {
        "cohort": None,
        "year": year,
        **_figures(
            received=[a for a in applications if _in(a.get("submitted_at"), year)],
            admitted=[a for a in applications if any(_in(h["at"], year) for h in _admissions(a))],
            accompanied=[p for p in projects if _accompanied_in(p, ends.get(p.get("call_id")), year)],
            launched=[p for p in projects if p.get("status") == "launched" and _in(p.get("launched_on"), year)],
            applications=applications,
            sessions=[s for s in sessions if _in(s.get("held_on"), year)],
            follow_ups=[f for f in follow_ups if _in(f.get("due_on"), year)],
        ),
    }


def _figures(received, admitted, accompanied, launched, applications, sessions, follow_ups) -> dict:
    by_id = {a["_id"]: a for a in applications}
    people = [by_id.get(p.get("application_id")) or {} for p in accompanied]
    applicants = [person.get("applicant") or {} for person in people]
    genders = [a.get("gender") for a in applicants if a.get("gender") is not None]
    kinds = [a.get("kind") for a in applicants if a.get("kind") is not None]
    founders = [(p.get("project") or {}).get("newcomer_founders") for p in people]
    founders = [f for f in founders if f is not None]
    days = [d for d in (_days_to_launch(p) for p in launched) if d is not None]
    minutes = sum(s.get("minutes") or 0 for s in sessions)
    return {
        "applications": count(len(received)),
        "admitted": count(len(admitted)),
        "accompanied": count(len(accompanied)),
        "launched": count(len(launched)),
        "stopped": count(sum(1 for p in accompanied if p.get("status") == "stopped")),
        "women": share(genders.count("woman"), len(genders)),
        "gender_unknown": count(len(accompanied) - len(genders)),
        "newcomers": share(kinds.count("newcomer"), len(kinds)),
        "kind_unknown": count(len(accompanied) - len(kinds)),
        "newcomer_founders": share(founders.count(True), len(founders)),
        "mentoring_hours": measure(one_decimal(minutes, 60), len({s.get("project_id") for s in sessions})),
        "days_to_launch": measure(one_decimal(sum(days), len(days)) if days else None, len(days)),
        "follow_ups": [_follow_up_figures(follow_ups, months) for months in FOLLOW_UP_MONTHS],
    }


def _follow_up_figures(follow_ups: list[dict], months: int) -> dict:
    asked = [f for f in follow_ups if f.get("months") == months]
    answers = [f["answer"] for f in asked if f.get("status") == "answered" and f.get("answer")]
    return {
        "months": months,
        "asked": count(len(asked)),
        "answered": count(len(answers)),
        "active": share(sum(1 for a in answers if a["still_active"]), len(answers)),
        "jobs_created": measure(sum(a["jobs_created"] for a in answers), len(answers)),
    }


def _in(iso: str | None, year: int) -> bool:
    """An ISO date or date-time (UTC) falls in `year`."""
    return isinstance(iso, str) and iso[:4] == f"{year:04d}"


def _admissions(application: dict) -> list[dict]:
    return [h for h in application.get("history") or [] if h.get("move") == "admit"]


def _accompanied_in(project: dict, cohort_ends_on: str | None, year: int) -> bool:
    admitted_at = project.get("admitted_at")
    if not admitted_at:
        return False
    ends = cohort_ends_on or admitted_at  # a cohort unknown here: the admission's year only
    return int(admitted_at[:4]) <= year <= int(ends[:4])


def _days_to_launch(project: dict) -> int | None:
    if not project.get("launched_on") or not project.get("admitted_at"):
        return None
    admitted = datetime.fromisoformat(project["admitted_at"]).date()
    return (date.fromisoformat(project["launched_on"]) - admitted).days
