"""A clerk's own tasks on the home page, the county office's links there, and the demo's tasks."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from qcounty.web.campaigns.models import Campaign
from qcounty.web.tasks import queries
from qcounty.web.tasks.demo import QUALITY_MONTH, load_demo_tasks
from qcounty.web.tasks.models import Task, TaskNote
from tests.web.conftest import World
from tests.web.tasks.conftest import task_of

S = Task.Status


def test_a_clerk_sees_their_open_tasks_first_thing_overdue_first(
    world: World, mapped, generated, login
) -> None:
    future = dt.date.today() + dt.timedelta(days=30)
    Task.objects.filter(application=world.application).update(deadline=future)
    late = task_of(world, 41, world.market_dept)
    Task.objects.filter(pk=late.pk).update(deadline=dt.date.today() - dt.timedelta(days=2))
    Task.objects.filter(indicator=9, department=world.market_dept).update(status=S.DONE)
    page = login(world.market_clerk).get(reverse("home")).content.decode()
    assert "我的任务" in page and "逾期 1 项" in page
    table = page[page.index('class="list tasks my-tasks"') :]
    table = table[: table.index("</table>")]
    # the overdue task (41) first; 20 tasks, one done: 19 open, 10 shown and a link to all
    assert table.index(f'href="{reverse("tasks:task", args=[late.pk])}"') < table.index(
        "<td>14</td>"
    )
    assert table.count("<tr") == 1 + 10
    assert "全部 19 项未完成任务" in page
    done = task_of(world, 9, world.market_dept)
    assert reverse("tasks:task", args=[done.pk]) not in table


def test_the_county_office_gets_its_task_links_and_others_nothing(
    world: World, mapped, generated, login
) -> None:
    page = login(world.office).get(reverse("home")).content.decode()
    for name in ("tasks:board", "tasks:mapping", "tasks:assessment"):
        assert reverse(name, args=[world.application.pk]) in page
    assert "逾期 98 项" in page  # the world's deadline, 2023-03-31, has passed
    assert "我的任务" not in page
    for user in (world.evaluator, world.admin, world.rongcheng_office):
        page = login(user).get(reverse("home")).content.decode()
        assert reverse("tasks:board", args=[world.application.pk]) not in page
        assert "我的任务" not in page


def test_the_demo_shows_work_under_way_two_overdue_one_blocked_and_the_quality_month(
    world: World, mapped
) -> None:
    today = dt.date(2026, 11, 27)
    # as in the demo, the department deadline lies three weeks after the day it was loaded
    Campaign.objects.filter(pk=world.campaign.pk).update(
        department_deadline=today + dt.timedelta(days=21)
    )
    world.application.campaign.refresh_from_db()
    load_demo_tasks(world.application, today)
    tasks = Task.objects.filter(application=world.application)
    # 98 generated + the publicity task for 区委宣传部, 区政府办 and 区市场监管局
    assert tasks.count() == 98 + 3
    by_status = {s: tasks.filter(status=s).count() for s in S.values}
    # done: 6, 7, 28, 31, 32; in progress: 3, 17, 27, 36, the overdue 2, the publicity lead;
    # blocked: 12 (区海洋发展局)
    assert by_status == {"done": 5, "in_progress": 6, "blocked": 1, "not_started": 89}
    overdue = queries.overdue(world.application, today)
    assert sorted(overdue.values_list("indicator", "department__name")) == [
        (2, "区政府办"),
        (41, "区市场监管局"),
    ]
    blocked = tasks.get(status=S.BLOCKED)
    assert (blocked.indicator, blocked.department.name) == (12, "区海洋发展局")
    assert blocked.notes.filter(kind="note").get().text.startswith("海洋产业“一站式”服务站")
    month = tasks.filter(title=QUALITY_MONTH).order_by("-lead", "id")
    assert [(t.department.name, t.lead, t.custom) for t in month] == [
        ("区委宣传部", True, True),
        ("区政府办", False, True),
        ("区市场监管局", False, True),
    ]
    # March–May 2023 is past: the same three months from a fortnight ago, so it is upcoming
    assert {(t.starts_on, t.deadline) for t in month} == {
        (today - dt.timedelta(days=14), today + dt.timedelta(days=76))
    }
    notes = TaskNote.objects.count()
    load_demo_tasks(world.application, today)  # again: nothing changes
    assert Task.objects.filter(application=world.application).count() == 101
    assert TaskNote.objects.count() == notes


def test_the_demos_quality_month_keeps_the_plans_months_when_they_lie_ahead(
    world: World, mapped
) -> None:
    load_demo_tasks(world.application, dt.date(2023, 2, 1))
    month = Task.objects.filter(application=world.application, title=QUALITY_MONTH)
    assert {(t.starts_on, t.deadline) for t in month} == {
        (dt.date(2023, 3, 1), dt.date(2023, 5, 31))
    }
