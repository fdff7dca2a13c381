"""Staff review of proposed pairs, volunteer invitations and capacity changes, on the real broker and
store; the matching configuration is checked at start-up."""

import pytest

from duos.config import matching_config
from duos.service import DuosService
from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.testing import call, register, wait_for

VOLUNTEER = {"kind": "local", "french_level": "native", "arrived_on": None}


def start(container_factory, rabbit_config, monkeypatch, mode):
    monkeypatch.setenv("DUO_MATCH_MODE", mode)
    container = container_factory(DuosService, rabbit_config)
    container.start()
    return container


@pytest.fixture
def reviewed(container_factory, rabbit_config, data_dir, monkeypatch):
    return start(container_factory, rabbit_config, monkeypatch, "review")


@pytest.fixture
def automatic(container_factory, rabbit_config, data_dir, monkeypatch):
    return start(container_factory, rabbit_config, monkeypatch, "automatic")


def types(tap) -> list[str]:
    return [envelope["type"] for envelope in tap.drain()]


def test_in_review_mode_a_coordinator_accepts_before_the_duo_starts(reviewed, tap):
    register(reviewed, "amal", interests=["chess", "cooking"])
    register(reviewed, "jean", interests=["chess"], **VOLUNTEER)
    call(reviewed, "request_duo", {"member_id": "amal"})
    call(reviewed, "offer_duo", {"member_id": "jean"})
    assert call(reviewed, "run_matching")["mode"] == "review"

    [proposal] = wait_for(lambda: call(reviewed, "proposals")["items"])
    assert (proposal["learner_id"], proposal["volunteer_id"], proposal["status"]) == ("amal", "jean", "proposed")
    assert "1 shared interest: chess" in proposal["reasons"]
    assert call(reviewed, "duos_of", "amal")["duos"] == []  # nothing starts before a coordinator says so
    assert call(reviewed, "duos_of", "amal")["requests"][0]["status"] == "proposed"
    assert "DuoMatched" not in types(tap)

    accepted = call(reviewed, "accept_proposal", proposal["duo_id"], "staff-1")
    assert accepted["status"] == "active"
    assert wait_for(lambda: "DuoMatched" in types(tap))
    [duo] = call(reviewed, "duos_of", "amal")["duos"]
    assert (duo["duo_id"], duo["status"]) == (proposal["duo_id"], "active")
    assert call(reviewed, "duos_of", "amal")["requests"][0]["status"] == "matched"
    with pytest.raises(Conflict):
        call(reviewed, "accept_proposal", proposal["duo_id"], "staff-1")


def test_a_rejected_pair_goes_back_to_the_pool_and_is_not_proposed_again(reviewed):
    register(reviewed, "amal")
    register(reviewed, "jean", **VOLUNTEER)
    call(reviewed, "request_duo", {"member_id": "amal"})
    offer = call(reviewed, "offer_duo", {"member_id": "jean"})
    call(reviewed, "run_matching")
    [proposal] = call(reviewed, "proposals")["items"]

    with pytest.raises(Invalid) as bad:
        call(reviewed, "reject_proposal", proposal["duo_id"], {"reason": "because"})
    assert "reason" in bad.value.fields
    rejected = call(reviewed, "reject_proposal", proposal["duo_id"], {"reason": "safeguarding", "note": "see file"})
    assert rejected == {"duo_id": proposal["duo_id"], "status": "rejected", "reason": "safeguarding"}

    assert call(reviewed, "duos_of", "amal")["requests"][0]["status"] == "waiting"
    assert call(reviewed, "duos_of", "jean")["requests"][0]["remaining"] == offer["capacity"]
    assert call(reviewed, "run_matching")["proposed"] == 0  # the only feasible pair is barred now
    assert call(reviewed, "proposals")["items"] == []
    with pytest.raises(Conflict):
        call(reviewed, "accept_proposal", proposal["duo_id"], None)
    with pytest.raises(NotFound):
        call(reviewed, "accept_proposal", "no-such-duo", None)


@pytest.fixture
def invite_at_once(monkeypatch):
    """No days to wait before an invitation (DUO_INVITE_AFTER_DAYS=0): only the rounds' rule is left."""
    monkeypatch.setenv("DUO_INVITE_AFTER_DAYS", "0")


