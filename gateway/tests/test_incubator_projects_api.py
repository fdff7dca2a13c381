"""InterLab projects through the gateway, every service running: an admitted entrepreneur and a
coordinator take the project along its path to a launch (ProjectLaunched); another member finds no
such project; launching without the launch milestone is refused."""

from datetime import UTC, datetime, timedelta

import pytest

from interra_chassis.testing import EventTap, events_once
from interra_contracts import load_event

from .conftest import admitted_over_api, known

PROJECT = {"title": "Accra kitchen", "sector": "food", "stage": "idea", "needs": ["legal", "financing"],
           "description": "A catering business serving Ghanaian dishes at events.", "team_size": 2,
           "newcomer_founders": True}  # fmt: skip


def days(n: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=n)).isoformat()


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture
def admitted(staff, rabbit_config):
    """A coordinator and the project of the entrepreneur they admitted (admitted_over_api, with this
    file's project)."""

    def admitted(entrepreneur):
        coordinator = staff("coordinator:incubator")
        return coordinator, admitted_over_api(coordinator, entrepreneur, rabbit_config, project=PROJECT)["project_id"]

    return admitted


def test_the_entrepreneur_and_a_coordinator_take_the_project_to_its_launch(member, staff, admitted, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "ProjectLaunched")
    kofi = member("Kofi")
    coordinator, project_id = admitted(kofi)
    path = f"/incubator/projects/{project_id}"
    mine = ok(kofi.get(path))
    assert (mine["member_id"], mine["title"], mine["status"]) == (kofi.member_id, "Accra kitchen", "idea")
    assert ok(coordinator.get(path))["allowed_moves"] == ["validate", "pause", "stop"]
    assert [p["project_id"] for p in ok(kofi.get("/incubator/projects"))["items"]] == [project_id]

    for name in ("validate", "build_prototype"):
        ok(kofi.post(f"{path}/moves", {"move": name}))
    ok(coordinator.post(f"{path}/moves", {"move": "prepare_launch"}))
    refused = kofi.post(f"{path}/moves", {"move": "launch"})
    assert refused.status_code == 409
    assert refused.json()["detail"] == "launch needs the launch milestone reached, with its date"
    skipped = kofi.post(f"{path}/moves", {"move": "validate"})
    assert skipped.status_code == 409 and skipped.json()["detail"].endswith("allowed: launch, pause, stop")
    bad = kofi.post(f"{path}/moves", {"move": "stop"})
    assert bad.status_code == 422 and "reason" in bad.json()["errors"]

    added = ok(kofi.post(f"{path}/milestones", {"kind": "launch", "due_on": days(5), "note": "Opening day"}), 201)
    [launch] = added["milestones"]
    assert (launch["kind"], launch["due_on"], launch["reminded"]) == ("launch", days(5), True)  # within the notice
    late = kofi.post(f"{path}/milestones/{launch['milestone_id']}/completion", {"reached_on": days(1)})
    assert late.status_code == 422 and "reached_on" in late.json()["errors"]
    evidence = {"reached_on": days(0), "reference": "BE 0123.456.789"}
    done = ok(coordinator.post(f"{path}/milestones/{launch['milestone_id']}/completion", evidence))
    assert done["milestones"][0]["evidence"] == {"note": None, "reference": "BE 0123.456.789"}

    launched = ok(kofi.post(f"{path}/moves", {"move": "launch"}))
    assert (launched["status"], launched["launched_on"], launched["allowed_moves"]) == ("launched", days(0), [])
    [published] = events_once(tap, "ProjectLaunched")
    data = load_event(published).data
    assert (data["project_id"], data["member_id"], data["sector"], data["launched_on"].isoformat()) == (
        project_id, kofi.member_id, "food", days(0)
    )  # fmt: skip
    listed = ok(coordinator.get("/incubator/projects?cohort=2027&status=launched"))
    assert [p["project_id"] for p in listed["items"]] == [project_id]
    assert ok(coordinator.get("/incubator/projects?status=idea"))["total"] == 0
    tap.close()


def test_another_member_finds_no_such_project_and_other_staff_may_not(member, staff, admitted):
    kofi, lea = member("Kofi"), member("Lea")
    _, project_id = admitted(kofi)
    path = f"/incubator/projects/{project_id}"
    assert lea.get(path).status_code == 404
    assert lea.post(f"{path}/moves", {"move": "validate"}).status_code == 404
    assert lea.post(f"{path}/milestones", {"kind": "launch", "due_on": days(30)}).status_code == 404
    assert ok(known(lambda: lea.get("/incubator/projects")))["items"] == []
    assert lea.get(f"/incubator/projects?member_id={kofi.member_id}").status_code == 404
    duos = staff("coordinator:duos")
    assert duos.get(path).status_code == 403
    assert duos.get("/incubator/projects").status_code == 403
    assert ok(kofi.get(path))["status"] == "idea"  # nothing changed
    assert kofi.get("/incubator/projects/no.such").status_code == 400
    assert kofi.get("/incubator/projects?status=flying").status_code == 422
