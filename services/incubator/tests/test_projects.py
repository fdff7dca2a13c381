"""Projects on the real broker and store: an admission opens the project; its entrepreneur and
coordinators move it along its path to a launch and keep its milestones; mentors read it while the
mentorship lasts; MilestoneDue reminds once; an erased entrepreneur's project stays anonymised."""

from datetime import UTC, date, datetime, timedelta

import eventlet
import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from incubator.projects import ANONYMOUS
from incubator.service import IncubatorService
from incubator.store import IncubatorStore
from interra_chassis.errors import Conflict, Forbidden, Invalid, NotFound
from interra_chassis.store import OUTBOX, Outbox
from interra_chassis.testing import EventTap, call, erase, events_once
from interra_contracts import load_event

from .conftest import PROJECT, admitted

MENTORS: dict[str, set[str]] = {}
"""The mentors each project has now, as the mentoring area would say (MentoredIncubator)."""


class MentoredIncubator(IncubatorService):
    """The incubator with the mentors of MENTORS (the mentoring area overrides the same hook)."""

    def _mentors_now(self, project_id: str) -> set[str]:
        return set(MENTORS.get(project_id, set()))


@pytest.fixture
def incubator(container_factory, rabbit_config, data_dir):
    """The incubator service, its mentors told by MENTORS (this module's fixtures use this one)."""
    MENTORS.clear()
    container = container_factory(MentoredIncubator, rabbit_config)
    container.start()
    yield container
    MENTORS.clear()


def days(n: int) -> str:
    return day(n).isoformat()


def day(n: int) -> date:
    """The day n days from today (as events load their dates)."""
    return datetime.now(UTC).date() + timedelta(days=n)


@pytest.fixture
def project(incubator, open_call):
    """An admitted entrepreneur's project (the view its entrepreneur sees)."""

    def project(member_id: str = "m-kofi", call_id: str | None = None, **changes) -> dict:
        application = admitted(incubator, call_id or open_call()["call_id"], member_id, **changes)
        return call(incubator, "get_project", application["project_id"], member_id)

    return project


def move(incubator, project_id: str, name: str, member_id: str | None = None, reason: str | None = None) -> dict:
    return call(incubator, "move_project", project_id, {"move": name, "reason": reason}, member_id)


def add(incubator, project_id: str, kind: str, due_on: str, member_id: str | None = None, **more) -> dict:
    view = call(incubator, "add_milestone", project_id, {"kind": kind, "due_on": due_on, **more}, member_id)
    return next(m for m in view["milestones"] if m["kind"] == kind)


def complete(incubator, project_id: str, milestone_id: str, member_id: str | None = None, **completion) -> dict:
    payload = {"reached_on": days(0), **completion}
    return call(incubator, "complete_milestone", project_id, milestone_id, payload, member_id)


def stored(db, project_id: str) -> dict:
    return db.projects.find_one({"_id": project_id}, {OUTBOX: 0})


def invalid_fields(incubator, db, project_id: str, method: str, *args) -> dict:
    """A bad request of Kofi's on his project (`method` with args): refused as Invalid, the project left
    as it was. The fields the refusal names."""
    before = stored(db, project_id)
    with pytest.raises(Invalid) as caught:
        call(incubator, method, project_id, *args, "m-kofi")
    assert stored(db, project_id) == before
    return caught.value.fields


# --- opening ----------------------------------------------------------------------------------------


def test_an_admission_opens_the_entrepreneur_s_project(incubator, db, open_call):
    call_id = open_call()["call_id"]
    application = admitted(incubator, call_id, "m-kofi", project={**PROJECT, "stage": "validation"})
    opened = call(incubator, "get_project", application["project_id"], "m-kofi")
    assert opened["project_id"] == application["project_id"]
    assert (opened["application_id"], opened["call_id"], opened["cohort"]) == (
        application["application_id"], call_id, "2027"
    )  # fmt: skip
    assert (opened["member_id"], opened["title"], opened["sector"], opened["needs"]) == (
        "m-kofi", "Accra kitchen", "food", ["legal", "financing"]
    )  # fmt: skip
    assert (opened["team_size"], opened["newcomer_founders"], opened["status"]) == (2, True, "validation")
    assert opened["admitted_at"] == application["history"][-1]["at"]
    assert (opened["launched_on"], opened["stopped_reason"], opened["milestones"], opened["history"]) == (
        None, None, [], []
    )  # fmt: skip
    assert opened["allowed_moves"] == ["build_prototype", "pause", "stop"]
    assert call(incubator, "get_project", application["project_id"])["allowed_moves"] == [
        "build_prototype", "back_to_idea", "pause", "stop"
    ]  # fmt: skip


