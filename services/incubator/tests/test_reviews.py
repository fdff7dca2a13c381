"""The review of applications on the real broker and store: assigning reviewers, scoring the grid,
conflicts of interest, who sees which review, the ranking and the admission decision, erasure."""

import json

import pytest

from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.testing import EventTap, call, erase, events_once, register
from interra_contracts import load_event

from .conftest import REVIEW_COMMENT as COMMENT
from .conftest import reviewed
from .test_applications import at_once

GRID = ["motivation", "feasibility", "social_value", "fit"]
LEA, OMAR, SAM, BOSS = "member:m-lea", "member:m-omar", "staff:sam", "staff:boss"


def scores(*values) -> dict:
    return dict(zip(GRID, values, strict=True))


def a_review(*values, **more) -> dict:
    return {"scores": scores(*values), "comment": COMMENT, **more}


@pytest.fixture
def reviewers(incubator):
    """Members invited as reviewers, known to the incubator."""
    for member_id in ("m-lea", "m-omar"):
        register(incubator, member_id, kind="local")


def assign(incubator, app_id, *who):
    for reviewer in who:
        answer = call(incubator, "assign_reviewer", app_id, {"reviewer": reviewer})
    return answer


def state(incubator, db, app_id):
    """What a refused request must leave as it was: the application and its reviews."""
    return call(incubator, "get_application", app_id), list(db.reviews.find({"application_id": app_id}))


# --- assigning reviewers ----------------------------------------------------------------------------


def test_assigning_reviewers_puts_a_submitted_application_in_review(incubator, open_call, applicant, reviewers):
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    first = call(incubator, "assign_reviewer", app_id, {"reviewer": SAM})
    assert first["status"] == "in_review"
    assert [(r["reviewer"], r["submitted"], r["conflict"]) for r in first["reviewers"]] == [(SAM, False, False)]
    both = call(incubator, "assign_reviewer", app_id, {"reviewer": LEA})
    assert [r["reviewer"] for r in both["reviewers"]] == [SAM, LEA]
    application = call(incubator, "get_application", app_id)
    assert application["status"] == "in_review" and application["history"][-1]["move"] == "review"
    assert "reviewers" not in application and "reviews" not in application  # the applicant's view has none


def test_a_reviewer_is_assigned_once_even_at_once(incubator, open_call, applicant, db, rabbit_config):
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    outcomes = at_once(rabbit_config, "assign_reviewer", [(app_id, {"reviewer": SAM})] * 4)
    assert sorted(outcomes) == ["Conflict"] * 3 + ["in_review"]
    assert db.reviews.count_documents({"application_id": app_id}) == 1
    with pytest.raises(Conflict) as caught:
        assign(incubator, app_id, SAM)
    assert caught.value.fields == {"reviewer": ["already assigned to this application"]}
    other = applicant(open_call(cohort="2028")["call_id"], "m-amal")["application_id"]
    requests = [(other, {"reviewer": f"staff:s{n}"}) for n in range(3)]  # different reviewers at once: all in
    assert at_once(rabbit_config, "assign_reviewer", requests) == ["in_review"] * 3
    assert db.reviews.count_documents({"application_id": other}) == 3


@pytest.mark.parametrize(
    ("reviewer", "message"),
    [
        ("member:m-ghost", "unknown member 'm-ghost'"),
        ("member:m-kofi", "the applicant cannot review their own application"),
        ("m-lea", "staff:<id> or member:<id> (letters, digits, _ and -, at most 64)"),
        ("coordinator:sam", "staff:<id> or member:<id> (letters, digits, _ and -, at most 64)"),
    ],
)
def test_a_bad_reviewer_is_named_and_nothing_changes(incubator, open_call, applicant, db, reviewers, reviewer,
                                                      message):  # fmt: skip
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    before = state(incubator, db, app_id)
    with pytest.raises(Invalid) as caught:
        assign(incubator, app_id, reviewer)
    assert caught.value.fields == {"reviewer": [message]}
    assert state(incubator, db, app_id) == before


