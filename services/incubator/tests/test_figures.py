"""The figures funders ask for: the pure definitions (per cohort, per calendar year, what is small),
then the RPC on the real broker and store (a coordinator's figures, counts only)."""

import json
from datetime import UTC, datetime

import pytest

from incubator import figures
from interra_chassis.errors import Invalid, NotFound
from interra_chassis.testing import call, erase, register

from .conftest import admit, admitted
from .test_follow_up import ANSWER, ask, due, follow_ups_of

# --- pure: what is small ------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "small"), [(0, True), (1, True), (4, True), (5, False), (32, False)])
def test_a_count_below_five_is_small(n, small):
    assert figures.count(n) == {"value": n, "small": small}


def test_a_share_is_a_fraction_and_a_percent_rounded_half_up():
    assert figures.share(14, 32) == {"count": 14, "base": 32, "share": 0.4375, "percent": 44, "small": False}
    assert figures.share(5, 40)["percent"] == 13  # 12.5: half up, not to even
    assert figures.share(15, 40)["percent"] == 38  # 37.5
    assert figures.share(1, 3)["percent"] == 33
    assert figures.share(0, 0) == {"count": 0, "base": 0, "share": None, "percent": None, "small": True}


@pytest.mark.parametrize(
    ("part", "base", "small"),
    [(5, 10, False), (4, 10, True), (6, 10, True), (3, 4, True), (0, 20, True), (20, 20, True), (10, 20, False)],
)
def test_a_share_is_small_when_its_count_its_base_or_the_rest_of_its_base_is(part, base, small):
    assert figures.share(part, base)["small"] is small


def test_a_measure_over_fewer_than_five_projects_is_small():
    assert figures.measure(12.5, 4) == {"value": 12.5, "base": 4, "small": True}
    assert figures.measure(None, 0)["small"] is True
    assert figures.measure(3, 5)["small"] is False


# --- pure: per cohort ----------------------------------------------------------------------------------


def application(n: int, cohort: str = "2027", status: str = "admitted", **changes) -> dict:
    """A stored application (only what the figures read), its project opened when admitted."""
    admitted = status == "admitted"
    return {
        "_id": f"a-{n}",
        "cohort": cohort,
        "call_id": f"c-{cohort}",
        "member_id": f"m-{n}",
        "status": status,
        "applicant": {"kind": "newcomer", "gender": "woman"},
        "project": {"sector": "food", "newcomer_founders": True},
        "created_at": "2027-01-10T10:00:00+00:00",
        "submitted_at": "2027-01-10T10:00:00+00:00",
        "project_id": f"p-{n}" if admitted else None,
        "history": [{"move": "admit", "at": "2027-03-01T10:00:00+00:00"}] if admitted else [],
        **changes,
    }


def project(n: int, cohort: str = "2027", status: str = "idea", **changes) -> dict:
    return {"_id": f"p-{n}", "application_id": f"a-{n}", "call_id": f"c-{cohort}", "cohort": cohort,
            "member_id": f"m-{n}", "sector": "food", "status": status, "admitted_at": "2027-03-01T10:00:00+00:00",
            "launched_on": None, "stopped_reason": None, **changes}  # fmt: skip


def follow_up(n: int, months: int, answer: dict | None, cohort: str = "2027", due_on: str = "2028-06-15") -> dict:
    status = "answered" if answer else "pending"
    return {"_id": f"f-{n}-{months}", "project_id": f"p-{n}", "cohort": cohort, "member_id": f"m-{n}",
            "months": months, "due_on": due_on, "status": status, "answer": answer}  # fmt: skip


