"""A workshop's dates: recurrence with rrule in Liège time, at most a year, clear refusals."""

from datetime import UTC, date, datetime

import pytest

from workshops.schedule import Recurrence, dates_of, day_window, overlaps, recurrence_errors, utc_bounds

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 12, 8, 18, 0)  # Liège wall-clock time


def test_a_one_off_date_is_one_interval_in_utc():
    assert dates_of(Recurrence(TUESDAY, 120)) == [
        (datetime(2026, 12, 8, 17, 0, tzinfo=UTC), datetime(2026, 12, 8, 19, 0, tzinfo=UTC))
    ]


def test_weekly_dates_keep_their_wall_clock_time_across_summer_time():
    dates = dates_of(Recurrence(datetime(2027, 3, 16, 18, 0), 90, "weekly", count=3))
    # 23 March 18:00 is winter time (UTC+1); 30 March 18:00 is summer time (UTC+2)
    assert [start.hour for start, _ in dates] == [17, 17, 16]
    assert [start.day for start, _ in dates] == [16, 23, 30]


def test_every_two_weeks_until_an_end_date():
    dates = dates_of(Recurrence(TUESDAY, 60, "biweekly", until=datetime(2027, 1, 19, 23, 0)))
    assert [start.date().isoformat() for start, _ in dates] == ["2026-12-08", "2026-12-22", "2027-01-05", "2027-01-19"]


@pytest.mark.parametrize(
    ("recurrence", "field", "words"),
    [
        (Recurrence(datetime(2026, 11, 30, 18, 0), 60), "first_start", "future"),
        (Recurrence(TUESDAY, 10), "minutes", "between"),
        (Recurrence(TUESDAY, 60, "daily", count=3), "frequency", "one of"),
        (Recurrence(TUESDAY, 60, "once", count=3), "frequency", "no count"),
        (Recurrence(TUESDAY, 60, "weekly"), "count", "either"),
        (Recurrence(TUESDAY, 60, "weekly", count=2, until=datetime(2027, 1, 1)), "count", "either"),
        (Recurrence(TUESDAY, 60, "weekly", until=datetime(2026, 12, 1)), "until", "before it starts"),
        (Recurrence(TUESDAY, 60, "weekly", count=54), "count", "a year at most"),
        (Recurrence(TUESDAY, 60, "biweekly", count=10_000), "count", "a year at most"),
        (Recurrence(TUESDAY, 60, "weekly", until=datetime(2028, 1, 1)), "until", "a year at most"),
    ],
)
def test_a_series_that_cannot_be_planned_says_which_field_and_why(recurrence, field, words):
    errors = recurrence_errors(recurrence, NOW)
    assert field in errors, errors
    assert words in errors[field][0]


def test_a_year_of_weekly_dates_can_be_planned():
    recurrence = Recurrence(TUESDAY, 120, "weekly", count=53)
    assert recurrence_errors(recurrence, NOW) == {}
    assert len(dates_of(recurrence)) == 53


def test_overlap_is_a_shared_moment_not_a_shared_edge():
    a = (datetime(2026, 12, 8, 17, tzinfo=UTC), datetime(2026, 12, 8, 19, tzinfo=UTC))
    assert overlaps(a, (datetime(2026, 12, 8, 18, tzinfo=UTC), datetime(2026, 12, 8, 20, tzinfo=UTC)))
    assert not overlaps(a, (datetime(2026, 12, 8, 19, tzinfo=UTC), datetime(2026, 12, 8, 21, tzinfo=UTC)))


def test_a_window_of_days_is_a_week_from_one_end_and_31_days_at_most():
    today = date(2026, 12, 1)
    assert day_window(None, None, today, 31) == (today, date(2026, 12, 7))
    assert day_window(date(2026, 12, 10), None, today, 31) == (date(2026, 12, 10), date(2026, 12, 16))
    assert day_window(None, date(2026, 12, 10), today, 31) == (date(2026, 12, 4), date(2026, 12, 10))
    assert day_window(date(2026, 12, 1), date(2026, 12, 31), today, 31) == (date(2026, 12, 1), date(2026, 12, 31))
    assert day_window(date(2026, 12, 1), date(2026, 12, 1), today, 31) == (date(2026, 12, 1), date(2026, 12, 1))
    with pytest.raises(ValueError) as refused:
        day_window(date(2026, 12, 1), date(2027, 1, 1), today, 31)
    assert refused.value.args == ("to", "a window spans 31 days at most")
    with pytest.raises(ValueError) as refused:
        day_window(date(2026, 12, 2), date(2026, 12, 1), today, 31)
    assert refused.value.args == ("to", "not before from")


def test_a_window_s_days_are_liege_days_in_utc_even_across_a_change_of_time():
    assert utc_bounds(date(2026, 12, 8), date(2026, 12, 8)) == (
        datetime(2026, 12, 7, 23, 0, tzinfo=UTC),
        datetime(2026, 12, 8, 23, 0, tzinfo=UTC),
    )
    start, end = utc_bounds(date(2027, 3, 28), date(2027, 3, 28))  # summer time begins: a day of 23 hours
    assert (start.hour, end.hour, (end - start).total_seconds() / 3600) == (23, 22, 23)