def test_opening_twice_changes_nothing(incubator, db, project):
    opened = project()
    store = IncubatorStore(db, Outbox("incubator", None))
    application = db.applications.find_one({"_id": opened["application_id"]})
    from incubator.projects import new_project

    again = store.open_project(new_project(application, datetime.now(UTC)))
    assert again["_id"] == opened["project_id"] and again["created_at"] == opened["created_at"]
    assert db.projects.count_documents({"application_id": opened["application_id"]}) == 1


def test_a_project_lost_between_the_admission_and_its_opening_is_opened_when_read(incubator, db, project):
    opened = project()
    db.projects.delete_one({"_id": opened["project_id"]})  # as if the service died between the two writes
    assert call(incubator, "get_project", opened["project_id"], "m-kofi")["status"] == "idea"
    assert db.projects.count_documents({}) == 1

    db.projects.delete_one({"_id": opened["project_id"]})
    listed = call(incubator, "list_projects", member_id="m-kofi")
    assert [p["project_id"] for p in listed["items"]] == [opened["project_id"]]
    db.projects.delete_one({"_id": opened["project_id"]})
    assert call(incubator, "list_projects")["total"] == 1
    with pytest.raises(NotFound):
        call(incubator, "get_project", "no-such-project")
    with pytest.raises(NotFound):
        call(incubator, "get_project", "")


# --- the path ---------------------------------------------------------------------------------------


def test_the_path_to_a_launch_publishes_project_launched(incubator, db, project, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "ProjectLaunched")
    project_id = project()["project_id"]
    for name in ("validate", "build_prototype", "prepare_launch"):
        moved = move(incubator, project_id, name, "m-kofi")
    assert moved["status"] == "launch_preparation" and moved["allowed_moves"] == ["launch", "pause", "stop"]
    with pytest.raises(Conflict) as caught:
        move(incubator, project_id, "launch", "m-kofi")
    assert caught.value.message == "launch needs the launch milestone reached, with its date"
    assert caught.value.fields == {"move": [caught.value.message]}

    launch = add(incubator, project_id, "launch", days(20), "m-kofi")
    with pytest.raises(Conflict):  # due is not reached
        move(incubator, project_id, "launch")
    complete(incubator, project_id, launch["milestone_id"], "m-kofi", reached_on=days(-2))
    launched = move(incubator, project_id, "launch")
    assert (launched["status"], launched["launched_on"], launched["allowed_moves"]) == ("launched", days(-2), [])
    assert [(h["move"], h["status_to"], h["by"]) for h in launched["history"]] == [
        ("validate", "validation", "entrepreneur"), ("build_prototype", "prototype", "entrepreneur"),
        ("prepare_launch", "launch_preparation", "entrepreneur"), ("launch", "launched", "coordinator"),
    ]  # fmt: skip
    [published] = events_once(tap, "ProjectLaunched")
    assert load_event(published).data == {"project_id": project_id, "member_id": "m-kofi", "cohort": "2027",
                                           "sector": "food", "launched_on": day(-2)}  # fmt: skip
    with pytest.raises(Conflict) as caught:  # launched is final
        move(incubator, project_id, "stop", reason="other")
    assert caught.value.message == "a project in launched cannot stop; allowed: none"
    tap.close()