def test_cohort_figures_follow_their_definitions():
    man, unknown, local = {"kind": "newcomer", "gender": "man"}, {"kind": None, "gender": None}, {"kind": "local"}
    applications = [
        application(1),
        application(2, applicant=man),
        application(3, applicant=unknown, project={"sector": "food", "newcomer_founders": None}),
        application(4, applicant={**local, "gender": "non_binary"}, project={"newcomer_founders": False}),
        application(5, status="declined"),
        application(6, status="withdrawn"),  # submitted, then withdrawn: it counts as an application
        application(7, status="draft", submitted_at=None),  # never sent: it does not
        application(8, cohort="2028"),  # another cohort
    ]
    projects = [
        project(1, status="launched", launched_on="2027-09-01"),  # 184 days after its admission
        project(2, status="launched", launched_on="2027-05-01"),  # 61 days
        project(3, status="stopped", stopped_reason="personal"),
        project(4, status="paused"),
        project(8, cohort="2028", status="launched", launched_on="2028-09-01"),
    ]
    sessions = [
        {"project_id": "p-1", "cohort": "2027", "held_on": "2027-04-01", "minutes": 90, "kind": "mentoring"},
        {"project_id": "p-1", "cohort": "2027", "held_on": "2027-05-01", "minutes": 45, "kind": "expert"},
        {"project_id": "p-2", "cohort": "2027", "held_on": "2027-04-02", "minutes": 60, "kind": "training"},
        {"project_id": "p-8", "cohort": "2028", "held_on": "2028-04-02", "minutes": 600, "kind": "mentoring"},
    ]
    active = {**ANSWER, "jobs_created": 3}
    follow_ups = [follow_up(1, 6, active), follow_up(2, 6, {**ANSWER, "still_active": False, "jobs_created": 0}),
                  follow_up(3, 6, None), follow_up(4, 12, None), follow_up(8, 6, active, cohort="2028")]  # fmt: skip

    result = figures.cohort_figures("2027", applications, projects, sessions, follow_ups)

    assert (result["cohort"], result["year"]) == ("2027", None)
    values = {name: result[name]["value"] for name in ("applications", "admitted", "accompanied", "launched",
                                                       "stopped", "gender_unknown", "kind_unknown")}  # fmt: skip
    assert values == {"applications": 6, "admitted": 4, "accompanied": 4, "launched": 2, "stopped": 1,
                      "gender_unknown": 1, "kind_unknown": 1}  # fmt: skip
    assert result["women"] == {"count": 1, "base": 3, "share": 0.3333, "percent": 33, "small": True}
    assert (result["newcomers"]["count"], result["newcomers"]["base"]) == (2, 3)
    assert (result["newcomer_founders"]["count"], result["newcomer_founders"]["base"]) == (2, 3)
    assert result["mentoring_hours"] == {"value": 3.3, "base": 2, "small": True}  # 195 minutes
    assert result["days_to_launch"] == {"value": 122.5, "base": 2, "small": True}
    six, twelve = result["follow_ups"]
    assert (six["months"], six["asked"]["value"], six["answered"]["value"]) == (6, 3, 2)
    assert (six["active"]["count"], six["active"]["base"], six["jobs_created"]["value"]) == (1, 2, 3)
    assert (twelve["months"], twelve["asked"]["value"], twelve["answered"]["value"]) == (12, 1, 0)
    assert twelve["active"]["share"] is None and twelve["jobs_created"]["value"] == 0
    assert all(result[name]["small"] for name in ("admitted", "accompanied", "launched", "stopped"))
    assert result["applications"]["small"] is False


def test_figures_never_name_anyone():
    result = figures.cohort_figures(
        "2027", [application(n) for n in range(10)], [project(n) for n in range(10)], [],
        [follow_up(n, 6, ANSWER) for n in range(10)],
    )  # fmt: skip
    text = json.dumps(result)
    assert "m-" not in text and "member" not in text and "p-" not in text and "a-" not in text
    assert result["accompanied"] == {"value": 10, "small": False}


# --- pure: per calendar year ----------------------------------------------------------------------------


def test_year_figures_follow_their_definitions():
    calls = [{"_id": "c-2026", "ends_on": "2026-12-15"}, {"_id": "c-2027", "ends_on": "2028-02-15"}]
    applications = [
        application(1, cohort="2026", submitted_at="2026-01-10T10:00:00+00:00",
                    history=[{"move": "admit", "at": "2026-03-01T10:00:00+00:00"}]),
        application(2, submitted_at="2026-12-20T10:00:00+00:00"),  # applied in 2026, admitted in 2027
        application(3, status="declined"),
        application(4),
        application(5, status="draft", submitted_at=None, created_at="2027-02-01T10:00:00+00:00"),
    ]  # fmt: skip
    projects = [
        project(1, cohort="2026", status="launched", admitted_at="2026-03-01T10:00:00+00:00", launched_on="2027-01-20"),
        project(2, status="stopped"),
        project(4, status="launched", launched_on="2027-04-30"),
    ]
    sessions = [
        {"project_id": "p-1", "cohort": "2026", "held_on": "2026-12-30", "minutes": 600, "kind": "mentoring"},
        {"project_id": "p-1", "cohort": "2026", "held_on": "2027-01-05", "minutes": 30, "kind": "mentoring"},
        {"project_id": "p-4", "cohort": "2027", "held_on": "2027-06-05", "minutes": 60, "kind": "expert"},
    ]
    follow_ups = [follow_up(1, 6, ANSWER, cohort="2026", due_on="2027-06-15"),
                  follow_up(1, 12, ANSWER, cohort="2026", due_on="2027-12-15"),
                  follow_up(4, 6, None, due_on="2028-08-15")]  # fmt: skip

    in_2027 = figures.year_figures(2027, calls, applications, projects, sessions, follow_ups)
    assert (in_2027["cohort"], in_2027["year"]) == (None, 2027)
    assert in_2027["applications"]["value"] == 2  # 3 and 4 (2 was first submitted in 2026; 5 is a draft)
    assert in_2027["admitted"]["value"] == 2  # 2 and 4 (1 was admitted in 2026; 3 declined)
    assert in_2027["accompanied"]["value"] == 2  # 2026's cohort ended in 2026: 2 and 4
    assert in_2027["launched"]["value"] == 2  # 1 (of 2026's cohort) and 4, launched in 2027
    assert in_2027["stopped"]["value"] == 1
    assert in_2027["days_to_launch"]["value"] == 192.5  # (325 + 60) / 2
    assert in_2027["mentoring_hours"] == {"value": 1.5, "base": 2, "small": True}
    six, twelve = in_2027["follow_ups"]
    assert (six["asked"]["value"], six["answered"]["value"], twelve["answered"]["value"]) == (1, 1, 1)

    in_2026 = figures.year_figures(2026, calls, applications, projects, sessions, follow_ups)
    assert [in_2026[name]["value"] for name in ("applications", "admitted", "accompanied", "launched")] == [2, 1, 1, 0]
    assert in_2026["mentoring_hours"]["value"] == 10.0
    in_2028 = figures.year_figures(2028, calls, applications, projects, sessions, follow_ups)
    assert in_2028["accompanied"]["value"] == 2  # 2027's cohort ends in February 2028
    assert in_2028["follow_ups"][0]["asked"]["value"] == 1


