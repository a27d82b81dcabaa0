"""The 公示 period: set when publishing the 公示 list, frozen in it, shown on the documents and
on the county's page with the working days left."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from qcounty.web.accounts.models import User
from qcounty.web.evaluation.actions import publish
from qcounty.web.evaluation.models import CohortSnapshot, Publication
from qcounty.web.objections.calendar_actions import set_calendar_day
from qcounty.web.objections.publicity import period_of, status
from tests.web.conftest import World
from tests.web.objections.conftest import END, START

pytestmark = pytest.mark.django_db


def test_the_period_is_frozen_in_the_list_with_its_end(proposed: Publication) -> None:
    period = period_of(proposed)
    assert period is not None
    assert (period.start, period.end, period.working_days) == (START, END, 5)


def test_the_end_counts_the_national_day_holiday_and_the_tiaoxiu_saturday(
    world: World, snapshot: CohortSnapshot, today: Callable[..., None]
) -> None:
    # seeded from the State Council's 2026 notice: 10-1 … 10-7 off, Saturday 10-10 worked
    published = publish(snapshot, "proposed", world.evaluator, period=(dt.date(2026, 9, 29), 5))
    period = period_of(published)
    assert period is not None and period.end == dt.date(2026, 10, 10)


def test_a_holiday_the_province_adds_moves_a_later_period_but_not_a_published_one(
    world: World, snapshot: CohortSnapshot, proposed: Publication
) -> None:
    set_calendar_day(dt.date(2026, 12, 9), "holiday", "临时放假", world.evaluator)
    assert period_of(proposed).end == END  # type: ignore[union-attr]
    again = publish(snapshot, "proposed", world.evaluator, period=(START, 5))
    assert period_of(again).end == dt.date(2026, 12, 14)  # type: ignore[union-attr]


def test_working_days_left_count_today(
    world: World, proposed: Publication, today: Callable[..., None]
) -> None:
    assert status(world.campaign).days_left == 5  # type: ignore[union-attr]
    today(dt.date(2026, 12, 10))
    assert status(world.campaign).days_left == 2  # type: ignore[union-attr]
    today(dt.date(2026, 12, 12))
    running = status(world.campaign)
    assert running is not None and running.ended and running.days_left == 0


@pytest.mark.parametrize("days", ["0", "abc", "400"])
def test_a_bad_period_is_refused_and_nothing_is_published(
    world: World, snapshot: CohortSnapshot, login: Callable[[User], Client], days: str
) -> None:
    client = login(world.evaluator)
    response = client.post(
        reverse("evaluation:publish", args=[snapshot.pk]),
        {"kind": "proposed", "publicity_start": "2026-12-07", "publicity_days": days},
        follow=True,
    )
    assert "工作日天数" in response.content.decode()
    assert not Publication.objects.exists()


def test_the_publish_form_sets_the_period(
    world: World, snapshot: CohortSnapshot, login: Callable[[User], Client], today: Callable
) -> None:
    client = login(world.evaluator)
    client.post(
        reverse("evaluation:publish", args=[snapshot.pk]),
        {"kind": "proposed", "publicity_start": "2026-12-07", "publicity_days": "5"},
    )
    assert period_of(Publication.objects.get()).end == END  # type: ignore[union-attr]


def test_a_final_list_has_no_period(world: World, snapshot: CohortSnapshot) -> None:
    final = publish(snapshot, "final", world.evaluator, without_publicity=True, period=(START, 5))
    assert period_of(final) is None


def test_the_documents_state_the_period(
    world: World, proposed: Publication, login: Callable[[User], Client]
) -> None:
    client = login(world.evaluator)
    docx = client.get(reverse("evaluation:publication_list", args=[proposed.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "公示期为2026年12月7日至2026年12月11日（5个工作日）。" in text
    xlsx = client.get(reverse("evaluation:publication_list", args=[proposed.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "公示期" in values
    assert "2026年12月7日至2026年12月11日（5个工作日）" in values


def test_the_countys_page_shows_the_period_and_the_days_left(
    world: World,
    proposed: Publication,
    cohort: dict,
    login: Callable[[User], Client],
    today: Callable[..., None],
) -> None:
    today(dt.date(2026, 12, 9))
    page = login(world.office).get(reverse("adjudication:county_view", args=[cohort["文登区"].pk]))
    html = page.content.decode()
    assert "公示期 2026年12月7日至2026年12月11日（5个工作日）" in html
    assert "还剩 3 个工作日（含今天）" in html
    publication = login(world.evaluator).get(reverse("evaluation:publication", args=[proposed.pk]))
    assert "还剩 3 个工作日" in publication.content.decode()


def test_the_county_offices_home_shows_the_period(
    world: World, proposed: Publication, login: Callable[[User], Client]
) -> None:
    html = login(world.office).get("/").content.decode()
    assert 'id="publicity-banner"' in html and "还剩 5 个工作日" in html
