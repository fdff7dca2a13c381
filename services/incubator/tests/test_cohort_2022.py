"""A cohort like InterLab's 2022 one, seeded through the service, reproduced by the figures: 32
entrepreneurs accompanied, 6 projects launched, 44% women (14 of 32)."""

import json
from datetime import UTC, datetime

import pytest

from interra_chassis.testing import call, erase, register

from .conftest import PROJECT, admitted, applied
from .test_follow_up import ANSWER, ask, due, follow_ups_of

GENDERS = ["woman"] * 14 + ["man"] * 17 + ["non_binary"]
"""The 32 admitted entrepreneurs' genders: 14 women of 32 = 43.75%, shown as 44%."""
KINDS = ["newcomer"] * 24 + ["local"] * 8
NEWCOMER_FOUNDERS = [True] * 26 + [False] * 6
LAUNCHED, STOPPED = range(6), range(6, 8)
"""Which of the 32 launch (6) and stop (2)."""
MENTORS, MENTORED = 7, 20
"""7 mentors of 3 places each; 20 of their proposed mentorships are accepted, each logs two sessions of
90 minutes (60 hours in all)."""
MENTOR = {"expertise": ["legal", "financing"], "sectors": ["food"], "languages": ["ar", "en"], "region": "liege",
          "formats": ["in_person", "video"], "capacity": 3}  # fmt: skip
ANSWERING, STILL_ACTIVE = range(20), range(16)
"""Who answers the 6-month follow-up (20), and says the project is still active (16)."""


def seed_2022_like(incubator, open_call) -> dict:
    """Seed the cohort through the service's RPCs, as InterLab would live it: a call of 32 places; 41
    members apply (one only saves a draft); 32 are admitted after two reviews, 5 declined, 3 withdraw;
    6 projects are launched (the path walked, the launch milestone reached), 2 stopped; 7 mentors join
    the pool, the matching proposes, coordinators accept 20 mentorships, each logs two sessions.
    Returns the call, the entrepreneurs' member ids and their projects."""
    opened = open_call(cohort="2022", places=32)
    entrepreneurs, projects = [], []
    for n, (gender, kind, founders) in enumerate(zip(GENDERS, KINDS, NEWCOMER_FOUNDERS, strict=True)):
        member_id = f"m-entrepreneur-{n}"
        project = {**PROJECT, "newcomer_founders": founders}
        entrepreneurs.append(member_id)
        admission = admitted(incubator, opened["call_id"], member_id, {"gender": gender, "kind": kind}, project=project)
        projects.append(admission["project_id"])
    for n in range(8):
        member_id = f"m-applicant-{n}"
        application = applied(incubator, opened["call_id"], member_id, {"gender": "woman" if n % 2 else None})
        move = {"move": "decline", "reason": "not_ready"} if n < 5 else {"move": "withdraw"}
        call(incubator, "move_application", application["application_id"], move, None if n < 5 else member_id)
    applied(incubator, opened["call_id"], "m-drafting", submit=False)

    today = datetime.now(UTC).date().isoformat()
    for n in LAUNCHED:
        for move in ("validate", "build_prototype", "prepare_launch"):
            call(incubator, "move_project", projects[n], {"move": move})
        added = call(incubator, "add_milestone", projects[n], {"kind": "launch", "due_on": today})
        [launch] = [m for m in added["milestones"] if m["kind"] == "launch"]
        call(incubator, "complete_milestone", projects[n], launch["milestone_id"], {"reached_on": today})
        assert call(incubator, "move_project", projects[n], {"move": "launch"})["status"] == "launched"
    for n in STOPPED:
        call(incubator, "move_project", projects[n], {"move": "stop", "reason": "not_viable"})
    for n in range(MENTORS):
        register(incubator, f"m-mentor-{n}", kind="local")
        call(incubator, "put_mentor", f"m-mentor-{n}", MENTOR)
    proposed = call(incubator, "run_mentor_matching", opened["call_id"])["items"]
    assert len(proposed) >= MENTORED
    for mentorship in proposed[:MENTORED]:
        call(incubator, "move_mentorship", mentorship["mentorship_id"], {"move": "accept"})
        for kind in ("mentoring", "expert"):
            session = {"held_on": today, "minutes": 90, "kind": kind}
            call(incubator, "log_mentoring_session", mentorship["mentorship_id"], session, mentorship["mentor_id"])
    return {"call": opened, "entrepreneurs": entrepreneurs, "projects": projects}


@pytest.fixture
def cohort_2022(incubator, open_call):
    return seed_2022_like(incubator, open_call)


def test_the_figures_reproduce_a_cohort_like_2022(incubator, cohort_2022):
    entrepreneurs = cohort_2022["entrepreneurs"]
    assert ask(incubator, due(cohort_2022["call"]["ends_on"], 6)) == 32
    for n in ANSWERING:
        [asked] = follow_ups_of(incubator, entrepreneurs[n])
        answer = {**ANSWER, "still_active": n in STILL_ACTIVE, "jobs_created": 2 if n in LAUNCHED else 0}
        call(incubator, "answer_follow_up", asked["follow_up_id"], answer, entrepreneurs[n])

    result = call(incubator, "figures", cohort="2022")

    assert result["accompanied"] == {"value": 32, "small": False}
    assert result["launched"] == {"value": 6, "small": False}
    assert result["women"] == {"count": 14, "base": 32, "share": 0.4375, "percent": 44, "small": False}
    assert result["gender_unknown"] == {"value": 0, "small": True}
    assert result["applications"] == {"value": 40, "small": False}  # 41 members: one only saved a draft
    assert result["admitted"] == {"value": 32, "small": False}
    assert result["stopped"] == {"value": 2, "small": True}
    assert result["newcomers"] == {"count": 24, "base": 32, "share": 0.75, "percent": 75, "small": False}
    assert result["newcomer_founders"] == {"count": 26, "base": 32, "share": 0.8125, "percent": 81, "small": False}
    assert result["mentoring_hours"] == {"value": 60.0, "base": 20, "small": False}
    assert result["days_to_launch"] == {"value": 0.0, "base": 6, "small": False}  # admitted and launched today
    six, twelve = result["follow_ups"]
    assert (six["months"], six["asked"], six["answered"]) == (6, {"value": 32, "small": False},
                                                              {"value": 20, "small": False})  # fmt: skip
    assert six["active"] == {"count": 16, "base": 20, "share": 0.8, "percent": 80, "small": True}  # 4 are not
    assert six["jobs_created"] == {"value": 12, "base": 20, "small": False}
    assert (twelve["months"], twelve["asked"]["value"], twelve["active"]["base"]) == (12, 0, 0)
    assert not any(member_id in json.dumps(result) for member_id in entrepreneurs)

    by_year = call(incubator, "figures", year=datetime.now(UTC).year)  # all of it happened today
    assert (by_year["applications"]["value"], by_year["accompanied"]["value"]) == (40, 32)
    assert (by_year["launched"]["value"], by_year["women"]["percent"]) == (6, 44)

    for member_id in entrepreneurs[:3]:  # erasures change no figure: they keep counts only
        erase(incubator, member_id)
    assert call(incubator, "figures", cohort="2022") == result