# --- the RPC ----------------------------------------------------------------------------------------


def today_iso() -> str:
    return datetime.now(UTC).date().isoformat()


def test_a_coordinator_reads_a_small_cohort_s_figures_all_marked_small(incubator, open_call, applicant):
    opened = open_call()
    kofi = applicant(opened["call_id"], "m-kofi", {"gender": "man"})
    amal = applicant(opened["call_id"], "m-amal", {"gender": "woman"})
    applicant(opened["call_id"], "m-lina", {"gender": "woman", "kind": "local"})
    applicant(opened["call_id"], "m-draft", submit=False)
    for application in (kofi, amal):
        admit(incubator, application["application_id"])
    register(incubator, "m-mentor", kind="local")
    call(incubator, "put_mentor", "m-mentor", {"expertise": ["legal"], "languages": ["ar"], "region": "liege",
                                              "formats": ["video"], "capacity": 1})  # fmt: skip
    [mentorship] = call(incubator, "run_mentor_matching", opened["call_id"])["items"]
    call(incubator, "move_mentorship", mentorship["mentorship_id"], {"move": "accept"})
    for minutes, kind in ((90, "mentoring"), (60, "expert")):
        session = {"held_on": today_iso(), "minutes": minutes, "kind": kind}
        call(incubator, "log_mentoring_session", mentorship["mentorship_id"], session, "m-mentor")
    ask(incubator, due(opened["ends_on"], 6))
    [asked] = follow_ups_of(incubator, "m-amal")
    call(incubator, "answer_follow_up", asked["follow_up_id"], ANSWER, "m-amal")

    result = call(incubator, "figures", cohort="2027")
    assert result["cohort"] == "2027" and result["year"] is None
    assert result["applications"] == {"value": 3, "small": True}  # the draft is not an application yet
    assert result["admitted"] == result["accompanied"] == {"value": 2, "small": True}
    assert result["women"] == {"count": 1, "base": 2, "share": 0.5, "percent": 50, "small": True}
    assert result["mentoring_hours"] == {"value": 2.5, "base": 1, "small": True}
    six = result["follow_ups"][0]
    assert (six["asked"]["value"], six["answered"]["value"], six["active"]["count"]) == (2, 1, 1)
    assert "m-amal" not in json.dumps(result) and "m-kofi" not in json.dumps(result)

    erase(incubator, "m-amal")  # figures keep counts only: an erasure changes none
    assert call(incubator, "figures", cohort="2027") == result


def test_a_year_s_figures_through_the_rpc(incubator, open_call, applicant):
    opened = open_call()
    for member in ("m-kofi", "m-amal"):
        admitted(incubator, opened["call_id"], member)
    year = int(call(incubator, "get_application", applicant(opened["call_id"], "m-lina")["application_id"])
               ["submitted_at"][:4])  # fmt: skip
    result = call(incubator, "figures", year=year)
    assert (result["cohort"], result["year"]) == (None, year)
    assert (result["applications"]["value"], result["admitted"]["value"], result["accompanied"]["value"]) == (3, 2, 2)
    assert call(incubator, "figures", year=year - 1)["applications"]["value"] == 0


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({}, {"cohort", "year"}),
        ({"cohort": "2027", "year": 2027}, {"cohort", "year"}),
        ({"cohort": "Twenty 27"}, {"cohort"}),
        ({"year": "2027"}, {"year"}),
        ({"year": 1999}, {"year"}),
        ({"year": 2101}, {"year"}),
    ],
)
def test_figures_are_asked_for_a_cohort_or_a_year(incubator, open_call, kwargs, fields):
    open_call()
    with pytest.raises(Invalid) as caught:
        call(incubator, "figures", **kwargs)
    assert set(caught.value.fields) == fields


def test_an_unknown_cohort_has_no_figures(incubator):
    with pytest.raises(NotFound) as caught:
        call(incubator, "figures", cohort="2031")
    assert caught.value.message == "no cohort '2031'"
