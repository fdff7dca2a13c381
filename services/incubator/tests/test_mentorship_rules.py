"""InterLab mentorships' pure rules (no broker): the pool's profile and capacity, a mentorship's moves
as data, who sees what, sessions, the inactivity nudge, safeguarding, what events and exports carry."""

from datetime import UTC, date, datetime, timedelta

import pytest

from incubator import mentorships as rules
from incubator.mentoring import MentorProposal
from interra_contracts.api.incubator.mentoring import MENTORSHIP_MOVES, MentorshipMove
from interra_contracts.events import (
    MentorAssignedV1,
    MentoringSessionLoggedV1,
    MentorshipEndedV1,
    MentorshipInactiveV1,
    SafeguardingReportedV1,
    SessionEvaluatedV1,
)
from interra_contracts.vocabulary import MENTOR_REJECTIONS, MENTORSHIP_END_REASONS

NOW = datetime(2027, 4, 1, 10, tzinfo=UTC)
TODAY = NOW.date()
PROFILE = {"expertise": ["legal"], "sectors": ["food"], "languages": ["fr", "ar"], "region": "liege",
           "formats": ["in_person", "video"], "capacity": 2}  # fmt: skip


def a_mentorship(status="proposed", **changes) -> dict:
    return {"_id": "ms1", "mentor_id": "m-lea", "entrepreneur_id": "m-kofi", "project_id": "p1", "cohort": "2027",
            "call_id": "c1", "score": 19, **rules.with_status(status), **changes}  # fmt: skip


# --- the pool ---------------------------------------------------------------------------------------


def test_a_mentor_offers_a_need_or_a_sector_each_value_once():
    assert rules.mentor_errors(PROFILE) == {}
    assert rules.mentor_errors({**PROFILE, "sectors": []}) == {}
    assert rules.mentor_errors({**PROFILE, "expertise": [], "sectors": []}) == {
        "expertise": ["name at least one area of expertise or one sector"]
    }
    assert rules.mentor_errors({**PROFILE, "languages": ["fr", "fr"], "formats": ["video", "video"]}) == {
        "languages": ["each value once"], "formats": ["each value once"],
    }  # fmt: skip


def test_capacity_never_falls_below_the_mentorships_held():
    assert rules.capacity_error(1, 1) is None and rules.capacity_error(3, 0) is None
    assert (
        rules.capacity_error(1, 2)
        == "capacity 1 is below the 2 mentorships you hold (proposed or active); end one first"
    )


def test_only_mentors_in_the_pool_with_a_free_place_and_no_report_reach_the_engine():
    base = rules.new_mentor("m-a", PROFILE, NOW)
    full = {**base, "_id": "m-full", "free": 0, "holds": ["x", "y"]}
    left = {**base, "_id": "m-left", "in_pool": False}
    reported = {**base, "_id": "m-reported", "reports_pending": ["r1"]}
    removed = {**base, "_id": "m-removed", "removed": True}
    one_held = {**base, "_id": "m-one", "free": 1, "holds": ["x"]}
    engine = rules.pool_mentors([base, full, left, reported, removed, one_held])
    assert [(m.member_id, m.places, m.video) for m in engine] == [("m-a", 2, True), ("m-one", 1, True)]


def test_waiting_entrepreneurs_are_admitted_with_a_project_no_live_mentorship_and_still_known():
    project = {"sector": "food", "needs": ["legal"]}
    apps = [
        {"_id": "a1", "member_id": "e1", "status": "admitted", "project_id": "p1", "project": project},
        {"_id": "a2", "member_id": "e2", "status": "admitted", "project_id": "p2", "project": project},  # has one
        {"_id": "a3", "member_id": "e3", "status": "admitted", "project_id": "p3", "project": project},  # erased
        {"_id": "a4", "member_id": "e4", "status": "waitlisted", "project_id": None, "project": project},
    ]
    members = {"e1": {"languages": ["ar"], "french_level": "A2", "region": "liege"}, "e2": {}, "e4": {}}
    [only] = rules.waiting_entrepreneurs(apps, members, live_projects={"p2"})
    assert (only.application_id, only.member_id, only.needs, only.languages, only.french_level, only.region,
            only.video) == ("a1", "e1", frozenset({"legal"}), frozenset({"ar"}), "A2", "liege", True)  # fmt: skip


