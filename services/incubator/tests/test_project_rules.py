"""The rules of a project's path and milestones, pure (incubator/projects.py): no broker, no store."""

from datetime import UTC, date, datetime

import pytest

from incubator import projects
from incubator.projects import COORDINATOR, ENTREPRENEUR, MENTOR, MOVES, PATH
from interra_contracts import new_event
from interra_contracts.api.incubator import projects as contract
from interra_contracts.vocabulary import MILESTONE_KINDS, PROJECT_STATUSES

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


def application(**changes) -> dict:
    return {
        "_id": "a-1", "call_id": "c-1", "cohort": "2027", "member_id": "m-kofi", "project_id": "p-1",
        "project": {"title": "Accra kitchen", "sector": "food", "stage": "idea", "needs": ["legal"], "team_size": 2,
                    "newcomer_founders": True, "description": "Catering."},
        "history": [{"move": "review", "at": "2027-02-01T09:00:00+00:00"},
                    {"move": "admit", "at": "2027-02-10T09:00:00+00:00"}],
        **changes,
    }  # fmt: skip


def project(status="idea", milestones=(), **changes) -> dict:
    return {**projects.new_project(application(), NOW), "status": status, "milestones": list(milestones), **changes}


def milestone(kind="business_plan", due_on="2027-04-01", reached_on=None, milestone_id=None) -> dict:
    request = {"kind": kind, "due_on": date.fromisoformat(due_on), "note": "with the accountant"}
    made = projects.new_milestone(request, milestone_id or f"ms-{kind}", ENTREPRENEUR, NOW)
    return {**made, "reached_on": reached_on}


def test_the_path_is_the_vocabulary_s_and_every_move_is_in_the_contract():
    assert tuple(MOVES) == contract.PROJECT_MOVES
    assert PATH == ("idea", "validation", "prototype", "launch_preparation", "launched")
    assert {step.to for step in MOVES.values()} - {None} <= set(PROJECT_STATUSES)
    assert projects.LAUNCH in MILESTONE_KINDS


def test_forward_moves_go_one_stage_at_a_time_and_back_moves_one_stage_back():
    forward = [name for name, step in MOVES.items() if step.to in PATH and PATH.index(step.to) > 0
               and step.from_ == (PATH[PATH.index(step.to) - 1],)]  # fmt: skip
    assert forward == ["validate", "build_prototype", "prepare_launch", "launch"]
    for name, step in MOVES.items():
        if name.startswith("back_to_"):
            [origin] = step.from_
            assert PATH.index(origin) - PATH.index(step.to) == 1 and step.by == (COORDINATOR,)
    for status in PATH[:-1]:  # never two stages at once
        reachable = {step.to for step in MOVES.values() if status in step.from_ and step.to in PATH}
        assert all(abs(PATH.index(to) - PATH.index(status)) == 1 for to in reachable)


def test_a_project_opens_at_its_application_s_stage_with_what_others_rely_on():
    opened = projects.new_project(application(), NOW)
    assert opened["_id"] == "p-1" and opened["application_id"] == "a-1"
    assert (opened["call_id"], opened["cohort"], opened["member_id"]) == ("c-1", "2027", "m-kofi")
    assert (opened["sector"], opened["needs"], opened["title"]) == ("food", ["legal"], "Accra kitchen")
    assert (opened["newcomer_founders"], opened["team_size"]) == (True, 2)
    assert opened["status"] == "idea" and opened["admitted_at"] == "2027-02-10T09:00:00+00:00"
    assert (opened["launched_on"], opened["stopped_reason"], opened["milestones"], opened["history"]) == (
        None, None, [], []
    )  # fmt: skip
    prototype = projects.new_project(application(project={**application()["project"], "stage": "prototype"}), NOW)
    assert prototype["status"] == "prototype"
    unstaged = projects.new_project(application(project={"sector": "food"}, history=[]), NOW)
    assert unstaged["status"] == "idea" and unstaged["admitted_at"] == NOW.isoformat()


@pytest.mark.parametrize(
    ("status", "by", "allowed"),
    [
        ("idea", ENTREPRENEUR, ["validate", "pause", "stop"]),
        ("validation", COORDINATOR, ["build_prototype", "back_to_idea", "pause", "stop"]),
        ("validation", ENTREPRENEUR, ["build_prototype", "pause", "stop"]),
        ("launch_preparation", COORDINATOR, ["launch", "back_to_prototype", "pause", "stop"]),
        ("paused", ENTREPRENEUR, ["resume", "stop"]),
        ("launched", COORDINATOR, []),
        ("stopped", COORDINATOR, []),
        ("idea", MENTOR, []),
    ],
)
def test_the_allowed_moves_depend_on_the_status_and_who_asks(status, by, allowed):
    assert projects.allowed_moves(project(status), by) == allowed


