from datetime import UTC, date, datetime, timedelta

from duos import domain, matching


def member(kind="newcomer", level="A2"):
    return {"kind": kind, "french_level": level}


def test_who_may_learn():
    assert domain.learner_error(member()) is None
    assert "register" in domain.learner_error(None)
    assert "newcomers" in domain.learner_error(member(kind="local"))
    assert "volunteer" in domain.learner_error(member(level="native"))


def test_who_may_volunteer():
    assert domain.volunteer_error(member(kind="local", level="native")) is None
    assert domain.volunteer_error(member(level="C1")) is None
    assert "C1" in domain.volunteer_error(member(level="B2"))


REQUEST = {
    "_id": "r1",
    "member_id": "m1",
    "side": "learner",
    "region": "liege",
    "formats": ["video", "in_person"],
    "cross_region": True,
    "slots": [40, 41],
    "interests": ["cooking"],
    "age_range": {"min": 20, "max": 40},
    "gender_preference": "woman",
    "created_at": "2026-01-01T00:00:00+00:00",
}
MEMBER = {"_id": "m1", "french_level": "A1", "languages": ["fr", "ar"], "birth_year": 1990, "gender": "man"}


def test_a_waiting_request_as_the_engine_sees_it():
    learner = domain.learner_of(REQUEST, MEMBER, datetime(2026, 1, 24, 12, tzinfo=UTC))
    assert learner.waited_days == 23.5  # from the first ask: seniority survives an ended duo
    assert learner.languages == frozenset({"ar"})  # French is what they practise, not a bridge
    assert learner.age_range == (20, 40)
    assert (learner.slots, learner.formats) == (frozenset({40, 41}), frozenset({"video", "in_person"}))
    assert (learner.gender, learner.gender_preference, learner.french_level) == ("man", "woman", "A1")


def test_engine_input_skips_members_it_does_not_know_and_full_offers():
    offer = {**REQUEST, "_id": "o1", "member_id": "v1", "side": "volunteer", "remaining": 2}
    full = {**offer, "_id": "o2", "member_id": "v2", "remaining": 0}
    unknown = {**REQUEST, "_id": "r2", "member_id": "stranger"}
    members = {"m1": MEMBER, "v1": {**MEMBER, "french_level": "native"}, "v2": MEMBER}
    learners, volunteers = domain.engine_input([REQUEST, offer, full, unknown], members, datetime.now(UTC))
    assert [person.request_id for person in learners] == ["r1"]
    assert [(person.request_id, person.places) for person in volunteers] == [("o1", 2)]


def test_a_proposal_becomes_a_duo_with_its_score_and_reasons():
    proposal = matching.Proposal("r1", "o1", "m1", "v1", 4.5, ("same region: liege", "waited 3 days"))
    duo = domain.new_duo(proposal, "liege", "proposed", "2026-01-01T00:00:00+00:00", "d1")
    assert duo["status"] == "proposed"
    assert (duo["learner_request_id"], duo["volunteer_request_id"], duo["score"]) == ("r1", "o1", 4.5)
    assert duo["reasons"] == ["same region: liege", "waited 3 days"]


def test_each_move_of_a_request_or_offer_starts_and_ends_in_a_status_of_its_side():
    for side, moves in domain.REQUEST_MOVES.items():
        for name, move in moves.items():
            assert set(move.sources) <= set(domain.REQUEST_STATUSES[side]), (side, name)
            assert move.target in (None, *domain.REQUEST_STATUSES[side]), (side, name)
    for name, move in domain.DUO_MOVES.items():
        assert {*move.sources, move.target} - {None} <= set(domain.DUO_STATUSES), name


def test_a_refused_move_says_why_and_which_moves_are_allowed():
    waiting = {"side": "learner", "status": "waiting"}
    assert domain.request_move_error(waiting, "pause") is None
    assert domain.request_move_error(waiting, "resume") == (
        "a waiting request cannot resume; allowed: pause, withdraw, change"
    )
    paused = {"side": "volunteer", "status": "paused"}
    assert domain.request_move_error(paused, "resume") is None
    assert domain.request_move_error(paused, "pause") == (
        "a paused offer cannot pause; allowed: resume, withdraw, change, change_capacity"
    )
    assert domain.request_move_error({"side": "learner", "status": "withdrawn"}, "pause") == (
        "a withdrawn request cannot pause; allowed: none"
    )
    assert domain.request_move_error({"side": "learner", "status": "matched"}, "change") == (
        "a matched request cannot change; allowed: none"
    )
    assert "cannot change_capacity" in domain.request_move_error(waiting, "change_capacity")  # offers only


def test_a_withdrawal_frees_the_member_to_ask_again_and_a_change_keeps_the_status():
    withdraw = domain.REQUEST_MOVES["volunteer"]["withdraw"]
    assert (withdraw.changes, withdraw.clears) == ({"status": "withdrawn"}, ("open_key",))
    assert domain.REQUEST_MOVES["learner"]["change"].changes == {}


