"""The leader's dashboard: the core's numbers, department progress, overdue tasks, deadlines.

The hand-made reference and Wendeng's values are those of test_report.py: 文登区 has 6 points
(理念 2, 保障 0, 基础 1, 成效 3); the reference's first-level medians are 理念 (0, 2, 0, 2) → 1,
保障 0, 基础 0, 成效 (0, 0, 3, 3) → 1.5, and in the second tier (the three 威海市 counties) all 0.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qcounty.core.cohort import parse_cohort
from qcounty.web.campaigns.actions import set_reference_cohort
from qcounty.web.campaigns.models import Application
from qcounty.web.cockpit import reportdata
from qcounty.web.reporting.scoring import assess
from qcounty.web.tasks.models import Task
from tests.web.cockpit.test_report import (
    WENDENG_2023,
    _fresh_scores,  # noqa: F401  (an autouse fixture)
    hand_made_reference,
    store,
    with_hand_made_reference,
)
from tests.web.conftest import World, framework

FIRST = ["质量发展理念", "质量发展保障", "质量发展基础", "质量发展成效"]


def url(world: World) -> str:
    return reverse("cockpit:dashboard", args=[world.application.pk])


def data_of(response: Any) -> dict[str, Any]:
    html = response.content.decode()
    found = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html)
    assert found, "the dashboard's data"
    return dict(json.loads(found.group(1)))


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def filled(world: World) -> World:
    with_hand_made_reference(world)
    store(world.application, WENDENG_2023)
    return world


def test_the_total_and_its_range_are_the_cores(filled: World, office_client: Client) -> None:
    response = office_client.get(url(filled))
    assert response.status_code == 200
    data = data_of(response)
    core = assess(filled.application)  # the live self-assessment of the application page
    assert data["total"] == round(core.total, 2) == 6.0  # 2 + 2 + 1 + 1
    assert (data["floor"], data["ceiling"]) == (round(core.floor, 2), round(core.ceiling, 2))
    assert data["most"] == 100
    html = response.content.decode()
    assert '<span class="value" id="kpi-total">6.00</span>' in html
    # first among the four reference counties and itself
    assert re.search(r"1<small>/5</small>", html)


def test_the_radar_puts_the_county_beside_the_reference_medians(
    filled: World, office_client: Client
) -> None:
    radar = data_of(office_client.get(url(filled)))["radar"]
    assert radar["names"] == FIRST
    assert radar["max"] == [16, 13, 32, 39]
    assert radar["county"] == [2.0, 0.0, 1.0, 3.0]
    assert radar["median"] == [1.0, 0.0, 0.0, 1.5]
    assert radar["tier"] == [0.0, 0.0, 0.0, 0.0]
    assert radar["tier_name"] == "第二梯队"


def test_the_medians_are_scored_once_per_reference_version(filled: World) -> None:
    campaign = filled.campaign
    first = reportdata.reference_score(campaign)
    assert first is not None and reportdata.reference_score(campaign) is first
    # a new reference: 历下区 drops out; totals 0, 2, 3 → median 2
    data = hand_made_reference(2023)
    data["counties"] = data["counties"][:3]
    set_reference_cohort(campaign, data)
    second = reportdata.reference_score(campaign)
    assert second is not first
    assert second is not None and len(second.counties) == 3
    s = reportdata.scored(filled.application)
    assert s.reference is not None and s.reference.total == 2.0


def test_points_lost_by_second_level_indicator_most_first(
    filled: World, office_client: Client
) -> None:
    lost = data_of(office_client.get(url(filled)))["lost"]
    core = assess(filled.application)
    expected = sorted(((s.max - s.points, s.name) for s in core.second_level), key=lambda t: -t[0])
    assert lost["values"] == [round(x, 2) for x, _ in expected]
    assert lost["names"] == [name for _, name in expected]
    # 质量管理 (13 points) has only item 27's 1 point: 13 − 1 = 12 lost, the most
    assert (lost["names"][0], lost["values"][0]) == ("质量管理", 12.0)
    assert len(lost["names"]) == 15


def test_overdue_tasks_are_counted_and_the_longest_overdue_listed_first(
    filled: World, office_client: Client
) -> None:
    today = timezone.localdate()
    app = filled.application

    def task(title: str, days: int, status: str) -> Task:
        return Task.objects.create(
            application=app,
            department=filled.market_dept,
            title=title,
            deadline=today + dt.timedelta(days=days),
            status=status,
        )

    task("一天前到期", -1, Task.Status.NOT_STARTED)
    task("十天前到期、受阻", -10, Task.Status.BLOCKED)
    task("已完成", -5, Task.Status.DONE)  # done: never overdue
    task("今天到期", 0, Task.Status.IN_PROGRESS)  # due today: not yet overdue
    task("明天到期", 1, Task.Status.NOT_STARTED)
    response = office_client.get(url(filled))
    html = response.content.decode()
    assert re.search(
        r'id="kpi-overdue">\s*<span class="label">逾期任务</span>\s*<span class="value">2</span>',
        html,
    )
    titles = re.findall(r"<td>(十天前到期、受阻|一天前到期|已完成|今天到期|明天到期)</td>", html)
    assert titles == ["十天前到期、受阻", "一天前到期"]
    assert "逾期任务（2 项）" in text_of(response)


def test_department_progress_and_days_to_the_deadlines(
    filled: World, office_client: Client
) -> None:
    today = timezone.localdate()
    response = office_client.get(url(filled))
    text = text_of(response)
    assert "区市场监管局" in text and "区统计局" in text
    # the world's department deadline is 2023-03-31 (past), the application's today + 60 days
    late = (today - dt.date(2023, 3, 31)).days
    assert f"已过 {late} 天" in text
    assert "60 天" in text
    html = response.content.decode()
    assert re.search(r'id="kpi-departments">.*?<span class="value">0<small>/2</small>', html, re.S)


def test_the_dashboard_offers_the_report(filled: World, office_client: Client) -> None:
    html = office_client.get(url(filled)).content.decode()
    report = reverse("documents:job_start", args=[filled.application.pk, "quality_report"])
    assert f'action="{report}"' in html
    assert "生成质量发展状况分析报告" in html


def test_without_a_reference_the_radar_has_no_medians(world: World, office_client: Client) -> None:
    world.campaign.reference_cohort = None
    world.campaign.save()
    store(world.application, WENDENG_2023)
    response = office_client.get(url(world))
    data = data_of(response)
    assert data["radar"]["median"] == [] and data["total"] == 6.0
    assert "本周期没有参照数据" in response.content.decode()


def test_the_reference_medians_are_those_of_the_cores_scores_of_the_reference(
    world: World, office_client: Client
) -> None:
    """With the conftest's synthetic reference (20 counties), medians of the core's points."""
    import numpy as np

    from qcounty.core.scoring import score_cohort
    from tests.web.conftest import YEAR, reference_cohort

    store(world.application, WENDENG_2023)
    cohort = parse_cohort(reference_cohort(), framework())
    score = score_cohort(framework(), cohort.counties, YEAR)
    eligible = score.status == "eligible"
    first, _second = score.level_points()
    expected = [round(float(np.median(row[eligible])), 2) for row in first]
    assert data_of(office_client.get(url(world)))["radar"]["median"] == expected


# --------------------------------------------------------------------------- access


@pytest.mark.parametrize("who", ["market_clerk", "statistics_clerk"])
def test_it_refuses_clerks(filled: World, login: Any, who: str) -> None:
    assert login(getattr(filled, who)).get(url(filled)).status_code == 403


def test_the_province_does_not_see_the_countys_dashboard(filled: World, login: Any) -> None:
    client = login(filled.evaluator)
    assert client.get(url(filled)).status_code == 404  # a draft: not even that it exists
    Application.objects.filter(pk=filled.application.pk).update(status=Application.Status.SUBMITTED)
    assert client.get(url(filled)).status_code == 403


def test_another_countys_office_does_not_find_it(filled: World, login: Any) -> None:
    assert login(filled.rongcheng_office).get(url(filled)).status_code == 404


def test_the_administrator_sees_it(filled: World, login: Any) -> None:
    assert login(filled.admin).get(url(filled)).status_code == 200


def test_tasks_whose_data_is_in_are_not_overdue_and_the_department_countdown_ends(
    filled: World, office_client: Client
) -> None:
    from qcounty.web.review.actions import transition_section
    from qcounty.web.review.sections import ensure_sections
    from tests.web.review.conftest import BEFORE_DEADLINE, complete

    app, today = filled.application, timezone.localdate()
    past = today - dt.timedelta(days=3)
    Task.objects.create(
        application=app, department=filled.market_dept, indicator=41, title="专利", deadline=past
    )
    Task.objects.create(
        application=app, department=filled.market_dept, title="质量月", deadline=past
    )
    sections = ensure_sections(app)
    for section in sections:
        complete(section)
    html = office_client.get(url(filled)).content.decode()
    assert re.search(r'id="kpi-overdue">.*?<span class="value">2</span>', html, re.S)
    clerks = {
        filled.market_dept.pk: filled.market_clerk,
        filled.statistics_dept.pk: filled.statistics_clerk,
    }
    for section in sections:
        transition_section(
            section, "submit_section", clerks[section.department_id], today=BEFORE_DEADLINE
        )
    html = office_client.get(url(filled)).content.decode()
    # 41's data is in (its section submitted); the office's own 质量月 task is still overdue
    assert re.search(r'id="kpi-overdue">.*?<span class="value">1</span>', html, re.S)
    block = html[html.index('id="kpi-department-deadline"') :]
    block = block[: block.index("</div>")]
    assert "已完成" in block and "各部门均已提交" in block and "已过" not in block
    block = html[html.index('id="kpi-application-deadline"') :]
    assert "60" in block[: block.index("</div>")]  # the application's countdown runs on