def test_a_full_volunteer_is_invited_once_when_learners_wait_and_can_take_more(invite_at_once, automatic, tap):
    for learner in ("amal", "bashir"):
        register(automatic, learner)
        call(automatic, "request_duo", {"member_id": learner})
    register(automatic, "jean", **VOLUNTEER)
    offer = call(automatic, "offer_duo", {"member_id": "jean", "capacity": 1})

    first = call(automatic, "run_matching")  # the round that matched jean (or the one before) invites nobody
    assert [d["status"] for d in call(automatic, "duos_of", "jean")["duos"]] == ["active"]
    assert first["volunteers_invited"] == 0
    assert call(automatic, "run_matching")["volunteers_invited"] == 1  # bashir waited a whole round
    invitations = wait_for(lambda: [e for e in tap.drain() if e["type"] == "DuoVolunteerInvited"])
    assert {e["data"]["volunteer_id"] for e in invitations} == {"jean"}
    assert invitations[0]["data"]["waiting_learners"] == 1
    assert call(automatic, "run_matching")["volunteers_invited"] == 0  # at most once a month

    with pytest.raises(Invalid):
        call(automatic, "change_capacity", offer["request_id"], {"member_id": "jean", "capacity": 4})
    with pytest.raises(NotFound):  # someone else's offer
        call(automatic, "change_capacity", offer["request_id"], {"member_id": "amal", "capacity": 2})
    raised = call(automatic, "change_capacity", offer["request_id"], {"member_id": "jean", "capacity": 2})
    assert (raised["capacity"], raised["remaining"]) == (2, 1)
    call(automatic, "run_matching")
    assert len([d for d in call(automatic, "duos_of", "jean")["duos"] if d["status"] == "active"]) == 2
    with pytest.raises(Conflict):  # two active duos hold two places
        call(automatic, "change_capacity", offer["request_id"], {"member_id": "jean", "capacity": 1})


@pytest.mark.parametrize(
    ("mode", "weights", "message"),
    [
        ("auto", "{}", "DUO_MATCH_MODE='auto'"),
        ("review", '{"interest": 2}', "unknown weight 'interest'"),
        ("review", '{"waiting": -1}', "must not be negative"),
        ("review", "[1, 2]", "a JSON object"),
        ("review", "{oops", "not JSON"),
    ],
)
def test_a_bad_matching_configuration_stops_the_service_with_the_reason(monkeypatch, mode, weights, message):
    monkeypatch.setenv("DUO_MATCH_MODE", mode)
    monkeypatch.setenv("DUO_MATCH_WEIGHTS", weights)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("[", r"\[")):
        matching_config()


def test_weights_from_the_configuration_reach_the_engine(monkeypatch):
    monkeypatch.setenv("DUO_MATCH_WEIGHTS", '{"interests": 2.5, "waiting": 0.1}')
    config = matching_config()
    assert (config.mode, config.weights.interests, config.weights.waiting) == ("automatic", 2.5, 0.1)


def test_proposals_count_in_no_figure_until_accepted(reviewed):
    register(reviewed, "amal")
    register(reviewed, "jean", **VOLUNTEER)
    call(reviewed, "request_duo", {"member_id": "amal"})
    call(reviewed, "offer_duo", {"member_id": "jean"})
    call(reviewed, "run_matching")
    [proposal] = call(reviewed, "proposals")["items"]
    figures = call(reviewed, "stats")
    assert (figures["active_duos"], figures["ended_duos"], figures["wait_days_median"]) == (0, 0, None)
    call(reviewed, "reject_proposal", proposal["duo_id"], {"reason": "other"})
    assert call(reviewed, "stats")["ended_duos"] == 0


def test_a_gender_preference_is_a_hard_rule_in_the_same_words_as_profiles(automatic):
    register(automatic, "amal", gender="woman")
    register(automatic, "jean", gender="man", **VOLUNTEER)
    register(automatic, "julie", gender="woman", **VOLUNTEER)
    with pytest.raises(Invalid) as bad:
        call(automatic, "request_duo", {"member_id": "amal", "gender_preference": "female"})
    assert "gender_preference" in bad.value.fields
    call(automatic, "request_duo", {"member_id": "amal", "gender_preference": "woman"})
    call(automatic, "offer_duo", {"member_id": "jean"})
    call(automatic, "run_matching")
    assert call(automatic, "duos_of", "amal")["duos"] == []
    call(automatic, "offer_duo", {"member_id": "julie"})
    call(automatic, "run_matching")
    [duo] = call(automatic, "duos_of", "amal")["duos"]
    assert duo["volunteer_id"] == "julie"


def test_no_volunteer_is_invited_while_learners_have_waited_less_than_the_set_days(automatic, tap):
    # the default DUO_INVITE_AFTER_DAYS (7): people who just signed up are matched by the next rounds
    register(automatic, "jean", **VOLUNTEER)
    call(automatic, "offer_duo", {"member_id": "jean", "capacity": 1})
    for learner in ("amal", "bashir"):
        register(automatic, learner)
        call(automatic, "request_duo", {"member_id": learner})
    summaries = [call(automatic, "run_matching") for _ in range(3)]
    assert [s["volunteers_invited"] for s in summaries] == [0, 0, 0]
    assert [e for e in tap.drain() if e["type"] == "DuoVolunteerInvited"] == []