@pytest.mark.parametrize(
    ("name", "member_id", "message"),
    [
        ("prepare_launch", "m-kofi", "a project in idea cannot prepare_launch; allowed: validate, pause, stop"),
        ("resume", None, "a project in idea cannot resume; allowed: validate, pause, stop"),
        ("back_to_idea", None, "a project in idea cannot back_to_idea; allowed: validate, pause, stop"),
    ],
)
def test_a_move_the_path_forbids_is_a_conflict_naming_the_allowed_ones(incubator, db, project, name, member_id,
                                                                        message):  # fmt: skip
    project_id = project()["project_id"]
    before = stored(db, project_id)
    with pytest.raises(Conflict) as caught:
        move(incubator, project_id, name, member_id)
    assert caught.value.message == message and caught.value.fields == {"move": [message]}
    assert stored(db, project_id) == before


def test_only_a_coordinator_moves_a_project_back_one_stage(incubator, db, project):
    project_id = project()["project_id"]
    move(incubator, project_id, "validate", "m-kofi")
    before = stored(db, project_id)
    with pytest.raises(Conflict) as caught:
        move(incubator, project_id, "back_to_idea", "m-kofi")
    assert caught.value.message == "only an InterLab coordinator can back_to_idea"
    assert stored(db, project_id) == before
    assert move(incubator, project_id, "back_to_idea")["status"] == "idea"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"move": "fly"}, "move"),
        ({}, "move"),
        ({"move": "stop"}, "reason"),
        ({"move": "stop", "reason": "bored"}, "reason"),
        ({"move": "validate", "reason": "personal"}, "reason"),
        ({"move": "validate", "when": "now"}, "when"),
    ],
)
def test_a_bad_move_request_names_the_field_and_changes_nothing(incubator, db, project, payload, field):
    project_id = project()["project_id"]
    assert field in invalid_fields(incubator, db, project_id, "move_project", payload)


def test_a_paused_project_resumes_where_it_was_and_a_stop_is_final(incubator, project, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "ProjectStopped")
    project_id = project()["project_id"]
    move(incubator, project_id, "validate", "m-kofi")
    paused = move(incubator, project_id, "pause", "m-kofi")
    assert (paused["status"], paused["paused_from"], paused["allowed_moves"]) == ("paused", "validation",
                                                                                  ["resume", "stop"])  # fmt: skip
    resumed = move(incubator, project_id, "resume")
    assert (resumed["status"], resumed["paused_from"]) == ("validation", None)
    move(incubator, project_id, "pause")
    stopped = move(incubator, project_id, "stop", "m-kofi", reason="found_employment")
    assert (stopped["status"], stopped["stopped_reason"], stopped["allowed_moves"]) == (
        "stopped", "found_employment", []
    )  # fmt: skip
    assert stopped["history"][-1] == {**stopped["history"][-1], "move": "stop", "status_from": "paused",
                                      "reason": "found_employment", "by": "entrepreneur"}  # fmt: skip
    [published] = events_once(tap, "ProjectStopped")
    assert load_event(published).data == {"project_id": project_id, "member_id": "m-kofi", "cohort": "2027",
                                           "reason": "found_employment"}  # fmt: skip
    with pytest.raises(Conflict):
        move(incubator, project_id, "resume")
    with pytest.raises(Conflict) as caught:
        add(incubator, project_id, "launch", days(10), "m-kofi")
    assert caught.value.fields == {"kind": ["a stopped project's milestones are closed"]}
    tap.close()


def test_one_move_wins_when_the_same_move_is_asked_at_once(incubator, db, project, rabbit_config):
    project_id = project()["project_id"]

    def one(_):
        with ClusterRpcProxy(rabbit_config) as rpc:
            try:
                return rpc.incubator.move_project(project_id, {"move": "validate"}, "m-kofi")["status"]
            except Exception as exc:
                return type(exc).__name__

    outcomes = list(eventlet.GreenPool(4).imap(one, range(4)))
    assert sorted(outcomes) == ["Conflict"] * 3 + ["validation"]
    assert len(stored(db, project_id)["history"]) == 1


# --- who sees, who changes --------------------------------------------------------------------------