def test_reviewers_are_assigned_to_submitted_applications_or_in_review_only(incubator, open_call, applicant, db):
    call_id = open_call()["call_id"]
    draft = applicant(call_id, "m-amal", submit=False)["application_id"]
    declined = applicant(call_id, "m-kofi")["application_id"]
    call(incubator, "move_application", declined, {"move": "decline", "reason": "outside_mission"})
    for app_id, status in ((draft, "draft"), (declined, "declined")):
        with pytest.raises(Conflict) as caught:
            assign(incubator, app_id, SAM)
        assert caught.value.fields["status"] == [
            f"reviewers are assigned to a submitted application or one in review, not a {status} one"
        ]
    assert db.reviews.count_documents({}) == 0
    with pytest.raises(NotFound):
        assign(incubator, "no-such-application", SAM)


def test_a_reviewer_is_unassigned_until_their_review_is_submitted(incubator, open_call, applicant, reviewers):
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    assign(incubator, app_id, SAM, LEA)
    left = call(incubator, "unassign_reviewer", app_id, "member", "m-lea")
    assert [r["reviewer"] for r in left["reviewers"]] == [SAM]
    with pytest.raises(NotFound):
        call(incubator, "unassign_reviewer", app_id, "member", "m-lea")
    call(incubator, "submit_review", app_id, SAM, a_review(4, 4, 4, 4))
    with pytest.raises(Conflict) as caught:
        call(incubator, "unassign_reviewer", app_id, "staff", "sam")
    assert caught.value.fields == {"reviewer": ["staff:sam has submitted their review: it stays"]}
    with pytest.raises(Invalid) as caught:
        call(incubator, "unassign_reviewer", app_id, "coordinator", "sam")
    assert "reviewer" in caught.value.fields


# --- reviewing --------------------------------------------------------------------------------------


def test_a_reviewer_scores_the_grid_then_amends_until_the_decision(incubator, open_call, applicant, reviewers):
    app_id = applicant(open_call()["call_id"], "m-kofi", language="ar")["application_id"]
    assign(incubator, app_id, LEA, SAM)
    sheet = call(incubator, "get_review_sheet", app_id, LEA)
    assert (sheet["language"], sheet["criteria"], sheet["reviews"], sheet["reviewers"]) == ("ar", GRID, [], None)
    assert sheet["mine"]["scores"] is None and sheet["project"]["title"] == "Accra kitchen"
    assert "member_id" not in sheet  # the reviewer reads the project, not who applied
    done = call(incubator, "submit_review", app_id, LEA, a_review(4, 3, 5, 4, recommendation="interview"))
    assert done["mine"]["scores"] == scores(4, 3, 5, 4) and done["mine"]["recommendation"] == "interview"
    assert done["mine"]["submitted_at"] and done["mine"]["amended_at"] is None
    [mine] = done["reviews"]
    assert (mine["reviewer"], mine["mean"], mine["comment"]) == (LEA, 4.0, COMMENT)
    amended = call(incubator, "submit_review", app_id, LEA, a_review(4, 4, 5, 4))
    assert amended["mine"]["submitted_at"] == done["mine"]["submitted_at"] and amended["mine"]["amended_at"]
    assert amended["reviews"][0]["mean"] == 4.25 and amended["mine"]["recommendation"] is None
    call(incubator, "submit_review", app_id, SAM, a_review(3, 3, 3, 3))
    call(incubator, "move_application", app_id, {"move": "decline", "reason": "not_ready"})
    with pytest.raises(Conflict) as caught:
        call(incubator, "submit_review", app_id, LEA, a_review(1, 1, 1, 1))
    assert "a declined application is not under review" in caught.value.message


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (a_review(4, 3, 6, 4), "scores", "social_value: a whole number from 1 to 5, not 6"),
        (a_review(4, 3, 0, 4), "scores", "social_value: a whole number from 1 to 5, not 0"),
        (a_review(4, 3, 2.5, 4), "scores", "social_value: a whole number from 1 to 5, not 2.5"),
        ({**a_review(4, 3, 3, 4), "scores": {**scores(4, 3, 3, 4), "budget": 2}}, "scores",
         "budget: not a criterion of this call's grid (motivation, feasibility, social_value, fit)"),
        ({**a_review(4, 3, 3, 4), "scores": {"motivation": 4, "feasibility": 3, "fit": 4}}, "scores",
         "social_value: missing (every criterion of the grid is scored)"),
        ({"scores": scores(4, 3, 3, 4)}, "comment", "Missing data for required field."),
        (a_review(4, 3, 3, 4, recommendation="hire"), "recommendation", None),
        (a_review(4, 3, 3, 4, reviewer=LEA), "reviewer", None),
    ],
)  # fmt: skip
def test_a_bad_review_names_the_criterion_or_field_and_changes_nothing(incubator, open_call, applicant, db,
                                                                        payload, field, message):  # fmt: skip
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    assign(incubator, app_id, SAM)
    before = state(incubator, db, app_id)
    with pytest.raises(Invalid) as caught:
        call(incubator, "submit_review", app_id, SAM, payload)
    assert field in caught.value.fields
    if message:
        assert caught.value.fields[field] == [message]
    assert state(incubator, db, app_id) == before


