"""The accompaniment pipeline as data: each move, from where, by whom, with what first."""

import pytest

from interra_contracts.vocabulary import WORKSHOP_STATUSES
from workshops.domain import ASIDE, MOVES, PIPELINE, allowed_moves, move_error, status_after, step_record

ALL_FACTS = {"a_placed_date": True, "a_future_date": True, "a_capacity": True, "charter_accepted": True,
             "impact_recorded": True}  # fmt: skip


def test_the_contract_knows_every_status_of_the_pipeline():
    assert set(WORKSHOP_STATUSES) == {*PIPELINE, *ASIDE}
    assert {step.to for step in MOVES.values()} - {"paused_from"} <= set(WORKSHOP_STATUSES)


def test_a_coordinator_walks_a_workshop_from_proposal_to_completion():
    workshop = {"status": "proposed"}
    for move in ("accept", "train", "seek_venue", "schedule", "publish", "start", "evaluate", "complete"):
        assert move_error(workshop, move, ALL_FACTS) is None, move
        workshop = {"status": status_after(workshop, move)}
    assert workshop["status"] == "completed"
    assert allowed_moves(workshop) == []


def test_a_forbidden_move_names_the_moves_allowed():
    error = move_error({"status": "training"}, "publish", ALL_FACTS)
    assert error == "a training workshop cannot publish; allowed: seek_venue, decline, pause, withdraw"
    assert "allowed: none" in move_error({"status": "completed"}, "pause", ALL_FACTS)
    assert "unknown move" in move_error({"status": "proposed"}, "teleport", ALL_FACTS)
    assert "unknown move" in move_error({"status": "proposed"}, {"not": "a string"}, ALL_FACTS)


@pytest.mark.parametrize(
    ("status", "move", "missing", "words"),
    [
        ("venue_search", "schedule", "a_placed_date", "booked venue or with an online link"),
        ("scheduled", "publish", "a_future_date", "a date still to come"),
        ("scheduled", "publish", "a_capacity", "a capacity"),
        ("published", "start", "charter_accepted", "charter"),
        ("evaluating", "complete", "impact_recorded", "impact evaluation"),
    ],
)
def test_a_move_checks_its_prerequisites(status, move, missing, words):
    error = move_error({"status": status}, move, {**ALL_FACTS, missing: False})
    assert error.startswith(f"{move} needs") and words in error


def test_only_the_proposer_withdraws_and_only_staff_move_the_pipeline():
    assert move_error({"status": "training"}, "withdraw", ALL_FACTS, by="proposer") is None
    assert "only the proposer" in move_error({"status": "training"}, "withdraw", ALL_FACTS, by="staff")
    assert "only a workshop coordinator" in move_error({"status": "proposed"}, "accept", ALL_FACTS, by="proposer")


def test_resume_goes_back_where_the_workshop_paused():
    paused = {"status": "paused", "paused_from": "venue_search"}
    assert move_error(paused, "resume", ALL_FACTS) is None
    assert status_after(paused, "resume") == "venue_search"
    record = step_record(paused, "resume", "staff:1", "2026-12-01T10:00:00+00:00", None)
    assert record == {"move": "resume", "from": "paused", "to": "venue_search", "by": "staff:1",
                      "at": "2026-12-01T10:00:00+00:00", "reason": None}  # fmt: skip


def test_declining_and_pausing_need_a_reason():
    assert MOVES["decline"].reason and MOVES["pause"].reason and not MOVES["accept"].reason