def test_a_refused_move_names_the_allowed_ones():
    assert projects.project_move_error(project("idea"), "prepare_launch", ENTREPRENEUR) == (
        "a project in idea cannot prepare_launch; allowed: validate, pause, stop"
    )
    assert "allowed: none" in projects.project_move_error(project("stopped"), "resume", COORDINATOR)
    assert "allowed: none" in projects.project_move_error(project("launched"), "stop", COORDINATOR)
    assert projects.project_move_error(project("idea"), "fly", COORDINATOR).startswith("unknown move 'fly'")
    assert projects.project_move_error(project("idea"), None, COORDINATOR).startswith("unknown move None")


def test_only_a_coordinator_moves_a_project_back():
    assert projects.project_move_error(project("validation"), "back_to_idea", ENTREPRENEUR) == (
        "only an InterLab coordinator can back_to_idea"
    )
    assert projects.project_move_error(project("validation"), "back_to_idea", COORDINATOR) is None


def test_launching_needs_the_launch_milestone_reached_with_its_date():
    needs = "launch needs the launch milestone reached, with its date"
    assert projects.project_move_error(project("launch_preparation"), "launch", COORDINATOR) == needs
    due = project("launch_preparation", [milestone("launch")])
    assert projects.project_move_error(due, "launch", ENTREPRENEUR) == needs
    other = project("launch_preparation", [milestone("company_registered", reached_on="2027-02-20")])
    assert projects.project_move_error(other, "launch", ENTREPRENEUR) == needs
    ready = project("launch_preparation", [milestone("launch", reached_on="2027-02-25")])
    assert projects.project_move_error(ready, "launch", ENTREPRENEUR) is None
    changes, entry, events = projects.moved(ready, "launch", ENTREPRENEUR, None, NOW)
    assert changes == {"status": "launched", "paused_from": None, "launched_on": "2027-02-25"}
    assert entry == {"move": "launch", "status_from": "launch_preparation", "status_to": "launched",
                     "at": NOW.isoformat(), "by": ENTREPRENEUR, "reason": None}  # fmt: skip
    assert events == [("ProjectLaunched", {"project_id": "p-1", "member_id": "m-kofi", "cohort": "2027",
                                           "sector": "food", "launched_on": "2027-02-25"})]  # fmt: skip
    new_event(*events[0], source="incubator")  # the payload meets the contract


def test_a_paused_project_resumes_at_the_stage_it_was_paused_at():
    changes, entry, events = projects.moved(project("prototype"), "pause", ENTREPRENEUR, None, NOW)
    assert changes == {"status": "paused", "paused_from": "prototype"} and events == []
    paused = project(**changes)
    changes, entry, _ = projects.moved(paused, "resume", COORDINATOR, None, NOW)
    assert changes == {"status": "prototype", "paused_from": None}
    assert (entry["status_from"], entry["status_to"], entry["by"]) == ("paused", "prototype", COORDINATOR)
    assert projects.project_move_error(paused, "pause", ENTREPRENEUR).startswith("a project in paused cannot pause")


def test_a_stop_needs_a_reason_and_carries_it():
    assert projects.move_request_errors("stop", None) == {"reason": ["a reason is needed to stop"]}
    assert projects.move_request_errors("pause", "personal") == {"reason": ["pause takes no reason"]}
    assert projects.move_request_errors("validate", None) == {}
    changes, entry, events = projects.moved(project("paused", paused_from="idea"), "stop", ENTREPRENEUR, "moved", NOW)
    assert changes["status"] == "stopped" and changes["stopped_reason"] == "moved" and entry["reason"] == "moved"
    assert events == [("ProjectStopped", {"project_id": "p-1", "member_id": "m-kofi", "cohort": "2027",
                                          "reason": "moved"})]  # fmt: skip
    new_event(*events[0], source="incubator")


def test_an_erased_entrepreneur_s_project_is_read_only():
    erased = project("validation", erased=True, member_id=None)
    assert projects.project_move_error(erased, "stop", COORDINATOR) == projects.READ_ONLY
    assert projects.allowed_moves(erased, COORDINATOR) == []
    assert projects.new_milestone_refusal(erased, "launch") == projects.READ_ONLY
    assert projects.to_remind({**erased, "milestones": [milestone(due_on="2027-03-02")]}, "2027-03-08") == []


def test_one_milestone_of_each_kind_and_none_on_a_stopped_project():
    with_plan = project("idea", [milestone("business_plan")])
    assert projects.new_milestone_refusal(with_plan, "business_plan") == (
        "this project has a business_plan milestone already (one of each kind)"
    )
    assert projects.new_milestone_refusal(with_plan, "launch") is None
    assert projects.new_milestone_refusal(project("paused"), "launch") is None
    assert projects.new_milestone_refusal(project("launched"), "first_customer") is None
    assert projects.new_milestone_refusal(project("stopped"), "launch") == "a stopped project's milestones are closed"