def test_a_review_by_someone_not_assigned_is_not_found(incubator, open_call, applicant, db, reviewers):
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    assign(incubator, app_id, SAM)
    before = state(incubator, db, app_id)
    for stranger in (OMAR, "member:m-kofi", BOSS):
        with pytest.raises(NotFound):
            call(incubator, "submit_review", app_id, stranger, a_review(5, 5, 5, 5))
        with pytest.raises(NotFound):
            call(incubator, "get_review_sheet", app_id, stranger)
    assert state(incubator, db, app_id) == before


def test_a_review_waits_while_more_information_is_asked(incubator, open_call, applicant):
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    assign(incubator, app_id, SAM)
    call(incubator, "move_application", app_id, {"move": "ask_more_info", "message": "Your prices, please."})
    with pytest.raises(Conflict) as caught:
        call(incubator, "submit_review", app_id, SAM, a_review(3, 3, 3, 3))
    assert caught.value.message == (
        "a more_info_requested application is not under review (reviews: in_review, interview)"
    )


# --- conflicts of interest --------------------------------------------------------------------------


def test_a_conflict_of_interest_excludes_the_reviewer(incubator, open_call, applicant, reviewers):
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    assign(incubator, app_id, LEA, OMAR, SAM)
    call(incubator, "submit_review", app_id, SAM, a_review(4, 4, 4, 4))
    call(incubator, "submit_review", app_id, OMAR, a_review(2, 2, 2, 2))
    declared = call(incubator, "declare_review_conflict", app_id, OMAR, {"note": "He is my cousin."})
    assert declared["conflict"] and declared["conflict_note"] == "He is my cousin." and declared["scores"] is None
    with pytest.raises(Conflict) as caught:
        call(incubator, "submit_review", app_id, OMAR, a_review(5, 5, 5, 5))
    assert "conflict of interest" in caught.value.message
    with pytest.raises(Conflict):
        call(incubator, "get_review_sheet", app_id, OMAR)
    with pytest.raises(Conflict) as caught:
        call(incubator, "declare_review_conflict", app_id, OMAR, {})
    assert "conflict" in caught.value.fields
    with pytest.raises(NotFound):
        call(incubator, "declare_review_conflict", app_id, "member:m-kofi", {})

    coordinator = call(incubator, "get_review_sheet", app_id, BOSS, True)
    assert [r["reviewer"] for r in coordinator["reviews"]] == [SAM]  # Omar's review no longer counts
    notes = {r["reviewer"]: (r["conflict"], r["conflict_note"]) for r in coordinator["reviewers"]}
    assert notes == {LEA: (False, None), OMAR: (True, "He is my cousin."), SAM: (False, None)}
    with pytest.raises(Conflict) as caught:  # one review counts: the coordinator needs another reviewer
        call(incubator, "move_application", app_id, {"move": "waitlist"})
    assert caught.value.message == "waitlist needs at least two submitted reviews"
    queue = call(incubator, "list_review_queue", OMAR)["items"]
    assert [(q["application_id"], q["conflict"], q["submitted"]) for q in queue] == [(app_id, True, False)]
    call(incubator, "submit_review", app_id, LEA, a_review(3, 3, 3, 3))
    assert call(incubator, "move_application", app_id, {"move": "waitlist"})["status"] == "waitlisted"