def test_rejected_and_ended_pairs_are_barred():
    mentorships = [
        a_mentorship("rejected"),
        a_mentorship("ended", entrepreneur_id="m-omar"),
        a_mentorship("active", entrepreneur_id="m-sam"),
        a_mentorship("proposed", entrepreneur_id="m-x"),
    ]
    assert rules.barred_pairs(mentorships) == [("m-kofi", "m-lea"), ("m-omar", "m-lea")]


def test_a_proposal_carries_its_score_reasons_and_project_and_is_live():
    application = {"_id": "a1", "call_id": "c1", "cohort": "2027", "project_id": "p1"}
    proposal = MentorProposal("a1", "m-kofi", "m-lea", 19, ("1 need met: legal", "both in liege"))
    mentorship = rules.new_mentorship(proposal, application, "ms1", NOW)
    assert (mentorship["status"], mentorship["live"], mentorship["score"], mentorship["reasons"]) == (
        "proposed", True, 19, ["1 need met: legal", "both in liege"],
    )  # fmt: skip
    assert (mentorship["project_id"], mentorship["mentor_id"], mentorship["entrepreneur_id"]) == (
        "p1",
        "m-lea",
        "m-kofi",
    )


# --- a mentorship's moves -----------------------------------------------------------------------------


def test_the_moves_are_those_the_contract_offers():
    assert tuple(rules.MOVES) == MENTORSHIP_MOVES
    assert MentorshipMove().fields["reason"].validate.choices == tuple(
        dict.fromkeys(MENTOR_REJECTIONS + MENTORSHIP_END_REASONS)
    )


@pytest.mark.parametrize(
    ("status", "move", "by", "facts", "refusal"),
    [
        ("proposed", "accept", "coordinator", {"mentor_available": True}, None),
        ("proposed", "accept", "coordinator", {},
         "accept needs a mentor in the pool with no safeguarding report pending; allowed: reject"),
        ("proposed", "accept", "mentor", {"mentor_available": True}, "only a coordinator can accept"),
        ("proposed", "reject", "coordinator", {}, None),
        ("proposed", "end", "coordinator", {}, "a proposed mentorship cannot end; allowed: accept, reject"),
        ("active", "end", "mentor", {}, None),
        ("active", "end", "entrepreneur", {}, None),
        ("active", "end", "coordinator", {}, None),
        ("active", "accept", "coordinator", {"mentor_available": True},
         "an active mentorship cannot accept; allowed: end"),
        ("ended", "end", "mentor", {}, "an ended mentorship cannot end; allowed: none"),
        ("rejected", "accept", "coordinator", {"mentor_available": True},
         "a rejected mentorship cannot accept; allowed: none"),
        ("active", "fly", "coordinator", {}, "unknown move 'fly'; moves: accept, reject, end"),
    ],
)  # fmt: skip
def test_one_function_says_whether_a_move_may_happen(status, move, by, facts, refusal):
    assert rules.mentorship_move_error(a_mentorship(status), move, by, facts) == refusal


def test_the_allowed_moves_depend_on_the_status_and_who_asks():
    assert rules.allowed_moves(a_mentorship("proposed"), "coordinator") == ["accept", "reject"]
    assert rules.allowed_moves(a_mentorship("proposed"), "mentor") == []
    assert rules.allowed_moves(a_mentorship("active"), "entrepreneur") == ["end"]
    assert rules.allowed_moves(a_mentorship("ended"), None) == []