def test_a_milestone_is_due_today_or_later_within_five_years():
    def errors(due_on):
        return projects.milestone_errors({"kind": "launch", "due_on": due_on, "note": None}, TODAY)

    assert errors(TODAY) == {} and errors(date(2031, 1, 1)) == {}
    assert "today or later" in errors(date(2027, 2, 28))["due_on"][0]
    assert errors(date(2033, 1, 1)) == {"due_on": ["within 5 years"]}


def test_a_completion_is_dated_not_in_the_future_and_happens_once():
    def errors(reached_on):
        return projects.completion_errors({"reached_on": reached_on, "note": None, "reference": None}, TODAY)

    assert errors(TODAY) == {} and errors(date(2026, 12, 1)) == {}
    assert errors(date(2027, 3, 2)) == {"reached_on": ["not in the future"]}
    reached = milestone("launch", reached_on="2027-02-25")
    assert (
        projects.completion_refusal(project("idea", [reached]), reached) == "this milestone was reached on 2027-02-25"
    )
    assert projects.completion_refusal(project("stopped", [milestone()]), milestone()) == (
        "a stopped project's milestones are closed"
    )


def test_completing_keeps_the_evidence_and_the_event_carries_no_free_text():
    before = project("idea", [milestone("company_registered"), milestone("business_plan")])
    request = {"reached_on": date(2027, 2, 27), "note": "Registered at the guichet", "reference": "BE 0123.456.789"}
    after = projects.completed(before, "ms-company_registered", request, NOW)
    done = projects.milestone_in({"milestones": after}, "ms-company_registered")
    assert done["reached_on"] == "2027-02-27" and done["reached_at"] == NOW.isoformat(timespec="microseconds")
    assert done["evidence"] == {"note": "Registered at the guichet", "reference": "BE 0123.456.789"}
    assert after[1] == before["milestones"][1]  # the others unchanged
    bare = projects.completed(before, "ms-business_plan", {**request, "note": None, "reference": None}, NOW)
    assert bare[1]["evidence"] is None
    event = projects.reached_event(before, done)
    assert event == {"project_id": "p-1", "member_id": "m-kofi", "cohort": "2027",
                     "milestone_id": "ms-company_registered", "kind": "company_registered",
                     "reached_on": "2027-02-27"}  # fmt: skip
    new_event("MilestoneReached", event, source="incubator")


def test_milestones_are_reminded_once_within_the_notice_while_the_project_goes_on():
    horizon = projects.reminder_horizon(TODAY, 7)
    assert horizon == "2027-03-08"
    soon, later, reached, overdue = (milestone("business_plan", "2027-03-08"), milestone("launch", "2027-03-09"),
                                     milestone("first_customer", "2027-03-02", reached_on="2027-02-27"),
                                     milestone("financing_found", "2027-03-01"))  # fmt: skip
    going = project("prototype", [soon, later, reached, overdue])
    assert [m["kind"] for m in projects.to_remind(going, horizon)] == ["business_plan", "financing_found"]
    assert [m["kind"] for m in projects.to_remind({**going, "reminded": ["ms-business_plan"]}, horizon)] == [
        "financing_found"
    ]
    assert projects.to_remind({**going, "status": "launched"}, horizon) != []
    for aside in ("paused", "stopped"):
        assert projects.to_remind({**going, "status": aside}, horizon) == []
    assert projects.due_at_once(project("idea"), soon, horizon) and not projects.due_at_once(project(), later, horizon)
    assert not projects.due_at_once(project("paused"), soon, horizon)
    event = projects.due_event(going, soon)
    assert event == {"project_id": "p-1", "member_id": "m-kofi", "milestone_id": "ms-business_plan",
                     "kind": "business_plan", "due_on": "2027-03-08"}  # fmt: skip
    new_event("MilestoneDue", event, source="incubator")


def test_the_view_shows_the_viewer_s_moves_and_which_milestones_were_reminded():
    seen = projects.project_view(project("validation", [milestone()], reminded=["ms-business_plan"]), MENTOR)
    assert seen["allowed_moves"] == [] and seen["milestones"][0]["reminded"] is True
    assert projects.project_view(project("validation"), COORDINATOR)["allowed_moves"][1] == "back_to_idea"


def test_anonymising_keeps_the_figures_and_drops_every_free_text():
    reached = {**milestone("company_registered", reached_on="2027-02-27"),
               "evidence": {"note": "at the guichet", "reference": "BE 0123.456.789"}}  # fmt: skip
    kept = projects.anonymised_milestones(project("launched", [reached]))
    assert kept == [{**reached, "note": None, "evidence": None}]
    assert projects.ANONYMOUS == {"member_id": None, "title": None, "erased": True}


def test_the_export_is_plain_data_under_project_id():
    [exported] = projects.member_export([project("idea", [milestone()])])
    assert exported["project_id"] == "p-1" and "_id" not in exported and "version" not in exported
    assert exported["milestones"][0]["kind"] == "business_plan" and exported["title"] == "Accra kitchen"
