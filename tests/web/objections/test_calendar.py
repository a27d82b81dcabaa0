"""The province's working-day calendar: seeded with 2026, edited on its page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.objections.models import CalendarDay
from qcounty.web.objections.publicity import calendar
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def test_the_2026_arrangement_is_seeded() -> None:
    week = calendar()
    assert not week.is_working_day(dt.date(2026, 10, 1))
    assert week.is_working_day(dt.date(2026, 10, 10))  # Saturday, 调休上班
    assert CalendarDay.objects.filter(day__year=2026).count() == 39  # 33 off, 6 worked


def test_the_evaluator_adds_and_removes_a_day(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.evaluator)
    url = reverse("objections:calendar")
    client.post(url, {"day": "2027-01-01", "kind": "holiday", "name": "元旦"})
    assert not calendar().is_working_day(dt.date(2027, 1, 1))
    assert "元旦" in client.get(url).content.decode()
    client.post(url, {"day": "2027-01-01", "remove": "1"})
    assert calendar().is_working_day(dt.date(2027, 1, 1))


def test_a_weekday_cannot_be_a_tiaoxiu_working_day(
    world: World, login: Callable[[User], Client]
) -> None:
    response = login(world.evaluator).post(
        reverse("objections:calendar"),
        {"day": "2027-01-05", "kind": "workday", "name": ""},
        follow=True,
    )
    assert "是工作日，无需设为调休上班" in response.content.decode()
    assert not CalendarDay.objects.filter(day=dt.date(2027, 1, 5)).exists()


def test_a_bad_date_is_refused_in_chinese(world: World, login: Callable[[User], Client]) -> None:
    response = login(world.evaluator).post(
        reverse("objections:calendar"), {"day": "明天", "kind": "holiday"}, follow=True
    )
    assert "日期应为日期" in response.content.decode()


def test_the_admin_reads_the_calendar_and_counties_do_not_see_it(
    world: World, login: Callable[[User], Client]
) -> None:
    url = reverse("objections:calendar")
    assert login(world.admin).get(url).status_code == 200
    assert login(world.admin).post(url, {"day": "2027-01-01", "kind": "holiday"}).status_code == 404
    assert not CalendarDay.objects.filter(day=dt.date(2027, 1, 1)).exists()
    for user in (world.office, world.market_clerk):
        assert login(user).get(url).status_code == 404