def test_a_bad_conflict_note_is_named(incubator, open_call, applicant, db):
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    assign(incubator, app_id, SAM)
    with pytest.raises(Invalid) as caught:
        call(incubator, "declare_review_conflict", app_id, SAM, {"note": " "})
    assert "note" in caught.value.fields
    assert db.reviews.find_one({"application_id": app_id})["conflict"] is False


# --- who sees which review --------------------------------------------------------------------------


def test_reviews_stay_hidden_until_the_reader_submitted_theirs(incubator, open_call, applicant, reviewers):
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    assign(incubator, app_id, LEA, SAM)
    call(incubator, "submit_review", app_id, LEA, a_review(5, 4, 4, 4))
    waiting = call(incubator, "get_review_sheet", app_id, SAM, True)  # a coordinator, but assigned: a reviewer
    assert (waiting["reviews"], waiting["reviews_hidden"], waiting["reviewers"]) == ([], 1, None)
    after = call(incubator, "submit_review", app_id, SAM, a_review(2, 2, 2, 2))
    assert [(r["reviewer"], r["comment"]) for r in after["reviews"]] == [(LEA, COMMENT), (SAM, COMMENT)]
    assert after["reviews_hidden"] == 0
    coordinator = call(incubator, "get_review_sheet", app_id, BOSS, True)
    assert [r["mean"] for r in coordinator["reviews"]] == [4.25, 2.0] and coordinator["mine"] is None
    with pytest.raises(NotFound):  # the applicant, a stranger: nothing
        call(incubator, "get_review_sheet", app_id, "member:m-kofi")
    with pytest.raises(Invalid):
        call(incubator, "get_review_sheet", app_id, "m-kofi")
    application = call(incubator, "get_application", app_id, "m-kofi")
    assert COMMENT not in json.dumps(application)


def test_a_reviewer_s_queue_lists_their_assignments(incubator, open_call, applicant, reviewers):
    call_id = open_call()["call_id"]
    first = applicant(call_id, "m-kofi")["application_id"]
    second = applicant(call_id, "m-amal")["application_id"]
    assign(incubator, first, LEA)
    assign(incubator, second, LEA, SAM)
    call(incubator, "submit_review", first, LEA, a_review(3, 3, 3, 3))
    queue = call(incubator, "list_review_queue", LEA)
    assert queue["total"] == 2
    assert [(q["application_id"], q["cohort"], q["status"], q["submitted"], q["conflict"]) for q in queue["items"]] == [
        (second, "2027", "in_review", False, False), (first, "2027", "in_review", True, False),
    ]  # fmt: skip
    assert call(incubator, "list_review_queue", SAM, limit=1)["items"][0]["application_id"] == second
    assert call(incubator, "list_review_queue", OMAR)["total"] == 0
    with pytest.raises(Invalid) as caught:
        call(incubator, "list_review_queue", "nobody")
    assert "reviewer" in caught.value.fields


# --- ranking and decision ---------------------------------------------------------------------------


def test_the_ranking_shows_means_spreads_and_criteria(incubator, open_call, applicant):
    opened = open_call(places=3)
    apps = [applicant(opened["call_id"], f"m-{n}")["application_id"] for n in range(3)]
    reviewed(incubator, apps[0], 3, 3)
    reviewed(incubator, apps[1], (5, 5, 4, 4), (2, 3, 3, 3))
    assign(incubator, apps[2], SAM)
    ranking = call(incubator, "rank_call", opened["call_id"])
    assert (ranking["places"], ranking["places_left"], ranking["criteria"]) == (3, 3, GRID)
    assert ranking["spread"] == "max - min of the reviewers' means (0 with one review)"
    items = ranking["items"]
    assert [i["application_id"] for i in items] == [apps[1], apps[0], apps[2]]
    assert [(i["rank"], i["reviews"], i["reviewers"], i["mean"], i["spread"]) for i in items] == [
        (1, 2, 2, 3.63, 1.75), (2, 2, 2, 3.0, 0.0), (3, 0, 1, None, None),
    ]  # fmt: skip
    assert items[0]["criteria"] == {"motivation": 3.5, "feasibility": 4.0, "social_value": 3.5, "fit": 3.5}
    with pytest.raises(NotFound):
        call(incubator, "rank_call", "no-such-call")


