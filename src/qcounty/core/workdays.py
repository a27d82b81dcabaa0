"""Working days in China: weekends, public holidays and 调休 (weekend days worked instead).

A `Calendar` holds the dated exceptions to the Monday–Friday week: holidays on weekdays (and on
weekend days, which changes nothing but keeps the notice's ranges whole) and working weekend
days (调休上班). The province keeps them in the web application; the official arrangement of a
year is seeded from the State Council's notice (`SEED`).

A period of N working days starting on a day counts that day when it is a working day: a
公示 of 5 working days starting on Monday 2026-12-07 ends on Friday 2026-12-11.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

MAX_DAYS = 366  # a period longer than a year is a typing slip, not a 公示


class CalendarError(ValueError):
    """A period that cannot be counted; the message is a Chinese sentence."""


@dataclass(frozen=True)
class DatedDay:
    """One dated exception: a holiday, or a weekend day worked (调休上班)."""

    day: dt.date
    working: bool  # True: 调休上班 (a weekend day worked); False: 放假
    name: str = ""


@dataclass(frozen=True)
class Calendar:
    """The week plus dated exceptions: `holidays` are days off, `workdays` weekend days worked."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    @classmethod
    def of(cls, exceptions: Iterable[DatedDay]) -> Calendar:
        items = list(exceptions)
        return cls(
            holidays=frozenset(e.day for e in items if not e.working),
            workdays=frozenset(e.day for e in items if e.working),
        )

    def is_working_day(self, day: dt.date) -> bool:
        """Return whether the offices work on this day."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def end_of_period(self, start: dt.date, days: int) -> dt.date:
        """Return the last day of a period of `days` working days that starts on `start`."""
        if not 1 <= days <= MAX_DAYS:
            raise CalendarError(f"工作日天数应在 1 到 {MAX_DAYS} 之间，实际为 {days}")
        day = start
        counted = 1 if self.is_working_day(day) else 0
        while counted < days:
            day += dt.timedelta(days=1)
            counted += self.is_working_day(day)
        while not self.is_working_day(day):  # a period that starts on a day off
            day += dt.timedelta(days=1)
        return day

    def working_days(self, first: dt.date, last: dt.date) -> int:
        """Return how many working days there are from `first` to `last`, both included."""
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count

    def days_left(self, today: dt.date, end: dt.date) -> int:
        """Return the working days left in a period ending on `end`, today included (0: over)."""
        return self.working_days(today, end)


def _range(year: int, month: int, first: int, last: int, name: str) -> list[DatedDay]:
    return [DatedDay(dt.date(year, month, d), False, name) for d in range(first, last + 1)]


def _worked(year: int, month: int, day: int, name: str) -> DatedDay:
    return DatedDay(dt.date(year, month, day), True, name)


# 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日，新华社全文播发）. The 2027 notice
# could not be checked against its published text when this was written: the province adds it
# on the calendar page (or a later release seeds it) once the State Council publishes it.
SEED: dict[int, list[DatedDay]] = {
    2026: [
        *_range(2026, 1, 1, 3, "元旦"),
        _worked(2026, 1, 4, "元旦调休上班"),
        _worked(2026, 2, 14, "春节调休上班"),
        *_range(2026, 2, 15, 23, "春节"),
        _worked(2026, 2, 28, "春节调休上班"),
        *_range(2026, 4, 4, 6, "清明节"),
        *_range(2026, 5, 1, 5, "劳动节"),
        _worked(2026, 5, 9, "劳动节调休上班"),
        *_range(2026, 6, 19, 21, "端午节"),
        _worked(2026, 9, 20, "国庆节调休上班"),
        *_range(2026, 9, 25, 27, "中秋节"),
        *_range(2026, 10, 1, 7, "国庆节"),
        _worked(2026, 10, 10, "国庆节调休上班"),
    ],
}