def test_the_entrepreneur_and_coordinators_see_the_project_and_a_mentor_only_while_mentoring(incubator, db, project):
    project_id = project()["project_id"]
    for stranger in ("m-lea", "m-mentor"):
        with pytest.raises(NotFound) as caught:
            call(incubator, "get_project", project_id, stranger)
        assert caught.value.message == f"no project {project_id!r}"  # no hint that it exists
        with pytest.raises(NotFound):
            move(incubator, project_id, "validate", stranger)
        with pytest.raises(NotFound):
            add(incubator, project_id, "launch", days(10), stranger)
    assert call(incubator, "list_projects", member_id="m-lea")["total"] == 0

    MENTORS[project_id] = {"m-mentor"}
    seen = call(incubator, "get_project", project_id, "m-mentor")
    assert seen["title"] == "Accra kitchen" and seen["allowed_moves"] == []
    before = stored(db, project_id)
    with pytest.raises(Forbidden):
        move(incubator, project_id, "validate", "m-mentor")
    with pytest.raises(Forbidden):
        add(incubator, project_id, "launch", days(10), "m-mentor")
    milestone = add(incubator, project_id, "business_plan", days(10), "m-kofi")
    with pytest.raises(Forbidden):
        complete(incubator, project_id, milestone["milestone_id"], "m-mentor")
    assert stored(db, project_id)["status"] == before["status"] == "idea"

    MENTORS[project_id] = set()  # the mentorship ended
    with pytest.raises(NotFound):
        call(incubator, "get_project", project_id, "m-mentor")


# --- milestones -------------------------------------------------------------------------------------


def test_milestones_are_added_one_of_each_kind_and_completed_once_with_evidence(incubator, db, project,
                                                                                rabbit_config):  # fmt: skip
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "MilestoneReached")
    project_id = project()["project_id"]
    registered = add(incubator, project_id, "company_registered", days(30), "m-kofi", note="SRL, at the guichet")
    assert (registered["due_on"], registered["note"], registered["added_by"]) == (days(30), "SRL, at the guichet",
                                                                                 "entrepreneur")  # fmt: skip
    assert (registered["reached_on"], registered["evidence"], registered["reminded"]) == (None, None, False)
    plan = add(incubator, project_id, "business_plan", days(15))
    assert plan["added_by"] == "coordinator" and plan["milestone_id"] != registered["milestone_id"]
    with pytest.raises(Conflict) as caught:
        add(incubator, project_id, "business_plan", days(40), "m-kofi")
    assert caught.value.fields == {"kind": ["this project has a business_plan milestone already (one of each kind)"]}

    view = complete(incubator, project_id, registered["milestone_id"], "m-kofi", reached_on=days(-1),
                    note="Registered on the first try", reference="BE 0123.456.789")  # fmt: skip
    [done, waiting] = view["milestones"]
    assert (done["reached_on"], done["evidence"]) == (
        days(-1), {"note": "Registered on the first try", "reference": "BE 0123.456.789"}
    )  # fmt: skip
    assert waiting == plan
    [published] = events_once(tap, "MilestoneReached")
    assert load_event(published).data == {
        "project_id": project_id, "member_id": "m-kofi", "cohort": "2027", "milestone_id": registered["milestone_id"],
        "kind": "company_registered", "reached_on": day(-1),
    }  # fmt: skip
    assert "Registered" not in str(published) and "BE 0123" not in str(published)
    with pytest.raises(Conflict) as caught:
        complete(incubator, project_id, registered["milestone_id"], "m-kofi")
    assert caught.value.message == f"this milestone was reached on {days(-1)}"
    with pytest.raises(NotFound):
        complete(incubator, project_id, "no-such-milestone", "m-kofi")
    tap.close()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "world_domination", "due_on": days(10)}, "kind"),
        ({"due_on": days(10)}, "kind"),
        ({"kind": "launch"}, "due_on"),
        ({"kind": "launch", "due_on": "soon"}, "due_on"),
        ({"kind": "launch", "due_on": days(-1)}, "due_on"),
        ({"kind": "launch", "due_on": days(365 * 6)}, "due_on"),
        ({"kind": "launch", "due_on": days(10), "note": "x" * 1001}, "note"),
        ({"kind": "launch", "due_on": days(10), "note": "   "}, "note"),
        ({"kind": "launch", "due_on": days(10), "owner": "m-kofi"}, "owner"),
    ],
)
def test_a_bad_milestone_names_the_field_and_changes_nothing(incubator, db, project, payload, field):
    project_id = project()["project_id"]
    assert field in invalid_fields(incubator, db, project_id, "add_milestone", payload)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "reached_on"),
        ({"reached_on": days(1)}, "reached_on"),
        ({"reached_on": days(0), "note": "x" * 1001}, "note"),
        ({"reached_on": days(0), "reference": "x" * 61}, "reference"),
        ({"reached_on": days(0), "reference": "<script>"}, "reference"),
        ({"reached_on": days(0), "proof": "yes"}, "proof"),
    ],
)
def test_a_bad_completion_names_the_field_and_changes_nothing(incubator, db, project, payload, field):
    project_id = project()["project_id"]
    milestone = add(incubator, project_id, "launch", days(10), "m-kofi")
    assert field in invalid_fields(incubator, db, project_id, "complete_milestone", milestone["milestone_id"], payload)