def test_the_decision_admits_within_the_places_and_waitlists_the_rest_in_rank_order(
    incubator, open_call, applicant, rabbit_config, db
):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "#")
    opened = open_call(places=2)
    call_id = opened["call_id"]
    apps = [applicant(call_id, f"m-{n}")["application_id"] for n in range(5)]
    for app_id, mark in zip(apps, (2, 5, 3, 4, 1), strict=True):
        reviewed(incubator, app_id, mark, mark)
    call(incubator, "move_application", apps[3], {"move": "invite"})  # an interview changes nothing to the rank

    before = [state(incubator, db, app_id) for app_id in apps]
    with pytest.raises(Conflict) as caught:
        call(incubator, "decide_call", call_id, {"admit": [apps[1], apps[3], apps[2]]})
    assert caught.value.fields == {"places": ["3 to admit, 2 places left"]}
    with pytest.raises(Invalid) as caught:
        call(incubator, "decide_call", call_id, {"admit": [apps[1], "no-such-application"]})
    assert caught.value.fields == {"admit": ["no-such-application: no application of this call"]}
    with pytest.raises(Invalid) as caught:
        call(incubator, "decide_call", call_id, {"admit": "all"})
    assert "admit" in caught.value.fields
    assert [state(incubator, db, app_id) for app_id in apps] == before

    decision = call(incubator, "decide_call", call_id, {"admit": [apps[3], apps[1]]})
    assert decision == {"call_id": call_id, "admitted": [apps[3], apps[1]], "waitlisted": [apps[2], apps[0], apps[4]],
                        "places_left": 0}  # fmt: skip
    assert call(incubator, "get_application", apps[1])["project_id"]
    ranking = call(incubator, "rank_call", call_id)
    assert [(i["application_id"], i["waitlist_rank"]) for i in ranking["items"]] == [
        (apps[2], 1), (apps[0], 2), (apps[4], 3),
    ]  # fmt: skip
    assert ranking["places_left"] == 0
    applicant_view = call(incubator, "get_application", apps[0])
    assert (applicant_view["waitlist_rank"], call(incubator, "get_application", apps[1])["waitlist_rank"]) == (2, None)
    assert "reviews" not in applicant_view and COMMENT not in json.dumps(applicant_view)  # never shown to applicants
    admitted = [load_event(e).data["application_id"] for e in events_once(tap, "EntrepreneurAdmitted", 2)]
    assert sorted(admitted) == sorted([apps[1], apps[3]])
    changes = [load_event(e).data for e in events_once(tap, "ApplicationStatusChanged", 11)]
    waitlisted = sorted(change["application_id"] for change in changes if change["move"] == "waitlist")
    assert waitlisted == sorted([apps[0], apps[2], apps[4]])
    assert all(COMMENT not in json.dumps(e) for e in tap.drain() + changes)  # no comment in any event
    tap.close()

    with pytest.raises(Conflict) as caught:  # no place left: a second decision cannot admit
        call(incubator, "decide_call", call_id, {"admit": [apps[2]]})
    assert caught.value.fields == {"places": ["1 to admit, 0 places left"]}


def test_a_second_decision_renumbers_the_waitlist(incubator, open_call, applicant):
    opened = open_call(places=1)
    call_id = opened["call_id"]
    apps = [applicant(call_id, f"m-{n}")["application_id"] for n in range(3)]
    for app_id, mark in zip(apps, (3, 2, 4), strict=True):
        reviewed(incubator, app_id, mark, mark)
    assert call(incubator, "decide_call", call_id, {"admit": []})["waitlisted"] == [apps[2], apps[0], apps[1]]
    second = call(incubator, "decide_call", call_id, {"admit": [apps[2]]})
    assert (second["admitted"], second["waitlisted"], second["places_left"]) == ([apps[2]], [apps[0], apps[1]], 0)
    ranking = call(incubator, "rank_call", call_id)["items"]
    assert [(i["application_id"], i["waitlist_rank"]) for i in ranking] == [(apps[0], 1), (apps[1], 2)]