def test_only_a_proposal_is_reviewed_and_only_an_active_duo_ends():
    proposed, active = {"status": "proposed"}, {"status": "active"}
    assert domain.duo_move_error(proposed, "accept") is None
    assert domain.duo_move_error(proposed, "end") == "a proposed duo cannot end; allowed: accept, reject"
    assert domain.duo_move_error(active, "accept") == "an active duo cannot accept; allowed: end, log_session"
    assert domain.duo_move_error({"status": "ended"}, "log_session") == "an ended duo cannot log_session; allowed: none"


def test_what_a_request_does_not_say_takes_the_defaults():
    stored = domain.stored_preferences({}, {"interests": ["chess"]})
    assert (stored["formats"], stored["cross_region"], stored["interests"]) == (["video"], False, ["chess"])
    assert len(stored["slots"]) == 7 * 48  # no availability: flexible, any time
    said = {"availability": [{"day": "tue", "start": "19:00", "end": "20:00"}], "formats": ["in_person", "video"]}
    stored = domain.stored_preferences({**said, "interests": []}, {"interests": ["chess"]})
    assert (stored["slots"], stored["formats"], stored["interests"]) == ([86, 87], ["in_person", "video"], [])


def test_bad_windows_and_age_ranges_are_named():
    assert domain.preference_errors({"age_range": {"min": 20, "max": 60}}) == []
    errors = domain.preference_errors(
        {"availability": [{"day": "mon", "start": "21:00", "end": "20:00"}], "age_range": {"min": 50, "max": 20}}
    )
    assert errors == ["mon 21:00-20:00: the end must come after the start", "age_range: min must not exceed max"]


def test_a_new_request_or_offer_and_what_duo_requested_says_of_it():
    prefs = domain.stored_preferences({}, {"interests": []})
    offer = domain.new_request({"_id": "v1", "region": "liege"}, "volunteer", 2, prefs, "t", "o1")
    assert (offer["status"], offer["remaining"], offer["open_key"]) == ("open", 2, "volunteer:v1")
    assert offer["formats"] == ["video"]
    request = domain.new_request({"_id": "m1", "region": "liege"}, "learner", None, prefs, "t", "r1")
    assert (request["status"], request["capacity"]) == ("waiting", None)
    assert domain.requested_event(offer) == {
        "request_id": "o1", "member_id": "v1", "side": "volunteer", "region": "liege", "capacity": 2,
    }  # fmt: skip


def test_the_records_of_a_session_and_an_evaluation_and_their_events():
    logged = {"member_id": "m1", "held_on": date(2026, 1, 5), "minutes": 35}
    session = domain.new_session("d1", logged, "2026-01-05T20:00:00+00:00", "s1")
    assert (session["held_on"], session["logged_by"]) == ("2026-01-05", "m1")
    assert domain.session_logged_event(session) == {"duo_id": "d1", "held_on": "2026-01-05", "minutes": 35}
    given = {"evaluator_id": "m1", "rating": 5, "tags": ["fun"], "session_id": None}
    evaluation = domain.new_evaluation("d1", given, "t", "e1")
    assert domain.evaluated_event(evaluation) == {"programme": "duo", "subject_id": "d1", **given}


def test_a_review_or_an_ending_changes_the_status_its_move_leads_to():
    duo = {"_id": "d1", "learner_id": "m1", "volunteer_id": "v1", "created_at": "t0"}
    assert domain.acceptance(duo, "staff-1", "t1") == {
        "status": "active", "created_at": "t1", "proposed_at": "t0", "reviewed_by": "staff-1",
    }  # fmt: skip
    assert domain.rejection("other", None, "staff-1", "t1")["status"] == "rejected"
    assert domain.ending("moved", "t2") == {"status": "ended", "end_reason": "moved", "ended_at": "t2"}
    ended = {"duo_id": "d1", "learner_id": "m1", "volunteer_id": "v1", "reason": "moved"}
    assert domain.ended_event(duo, "moved") == ended


def test_a_full_volunteer_is_invited_for_learners_who_waited_the_days_and_a_round_and_not_just_after_a_match():
    started = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)

    def asked(days_before: float, region: str = "liege") -> dict:
        return {"region": region, "created_at": (started - timedelta(days=days_before)).isoformat()}

    jean, marie, luc = ({"_id": name, "region": "liege"} for name in ("jean", "marie", "luc"))
    last_duo = {"jean": asked(30)["created_at"], "marie": asked(1)["created_at"]}  # luc: no duo yet
    waiting = [asked(8), asked(10), asked(2), asked(9, region="brussels")]

    invited = domain.volunteers_to_invite([jean, marie, luc], waiting, last_duo, started, after_days=7)
    assert [(offer["_id"], count) for offer, count in invited] == [("jean", 2), ("luc", 2)]  # marie: just matched
    assert domain.volunteers_to_invite([jean], [asked(2)], last_duo, started, after_days=7) == []
    # with no days to wait, a whole round is still needed: a learner asking as this round starts is not counted
    assert domain.volunteers_to_invite([jean], [asked(0)], last_duo, started, after_days=0) == []
    assert domain.volunteers_to_invite([jean], [asked(0.001)], last_duo, started, after_days=0) == [(jean, 1)]
