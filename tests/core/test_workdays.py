"""The working-day calendar: weekends, holidays and 调休 working days (2026 State Council notice)."""

from __future__ import annotations

import datetime as dt

import pytest

from qcounty.core.workdays import SEED, Calendar, CalendarError, DatedDay

D = dt.date
CHINA_2026 = Calendar.of(SEED[2026])


def test_a_plain_week_works_monday_to_friday() -> None:
    week = Calendar()
    assert [week.is_working_day(D(2026, 12, d)) for d in range(7, 14)] == [
        True, True, True, True, True, False, False,
    ]  # fmt: skip


def test_five_working_days_from_a_monday_end_on_friday() -> None:
    assert Calendar().end_of_period(D(2026, 12, 7), 5) == D(2026, 12, 11)


def test_a_period_across_a_weekend_skips_it() -> None:
    # Thu 12-10, Fri 12-11, (Sat, Sun), Mon 12-14, Tue 12-15, Wed 12-16
    assert Calendar().end_of_period(D(2026, 12, 10), 5) == D(2026, 12, 16)


def test_a_period_starting_on_a_day_off_begins_on_the_next_working_day() -> None:
    # Saturday 12-05: Mon 12-07 is the first of five
    assert Calendar().end_of_period(D(2026, 12, 5), 5) == D(2026, 12, 11)


def test_the_national_day_holiday_is_skipped_and_the_tiaoxiu_saturday_counts() -> None:
    # Tue 9-29, Wed 9-30, (10-1 … 10-7 off), Thu 10-8, Fri 10-9, Sat 10-10 (调休上班)
    assert CHINA_2026.end_of_period(D(2026, 9, 29), 5) == D(2026, 10, 10)
    assert not CHINA_2026.is_working_day(D(2026, 10, 5))  # a Monday of the holiday
    assert CHINA_2026.is_working_day(D(2026, 10, 10))  # a Saturday worked


def test_the_spring_festival_and_its_two_worked_saturdays() -> None:
    # Fri 2-13, Sat 2-14 (调休上班), 2-15 … 2-23 off, Tue 2-24, Wed 2-25, Thu 2-26
    assert CHINA_2026.end_of_period(D(2026, 2, 13), 5) == D(2026, 2, 26)
    assert CHINA_2026.is_working_day(D(2026, 2, 28))  # Saturday
    assert CHINA_2026.working_days(D(2026, 2, 15), D(2026, 2, 23)) == 0


def test_the_new_year_tiaoxiu_sunday_counts() -> None:
    # 1-1 … 1-3 off, Sun 1-4 worked, Mon 1-5
    assert CHINA_2026.working_days(D(2026, 1, 1), D(2026, 1, 5)) == 2


def test_days_left_counts_today_and_is_zero_after_the_end() -> None:
    end = D(2026, 12, 11)
    assert Calendar().days_left(D(2026, 12, 7), end) == 5
    assert Calendar().days_left(D(2026, 12, 11), end) == 1
    assert Calendar().days_left(D(2026, 12, 12), end) == 0


def test_a_holiday_given_by_the_province_moves_the_end() -> None:
    calendar = Calendar.of([DatedDay(D(2026, 12, 9), False, "临时放假")])
    assert calendar.end_of_period(D(2026, 12, 7), 5) == D(2026, 12, 14)


@pytest.mark.parametrize("days", [0, -1, 367])
def test_absurd_periods_are_refused_in_chinese(days: int) -> None:
    with pytest.raises(CalendarError, match="工作日天数"):
        Calendar().end_of_period(D(2026, 12, 7), days)


def test_the_2026_seed_has_the_notices_seven_holidays_and_six_worked_days() -> None:
    days = SEED[2026]
    off = [d for d in days if not d.working]
    worked = sorted(d.day for d in days if d.working)
    # 3 + 9 + 3 + 5 + 3 + 3 + 7 days off, as the notice counts them
    assert len(off) == 33
    assert worked == [
        D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20),
        D(2026, 10, 10),
    ]  # fmt: skip
    assert all(d.day.weekday() >= 5 for d in days if d.working)