# --- reminders --------------------------------------------------------------------------------------


def test_milestone_due_is_sent_once_within_the_notice_days(incubator, db, project, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "MilestoneDue")
    project_id = project()["project_id"]
    later = add(incubator, project_id, "business_plan", days(30), "m-kofi")
    assert call(incubator, "remind_due_milestones") == 0
    assert call(incubator, "check_due_milestones") == 0  # the hourly timer's method
    assert call(incubator, "remind_due_milestones", days(22)) == 0  # 8 days before
    assert call(incubator, "remind_due_milestones", days(23)) == 1  # 7 days before (INCUBATOR_MILESTONE_NOTICE_DAYS)
    assert call(incubator, "remind_due_milestones", days(24)) == 0  # once
    [published] = events_once(tap, "MilestoneDue")
    assert load_event(published).data == {"project_id": project_id, "member_id": "m-kofi",
                                           "milestone_id": later["milestone_id"], "kind": "business_plan",
                                           "due_on": day(30)}  # fmt: skip
    view = call(incubator, "get_project", project_id, "m-kofi")
    assert view["milestones"][0]["reminded"] is True

    soon = add(incubator, project_id, "first_customer", days(3), "m-kofi")  # less notice: reminded at once
    assert soon["reminded"] is True
    due = events_once(tap, "MilestoneDue", count=2)
    assert {load_event(e).data["milestone_id"] for e in due} == {later["milestone_id"], soon["milestone_id"]}
    assert call(incubator, "remind_due_milestones", days(29)) == 0
    with pytest.raises(Invalid) as caught:
        call(incubator, "remind_due_milestones", "tomorrow")
    assert "on" in caught.value.fields
    tap.close()


def test_no_reminder_for_a_reached_milestone_or_a_paused_project_and_one_only_at_once(incubator, db, project,
                                                                                       rabbit_config):  # fmt: skip
    paused_id = project("m-kofi")["project_id"]
    add(incubator, paused_id, "business_plan", days(20), "m-kofi")
    move(incubator, paused_id, "pause", "m-kofi")
    other = project("m-amal", call_id=stored(db, paused_id)["call_id"])["project_id"]
    reached = add(incubator, other, "business_plan", days(20), "m-amal")
    complete(incubator, other, reached["milestone_id"], "m-amal")
    add(incubator, other, "launch", days(20), "m-amal")
    add(incubator, other, "first_customer", days(21), "m-amal")

    def one(_):
        with ClusterRpcProxy(rabbit_config) as rpc:
            return rpc.incubator.remind_due_milestones(days(15))

    assert sum(eventlet.GreenPool(3).imap(one, range(3))) == 2  # launch and first_customer, once each
    assert sorted(stored(db, other)["reminded"]) == sorted(
        m["milestone_id"] for m in stored(db, other)["milestones"] if m["kind"] != "business_plan"
    )  # fmt: skip
    assert stored(db, paused_id)["reminded"] == []
    move(incubator, paused_id, "resume", "m-kofi")  # back on its path: reminded at the next check
    assert call(incubator, "remind_due_milestones", days(15)) == 1