def test_a_decision_waits_for_two_reviews_of_each_application(incubator, open_call, applicant, db):
    call_id = open_call(places=2)["call_id"]
    ready = applicant(call_id, "m-0")["application_id"]
    lagging = applicant(call_id, "m-1")["application_id"]
    reviewed(incubator, ready, 4, 4)
    reviewed(incubator, lagging, 3)
    before = [state(incubator, db, app_id) for app_id in (ready, lagging)]
    with pytest.raises(Conflict) as caught:
        call(incubator, "decide_call", call_id, {"admit": [ready]})
    assert caught.value.fields == {"waitlist": [f"{lagging}: 1 submitted review, 2 needed"]}
    with pytest.raises(Conflict) as caught:
        call(incubator, "decide_call", call_id, {"admit": [lagging]})
    assert caught.value.fields["admit"] == [f"{lagging}: 1 submitted review, 2 needed"]
    with pytest.raises(Conflict) as caught:
        call(incubator, "move_application", lagging, {"move": "admit"})
    assert caught.value.message == "admit needs at least two submitted reviews"
    assert [state(incubator, db, app_id) for app_id in (ready, lagging)] == before


# --- privacy ----------------------------------------------------------------------------------------


def test_erasure_anonymises_reviewers_and_the_comments_on_an_erased_applicant(incubator, open_call, applicant, db,
                                                                              reviewers):  # fmt: skip
    call_id = open_call()["call_id"]
    kofi = applicant(call_id, "m-kofi")["application_id"]
    amal = applicant(call_id, "m-amal")["application_id"]
    assign(incubator, kofi, LEA, SAM)
    assign(incubator, amal, LEA, OMAR)
    call(incubator, "submit_review", kofi, LEA, a_review(5, 5, 5, 5, recommendation="admit"))
    call(incubator, "submit_review", kofi, SAM, a_review(3, 3, 3, 3))
    call(incubator, "declare_review_conflict", amal, OMAR, {"note": "Amal is my neighbour."})

    export = call(incubator, "export_member", "m-lea")
    assert [(r["application_id"], r["scores"], r["comment"]) for r in export["reviews"]] == [
        (amal, None, None), (kofi, scores(5, 5, 5, 5), COMMENT),
    ]  # fmt: skip
    assert "staff:sam" not in json.dumps(export)  # never another reviewer's data
    assert call(incubator, "export_member", "m-kofi")["reviews"] == []  # an applicant gets no review of theirs

    erase(incubator, "m-lea")
    assert call(incubator, "export_member", "m-lea")["reviews"] == []
    assert db.reviews.count_documents({"reviewer": LEA}) == 0
    assert db.reviews.count_documents({"application_id": amal, "reviewer": None}) == 0  # not reviewed: gone
    kept = db.reviews.find_one({"application_id": kofi, "reviewer": None})
    assert kept["scores"] == scores(5, 5, 5, 5) and kept["comment"] is None
    [item] = [i for i in call(incubator, "rank_call", call_id)["items"] if i["application_id"] == kofi]
    assert (item["reviews"], item["mean"]) == (2, 4.0)  # the scores still count
    sheet = call(incubator, "get_review_sheet", kofi, BOSS, True)
    assert [(r["reviewer"], r["comment"]) for r in sheet["reviews"]] == [(None, None), (SAM, COMMENT)]

    erase(incubator, "m-amal")
    assert db.reviews.find_one({"application_id": amal, "reviewer": OMAR})["conflict_note"] is None
    erase(incubator, "m-kofi")
    assert db.reviews.find_one({"application_id": kofi, "reviewer": SAM})["comment"] is None
    assert kofi not in [i["application_id"] for i in call(incubator, "rank_call", call_id)["items"]]
    with pytest.raises(Conflict) as caught:  # nobody left to admit
        call(incubator, "decide_call", call_id, {"admit": [kofi]})
    assert caught.value.fields["admit"] == [f"{kofi}: its applicant's data was erased"]
