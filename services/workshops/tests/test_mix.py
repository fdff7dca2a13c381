"""The mix of a date: seats held per group, open to all near the start, offers with a deadline."""

from datetime import UTC, datetime, timedelta

import pytest

from workshops.mix import MixRules, held_seats, offer_deadline, seats_to_try, share_of_newcomers

START = datetime(2026, 12, 10, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("capacity", "share", "held"),
    [(16, 0.5, (8, 8)), (15, 0.5, (8, 7)), (10, 0.3, (3, 7)), (4, 1.0, (4, 0)), (4, 0.0, (0, 4)), (1, 0.5, (1, 0))],
)
def test_seats_are_held_for_each_group(capacity, share, held):
    seats = held_seats(capacity, share)
    assert (seats["newcomer"], seats["local"]) == held
    assert sum(seats.values()) == capacity


def test_before_the_date_opens_a_person_takes_only_their_group_s_seats():
    week_before = START - timedelta(days=7)
    assert seats_to_try("local", START, week_before) == ("local",)
    assert seats_to_try("newcomer", START, week_before) == ("newcomer",)


def test_close_to_the_start_empty_seats_are_anyone_s():
    assert seats_to_try("local", START, START - timedelta(hours=47)) == ("local", "newcomer")
    assert seats_to_try("local", START, START - timedelta(hours=12), MixRules(open_hours=6)) == ("local",)


def test_an_offer_lasts_48_hours_but_never_past_two_hours_before_the_start():
    now = START - timedelta(days=5)
    assert offer_deadline(START, now) == now + timedelta(hours=48)
    assert offer_deadline(START, START - timedelta(hours=10)) == START - timedelta(hours=2)
    assert offer_deadline(START, START - timedelta(hours=1)) is None


def test_share_of_newcomers():
    assert share_of_newcomers(6, 4) == 0.6
    assert share_of_newcomers(0, 0) is None