@pytest.mark.parametrize(
    ("move", "reason", "errors"),
    [
        ("accept", None, {}),
        ("accept", "other", {"reason": ["accept takes no reason"]}),
        ("reject", None, {"reason": [f"reject needs a reason, one of: {', '.join(MENTOR_REJECTIONS)}"]}),
        ("reject", "completed", {"reason": [f"reject needs a reason, one of: {', '.join(MENTOR_REJECTIONS)}"]}),
        ("reject", "poor_fit", {}),
        ("end", "no_time", {}),
        ("end", "poor_fit", {"reason": [
            "end needs a reason, one of: completed, no_time, mismatch, bad_experience, project_stopped, other"]}),
        ("end", "member_erased", {"reason": [
            "end needs a reason, one of: completed, no_time, mismatch, bad_experience, project_stopped, other"]}),
    ],
)  # fmt: skip
def test_each_move_takes_its_own_reasons(move, reason, errors):
    assert rules.move_request_errors(move, reason) == errors


def test_members_see_the_mentorships_of_theirs_that_began_coordinators_all():
    for status in ("proposed", "rejected"):
        assert not rules.visible_to(a_mentorship(status), "m-lea")
        assert rules.visible_to(a_mentorship(status), None)
    for status in ("active", "ended"):
        assert rules.visible_to(a_mentorship(status), "m-lea") and rules.visible_to(a_mentorship(status), "m-kofi")
        assert not rules.visible_to(a_mentorship(status), "m-omar")
    assert (
        rules.side_of(a_mentorship(), "m-lea") == "mentor" and rules.side_of(a_mentorship(), "m-kofi") == "entrepreneur"
    )
    assert rules.side_of(a_mentorship(entrepreneur_id=rules.ERASED), rules.ERASED) is None


def test_live_goes_with_the_status():
    assert rules.accepted(TODAY) == {"status": "active", "live": True, "started_on": "2027-04-01",
                                     "last_activity_on": "2027-04-01"}  # fmt: skip
    assert "live" not in rules.rejected("poor_fit") and "live" not in rules.ended("no_time", "mentor", TODAY)


# --- sessions and inactivity -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held_on", "errors"),
    [
        (TODAY, {}),
        (date(2027, 3, 1), {}),
        (TODAY + timedelta(days=1), {"held_on": ["cannot be in the future"]}),
        (date(2027, 2, 28), {"held_on": ["is before the mentorship began (2027-03-01)"]}),
    ],
)
def test_a_session_is_held_between_the_start_and_today(held_on, errors):
    assert rules.session_errors(held_on, "2027-03-01", TODAY) == errors


@pytest.mark.parametrize(
    ("days_silent", "due"),
    [(0, None), (20, None), (21, (3, "2027-03-11/1")), (41, (5, "2027-03-11/1")), (42, (6, "2027-03-11/2"))],
)
def test_a_silent_mentorship_is_nudged_once_per_period(days_silent, due):
    last = date(2027, 3, 11)
    assert rules.inactivity(last, last + timedelta(days=days_silent), 3) == due


def test_a_new_session_starts_a_new_silence():
    first = rules.inactivity(date(2027, 3, 1), date(2027, 3, 25), 3)
    after_a_session = rules.inactivity(date(2027, 3, 20), date(2027, 4, 10), 3)
    assert first[1] != after_a_session[1]


# --- events carry no free text ------------------------------------------------------------------------


