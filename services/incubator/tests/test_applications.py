"""Calls and applications on the real broker and store: opening a call, applying (a draft, in one's
own language), the review moves, admission within the cohort's places."""

from datetime import UTC, datetime, timedelta

import eventlet
import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.testing import EventTap, call, events_once, register
from interra_contracts import load_event

from .conftest import ANSWERS, PROJECT, application_request, call_request, reviewed


def days(n: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=n)).isoformat()


# --- calls ------------------------------------------------------------------------------------------


def test_a_coordinator_opens_a_call_with_its_places_questions_and_grid(incubator, open_call):
    opened = open_call(criteria=["motivation", "feasibility"])
    assert opened["cohort"] == "2027"
    assert (opened["places"], opened["admitted"], opened["open"]) == (12, 0, True)
    assert opened["questions"] == [{"key": "why_liege", "text": "Why start this project in Liège?"}]
    assert opened["criteria"] == ["motivation", "feasibility"]
    assert call(incubator, "get_call", opened["call_id"]) == opened
    default = open_call(cohort="2028")
    assert default["criteria"] == ["motivation", "feasibility", "social_value", "fit"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"closes_on": days(-11)}, "closes_on"),
        ({"starts_on": days(5)}, "starts_on"),
        ({"ends_on": days(20)}, "ends_on"),
        ({"places": 0}, "places"),
        ({"places": "12"}, "places"),
        ({"cohort": "Twenty 27"}, "cohort"),
        ({"questions": [{"key": "a", "text": "One?"}, {"key": "a", "text": "Two?"}]}, "questions"),
        ({"criteria": []}, "criteria"),
        ({"criteria": ["fit", "fit"]}, "criteria"),
        ({"budget": 1}, "budget"),
    ],
)
def test_a_bad_call_names_the_field_and_opens_nothing(incubator, db, changes, field):
    with pytest.raises(Invalid) as caught:
        call(incubator, "open_call", call_request(**changes))
    assert field in caught.value.fields
    assert db.calls.count_documents({}) == 0


def test_one_call_per_cohort(incubator, open_call):
    open_call()
    with pytest.raises(Conflict) as caught:
        open_call()
    assert "cohort" in caught.value.fields


def test_open_calls_are_those_of_today(incubator, open_call):
    now = open_call()
    open_call(cohort="2026", opens_on=days(-100), closes_on=days(-50), starts_on=days(-40), ends_on=days(-1))
    assert [c["call_id"] for c in call(incubator, "list_calls", open_only=True)["items"]] == [now["call_id"]]
    assert call(incubator, "list_calls")["total"] == 2


# --- applying ---------------------------------------------------------------------------------------


def test_applying_stores_the_application_and_publishes_entrepreneur_applied(
    incubator, open_call, applicant, rabbit_config
):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "EntrepreneurApplied")
    opened = open_call()
    application = applicant(opened["call_id"], "m-kofi", language="ar")
    assert application["status"] == "submitted"
    assert (application["member_id"], application["cohort"], application["language"]) == ("m-kofi", "2027", "ar")
    assert application["project"] == PROJECT and application["answers"] == ANSWERS
    assert application["allowed_moves"] == ["ask_more_info", "review", "decline", "withdraw"]
    assert call(incubator, "get_application", application["application_id"]) == application
    [published] = events_once(tap, "EntrepreneurApplied")
    assert load_event(published).data == {
        "application_id": application["application_id"], "member_id": "m-kofi", "sector": "food", "cohort": "2027",
    }  # fmt: skip
    tap.close()


def test_a_draft_waits_for_its_applicant_then_is_submitted(incubator, open_call, applicant, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "EntrepreneurApplied")
    opened = open_call()
    draft = applicant(opened["call_id"], "m-amal", submit=False, project={"title": "Couture"}, answers={})
    assert draft["status"] == "draft" and draft["allowed_moves"] == ["submit", "withdraw"]
    with pytest.raises(Invalid) as caught:
        call(incubator, "move_application", draft["application_id"], {"move": "submit"}, "m-amal")
    assert "sector is needed to submit (a draft may wait)" in caught.value.fields["project"]
    assert caught.value.fields["answers"] == ["'why_liege' is needed to submit"]
    changes = {"project": {**PROJECT, "title": "Couture"}, "answers": ANSWERS, "language": "ar"}
    edited = call(incubator, "edit_application", draft["application_id"], changes, "m-amal")
    assert edited["project"]["title"] == "Couture" and edited["language"] == "ar"
    submitted = call(incubator, "move_application", draft["application_id"], {"move": "submit"}, "m-amal")
    assert submitted["status"] == "submitted" and submitted["submitted_at"]
    [published] = events_once(tap, "EntrepreneurApplied")
    assert load_event(published).data["application_id"] == draft["application_id"]
    with pytest.raises(Conflict):  # no longer a draft
        call(incubator, "edit_application", draft["application_id"], {"language": "fr"}, "m-amal")
    tap.close()


