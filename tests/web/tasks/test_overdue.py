"""Overdue tasks: past their deadline and not done; they come first and stand out in red."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from qcounty.web.tasks import queries
from qcounty.web.tasks.models import Task
from tests.web.conftest import World
from tests.web.tasks.conftest import DEADLINE, task_of

S = Task.Status
TODAY = dt.date(2023, 4, 10)  # ten days after the world's department deadline (2023-03-31)


def _set(task: Task, **fields) -> Task:
    Task.objects.filter(pk=task.pk).update(**fields)
    task.refresh_from_db()
    return task


def test_a_task_is_overdue_after_its_deadline_unless_done(world: World, mapped, generated) -> None:
    task = task_of(world, 32, mapped["housing"])
    assert task.deadline == DEADLINE
    assert not task.overdue_on(DEADLINE)  # on the day itself: not yet
    assert task.overdue_on(DEADLINE + dt.timedelta(days=1))
    for status in (S.NOT_STARTED, S.IN_PROGRESS, S.BLOCKED):
        assert _set(task, status=status).overdue_on(TODAY)
    assert not _set(task, status=S.DONE).overdue_on(TODAY)
    # the property reads today's date: 2023-03-31 is in the past whenever the tests run
    assert _set(task, status=S.BLOCKED).is_overdue


def test_the_overdue_query_counts_what_the_property_says(world: World, mapped, generated) -> None:
    housing = Task.objects.filter(application=world.application, department=mapped["housing"])
    # housing has 4 tasks (32, 33, 34, 35): one done, one with a later deadline, two overdue
    assert housing.count() == 4
    _set(task_of(world, 32, mapped["housing"]), status=S.DONE)
    _set(task_of(world, 33, mapped["housing"]), deadline=dt.date(2023, 5, 1))
    late = queries.overdue(world.application, TODAY).filter(department=mapped["housing"])
    assert sorted(late.values_list("indicator", flat=True)) == [34, 35]
    assert [t.indicator for t in housing.order_by("indicator") if t.overdue_on(TODAY)] == [34, 35]
    # the whole county: 98 tasks, all due 2023-03-31 but 33, one done: 98 − 2 = 96 overdue
    assert queries.counts(world.application, TODAY).overdue == 96


def test_overdue_tasks_come_first_then_by_deadline(world: World, mapped, generated) -> None:
    for indicator in (33, 34, 35):
        _set(task_of(world, indicator, mapped["housing"]), deadline=dt.date(2023, 5, 1))
    _set(task_of(world, 34, mapped["housing"]), deadline=dt.date(2023, 4, 20))
    _set(task_of(world, 32, mapped["housing"]), deadline=dt.date(2023, 4, 9))  # yesterday
    housing = Task.objects.filter(department=mapped["housing"])
    ordered = list(queries.overdue_first(housing, TODAY))
    # 32 (overdue), then 34 (due 04-20), 33 and 35 (due 05-01, by indicator)
    assert [t.indicator for t in ordered] == [32, 34, 33, 35]
    assert [t.late for t in ordered] == [True, False, False, False]
    # a done task is never overdue: 32 moves behind the others as the earliest deadline
    _set(task_of(world, 32, mapped["housing"]), status=S.DONE)
    assert [t.indicator for t in queries.overdue_first(housing, TODAY)] == [32, 34, 33, 35]
    assert not any(t.late for t in queries.overdue_first(housing, TODAY))


def test_the_board_puts_departments_with_overdue_tasks_first_and_marks_them(
    world: World, mapped, generated, office_client
) -> None:
    future = dt.date.today() + dt.timedelta(days=30)
    Task.objects.filter(application=world.application).update(deadline=future)
    _set(task_of(world, 32, mapped["housing"]), deadline=dt.date.today() - dt.timedelta(days=3))
    response = office_client.get(reverse("tasks:board", args=[world.application.pk]))
    groups = response.context["groups"]
    assert groups[0].department == mapped["housing"]
    assert (groups[0].overdue, groups[0].tasks[0].indicator) == (1, 32)
    assert all(g.overdue == 0 for g in groups[1:])
    page = response.content.decode()
    assert '<b class="overdue-count">1</b>' in page
    late, on_time = groups[0].tasks[0], groups[1].tasks[0]
    row = page[page.index(f'<tr class="overdue" id="task-{late.pk}">') :]
    assert "已逾期" in row[: row.index("</tr>")]
    assert f'<tr class="" id="task-{on_time.pk}">' in page


def test_the_board_filters_by_status_and_department(
    world: World, mapped, generated, office_client
) -> None:
    _set(task_of(world, 32, mapped["housing"]), status=S.BLOCKED)
    url = reverse("tasks:board", args=[world.application.pk])
    blocked = office_client.get(url, {"status": "blocked"}).context["groups"]
    assert [[t.indicator for t in g.tasks] for g in blocked] == [[32]]
    market = office_client.get(url, {"department": world.market_dept.pk}).context["groups"]
    assert [g.department for g in market] == [world.market_dept]
    assert len(market[0].tasks) == 20
    # every task is overdue in the world (deadline 2023-03-31): all 98 with "overdue"
    late = office_client.get(url, {"status": "overdue"}).context["groups"]
    assert sum(len(g.tasks) for g in late) == 98
    # a forged filter value is ignored: the whole board
    forged = office_client.get(url, {"status": "lost", "department": "x"})
    assert forged.status_code == 200
    assert sum(len(g.tasks) for g in forged.context["groups"]) == 98