# --- lists ------------------------------------------------------------------------------------------


def test_a_coordinator_lists_by_cohort_and_status_and_a_member_lists_theirs(incubator, open_call, project):
    first = open_call()["call_id"]
    kofi = project("m-kofi", call_id=first)["project_id"]
    amal = project("m-amal", call_id=first)["project_id"]
    later = open_call(cohort="2028")["call_id"]
    lea = project("m-lea", call_id=later)["project_id"]
    move(incubator, amal, "validate", "m-amal")

    def ids(**query):
        return [p["project_id"] for p in call(incubator, "list_projects", **query)["items"]]

    assert ids() == [lea, amal, kofi]
    assert ids(cohort="2027") == [amal, kofi] and ids(cohort="2028") == [lea]
    assert ids(status="validation") == [amal] and ids(cohort="2028", status="validation") == []
    assert ids(member_id="m-kofi") == [kofi]
    page = call(incubator, "list_projects", offset=1, limit=1)
    assert (page["total"], page["offset"], page["limit"], [p["project_id"] for p in page["items"]]) == (
        3, 1, 1, [amal]
    )  # fmt: skip
    assert call(incubator, "list_projects", member_id="m-kofi")["items"][0]["allowed_moves"] == [
        "validate", "pause", "stop"
    ]  # fmt: skip
    for query, field in (({"status": "flying"}, "status"), ({"cohort": "Twenty 27"}, "cohort"),
                         ({"limit": 0}, "limit"), ({"member_id": "m kofi"}, "member_id")):  # fmt: skip
        with pytest.raises(Invalid) as caught:
            call(incubator, "list_projects", **query)
        assert field in caught.value.fields


# --- privacy ----------------------------------------------------------------------------------------


def test_export_then_erasure_keeps_the_project_for_the_figures_only(incubator, db, project):
    project_id = project()["project_id"]
    milestone = add(incubator, project_id, "company_registered", days(10), "m-kofi", note="an SRL")
    complete(incubator, project_id, milestone["milestone_id"], "m-kofi", note="done", reference="BE 0123.456.789")
    move(incubator, project_id, "validate", "m-kofi")

    [exported] = call(incubator, "export_member", "m-kofi")["projects"]
    assert exported["project_id"] == project_id and exported["title"] == "Accra kitchen"
    assert exported["milestones"][0]["evidence"] == {"note": "done", "reference": "BE 0123.456.789"}
    assert exported["history"][0]["move"] == "validate"

    erase(incubator, "m-kofi", deliveries=2)
    assert call(incubator, "export_member", "m-kofi")["projects"] == []
    kept = stored(db, project_id)
    assert {name: kept[name] for name in ANONYMOUS} == ANONYMOUS
    assert (kept["sector"], kept["status"], kept["cohort"], kept["needs"]) == ("food", "validation", "2027",
                                                                              ["legal", "financing"])  # fmt: skip
    [anonymous] = kept["milestones"]
    assert (anonymous["kind"], anonymous["due_on"], anonymous["reached_on"]) == ("company_registered", days(10),
                                                                                days(0))  # fmt: skip
    assert (anonymous["note"], anonymous["evidence"]) == (None, None)
    assert "an SRL" not in str(kept) and "BE 0123" not in str(kept) and "m-kofi" not in str(kept)

    with pytest.raises(NotFound):
        call(incubator, "get_project", project_id, "m-kofi")
    seen = call(incubator, "get_project", project_id)
    assert seen["member_id"] is None and seen["allowed_moves"] == []
    with pytest.raises(Conflict) as caught:
        move(incubator, project_id, "stop", reason="other")
    assert "kept for the figures only" in caught.value.message
    with pytest.raises(Conflict):
        add(incubator, project_id, "launch", days(10))
    assert call(incubator, "remind_due_milestones", days(100)) == 0