def test_applying_outside_an_open_call_is_refused(incubator, open_call, applicant, db):
    closed = open_call(opens_on=days(-60), closes_on=days(-1), starts_on=days(1))
    later = open_call(cohort="2028", opens_on=days(5), closes_on=days(30), starts_on=days(40), ends_on=days(300))
    for opened in (closed, later):
        with pytest.raises(Conflict) as caught:
            applicant(opened["call_id"], "m-kofi")
        assert "call_id" in caught.value.fields
    with pytest.raises(Invalid) as caught:
        applicant("no-such-call", "m-kofi")
    assert caught.value.fields == {"call_id": ["no call 'no-such-call'"]}
    assert db.applications.count_documents({}) == 0


def at_once(rabbit_config, method: str, argument_lists: list[tuple]) -> list[str]:
    """Call `method` with each argument list at the same time over RPC: each answer's status, or the
    error's type."""

    def one(args):
        with ClusterRpcProxy(rabbit_config) as rpc:
            try:
                return getattr(rpc.incubator, method)(*args)["status"]
            except Exception as exc:  # the losers: a Conflict across RPC
                return type(exc).__name__

    return list(eventlet.GreenPool(len(argument_lists)).imap(one, argument_lists))


def test_twice_to_one_cohort_is_refused_even_at_once_but_after_withdrawing_is_fine(incubator, open_call, db,
                                                                                    rabbit_config):  # fmt: skip
    opened = open_call()
    register(incubator, "m-kofi")
    request = application_request(opened["call_id"], "m-kofi")
    outcomes = at_once(rabbit_config, "apply", [(request,)] * 4)
    assert sorted(outcomes) == ["Conflict"] * 3 + ["submitted"]
    assert db.applications.count_documents({"member_id": "m-kofi"}) == 1
    [first] = db.applications.find({"member_id": "m-kofi"})
    call(incubator, "move_application", first["_id"], {"move": "withdraw"}, "m-kofi")
    again = call(incubator, "apply", request)
    assert again["status"] == "submitted"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"project": {**PROJECT, "title": "ab"}}, "project"),
        ({"project": {**PROJECT, "sector": "weapons"}}, "project"),
        ({"project": {**PROJECT, "needs": ["magic"]}}, "project"),
        ({"project": {**PROJECT, "team_size": 0}}, "project"),
        ({"project": {**PROJECT, "newcomer_founders": "yes"}}, "project"),
        ({"project": {**PROJECT, "stage": "launched"}}, "project"),
        ({"language": "Arabic"}, "language"),
        ({"answers": {"unknown_question": "hello"}}, "answers"),
        ({"call_id": None}, "call_id"),
        ({"member_id": "nobody"}, "member_id"),
        ({"budget": 10_000}, "budget"),
    ],
)
def test_a_bad_application_names_the_field_and_stores_nothing(incubator, open_call, db, changes, field):
    opened = open_call()
    register(incubator, "m-kofi")
    with pytest.raises(Invalid) as caught:
        call(incubator, "apply", {**application_request(opened["call_id"], "m-kofi"), **changes})
    assert field in caught.value.fields
    assert db.applications.count_documents({}) == 0


# --- the review moves -------------------------------------------------------------------------------


def test_review_more_information_and_decline_with_a_reason(incubator, open_call, applicant, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "#")
    application = applicant(open_call()["call_id"], "m-kofi")
    app_id = application["application_id"]
    asked = call(incubator, "move_application", app_id, {"move": "ask_more_info", "message": "Your prices, please."})
    assert asked["status"] == "more_info_requested" and asked["more_info"] == "Your prices, please."
    call(incubator, "edit_application", app_id, {"answers": {"why_liege": "Prices: 12 euros a plate."}}, "m-kofi")
    answered = call(incubator, "move_application", app_id, {"move": "answer"}, "m-kofi")
    assert answered["status"] == "submitted"
    call(incubator, "move_application", app_id, {"move": "review"})
    declined = call(incubator, "move_application", app_id, {"move": "decline", "reason": "not_ready"})
    assert (declined["status"], declined["decline_reason"]) == ("declined", "not_ready")
    assert [h["move"] for h in declined["history"]] == ["submit", "ask_more_info", "answer", "review", "decline"]
    changes = [load_event(e).data for e in events_once(tap, "ApplicationStatusChanged", 4)]
    assert [(c["move"], c["status_to"]) for c in sorted(changes, key=lambda c: _order(declined, c["move"]))] == [
        ("ask_more_info", "more_info_requested"), ("answer", "submitted"), ("review", "in_review"),
        ("decline", "declined"),
    ]  # fmt: skip
    [declined_event] = events_once(tap, "EntrepreneurDeclined")
    assert load_event(declined_event).data == {"application_id": app_id, "member_id": "m-kofi", "cohort": "2027",
                                               "reason": "not_ready"}  # fmt: skip
    tap.close()