def test_events_carry_ids_and_codes_never_what_people_wrote():
    mentorship = a_mentorship("active")
    assert MentorAssignedV1().load(rules.assigned_event(mentorship)) == {
        "mentorship_id": "ms1", "mentor_id": "m-lea", "entrepreneur_id": "m-kofi", "project_id": "p1",
        "cohort": "2027", "score": 19,
    }  # fmt: skip
    assert MentorshipEndedV1().load(rules.ended_event(mentorship, "mentor", "no_time"))["ended_by"] == "mentor"
    log = {"held_on": TODAY, "minutes": 60, "kind": "expert", "topics": ["pricing"], "next_steps": "Call the bank.",
           "notes": "She worries about the loan."}  # fmt: skip
    session = rules.new_session(mentorship, log, "m-kofi", "s1", NOW)
    logged = rules.session_logged_event(session)
    assert MentoringSessionLoggedV1().load(logged)["minutes"] == 60
    assert set(logged) == {"mentorship_id", "kind", "held_on", "minutes"}
    evaluation = rules.new_evaluation({"rating": 5, "tags": ["useful"]}, "m-kofi", "entrepreneur", NOW)
    assert SessionEvaluatedV1().load(rules.evaluated_event(session, evaluation)) == {
        "programme": "mentoring", "subject_id": "ms1", "session_id": "s1", "evaluator_id": "m-kofi", "rating": 5,
        "tags": ["useful"],
    }  # fmt: skip
    assert MentorshipInactiveV1().load(rules.inactive_event(mentorship, 3))["weeks_without_session"] == 3
    request = {"mentor_id": "m-lea", "category": "paid_services", "description": "He sold me a course."}
    report = rules.new_report(request, "m-kofi", "r1", NOW)
    assert SafeguardingReportedV1().load(rules.reported_event(report)) == {
        "report_id": "r1",
        "mentor_id": "m-lea",
        "category": "paid_services",
    }


# --- safeguarding ---------------------------------------------------------------------------------------


def test_who_may_report_whom():
    mentor = rules.new_mentor("m-lea", PROFILE, NOW)
    had_one = [a_mentorship("ended")]
    assert rules.reporter_error(mentor, "m-lea", "m-kofi", had_one) == {}
    assert rules.reporter_error(mentor, "m-lea", None, []) == {}  # a coordinator
    nobody = {"mentor_id": ["no mentor 'm-lea' you had a mentorship with"]}
    assert rules.reporter_error(mentor, "m-lea", "m-omar", []) == nobody
    assert rules.reporter_error(mentor, "m-lea", "m-kofi", [a_mentorship("proposed")]) == nobody
    assert rules.reporter_error(None, "m-ghost", "m-kofi", []) == {
        "mentor_id": ["no mentor 'm-ghost' you had a mentorship with"]
    }
    assert rules.reporter_error(mentor, "m-lea", "m-lea", []) == {"mentor_id": ["you cannot report yourself"]}
    assert rules.report_outcome_error({"status": "pending"}) is None
    assert rules.report_outcome_error({"status": "upheld"}) == "this report was already handled (upheld)"


def test_an_export_tells_of_reports_about_the_member_only_once_handled_and_never_who_or_what():
    report = {"_id": "r1", "mentor_id": "m-lea", "reporter_id": "m-kofi", "category": "pressure",
              "description": "He pressed me.", "status": "pending", "outcome_note": "Talked to him.",
              "created_at": "2027-03-01", "handled_at": None}  # fmt: skip
    handled = {**report, "_id": "r2", "status": "dismissed", "handled_at": "2027-03-05"}
    mentor = {**rules.new_mentor("m-lea", PROFILE, NOW), "reports_pending": ["r1"]}
    export = rules.member_export(mentor, [{**a_mentorship(), "reports_pending": ["r1"]}], [], [], [report, handled],
                                 "m-lea")  # fmt: skip
    assert export["reports_about_me"] == [{"category": "pressure", "status": "dismissed", "created_at": "2027-03-01",
                                           "handled_at": "2027-03-05"}]  # fmt: skip
    assert "reports_pending" not in export["mentor"] and "reports_pending" not in export["mentorships"][0]
    made = rules.member_export(None, [], [], [report], [], "m-kofi")["reports_made"]
    assert made[0]["description"] == "He pressed me." and "outcome_note" not in made[0]