def _order(application, move):
    return [h["move"] for h in application["history"]].index(move)


@pytest.mark.parametrize(
    ("status_path", "move", "by", "message"),
    [
        ((), "admit", None, "a submitted application cannot admit; allowed: ask_more_info, review, decline, withdraw"),
        ((), "review", "m-kofi", "only an incubator coordinator can review"),
        ((), "withdraw", None, "only the applicant can withdraw"),
        (("review", "decline"), "withdraw", "m-kofi", "a declined application cannot withdraw; allowed: none"),
    ],
)
def test_a_forbidden_move_is_a_conflict_that_names_the_allowed_ones(incubator, open_call, applicant, status_path,
                                                                    move, by, message):  # fmt: skip
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    for step in status_path:
        call(
            incubator, "move_application", app_id, {"move": step, **({"reason": "other"} if step == "decline" else {})}
        )
    before = call(incubator, "get_application", app_id)
    with pytest.raises(Conflict) as caught:
        call(incubator, "move_application", app_id, {"move": move}, by)
    assert caught.value.message == message
    assert call(incubator, "get_application", app_id) == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"move": "decline"}, "reason"),
        ({"move": "review", "reason": "other"}, "reason"),
        ({"move": "ask_more_info"}, "message"),
        ({"move": "fly"}, "move"),
        ({"move": "decline", "reason": "ugly"}, "reason"),
    ],
)
def test_a_bad_move_request_names_the_field(incubator, open_call, applicant, payload, field):
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    with pytest.raises(Invalid) as caught:
        call(incubator, "move_application", app_id, payload)
    assert field in caught.value.fields


def test_an_applicant_sees_only_their_own_application(incubator, open_call, applicant):
    app_id = applicant(open_call()["call_id"], "m-kofi")["application_id"]
    with pytest.raises(NotFound):
        call(incubator, "get_application", app_id, "m-other")
    with pytest.raises(NotFound):
        call(incubator, "move_application", app_id, {"move": "withdraw"}, "m-other")
    assert call(incubator, "get_application", app_id, "m-kofi")["member_id"] == "m-kofi"


# --- admission within the places --------------------------------------------------------------------


def test_admissions_never_exceed_the_places_even_at_once(incubator, open_call, applicant, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "EntrepreneurAdmitted")
    opened = open_call(places=2)
    ids = [applicant(opened["call_id"], f"m-{n}")["application_id"] for n in range(5)]
    for app_id in ids:  # admitting needs two submitted reviews
        reviewed(incubator, app_id)
    outcomes = at_once(rabbit_config, "move_application", [(app_id, {"move": "admit"}) for app_id in ids])
    assert sorted(outcomes) == ["Conflict"] * 3 + ["admitted"] * 2
    assert call(incubator, "get_call", opened["call_id"])["admitted"] == 2
    admitted = [call(incubator, "get_application", i) for i in ids if outcomes[ids.index(i)] == "admitted"]
    assert all(a["project_id"] for a in admitted)
    assert len(events_once(tap, "EntrepreneurAdmitted", 2)) == 2
    tap.close()


def test_lists_filter_by_member_call_and_status(incubator, open_call, applicant):
    first, second = open_call(), open_call(cohort="2028")
    a = applicant(first["call_id"], "m-a")["application_id"]
    b = applicant(second["call_id"], "m-a")["application_id"]
    c = applicant(first["call_id"], "m-c")["application_id"]
    call(incubator, "move_application", c, {"move": "review"})
    ids = lambda **q: [x["application_id"] for x in call(incubator, "list_applications", **q)["items"]]  # noqa: E731
    assert ids() == [c, b, a]
    assert ids(member_id="m-a") == [b, a]
    assert ids(call_id=first["call_id"]) == [c, a]
    assert ids(status="in_review") == [c]
    with pytest.raises(Invalid):
        call(incubator, "list_applications", status="pending")
