"""Generating 文登区's tasks from the scheme and its role mapping; generating again adds only what is missing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.tasks import actions
from qcounty.web.tasks.models import Task
from tests.web.conftest import World, framework
from tests.web.tasks.conftest import DEADLINE, task_of

# Departments per indicator in 文登区, counted by hand from the YAML's `units` (the demo's
# mapping gives every unit role its own department, related → 区质量强区办 as quality_office;
# no indicator names both quality_office and related, so each unit role is one task):
#   9 units: 25                               → 1 × 9 =  9
#   8 units: 23                               → 1 × 8 =  8
#   6 units: 12, 37                           → 2 × 6 = 12
#   5 units: 24, 35                           → 2 × 5 = 10
#   4 units: 21                               → 1 × 4 =  4
#   3 units: 3, 4, 6, 8, 13, 27               → 6 × 3 = 18
#   2 units: 1, 2, 5, 7, 10, 11, 31           → 7 × 2 = 14
#   1 unit:  the other 23 indicators          → 23 × 1 = 23
#   43 indicators, 9 + 8 + 12 + 10 + 4 + 18 + 14 + 23 = 98 tasks, one lead per indicator.
PER_INDICATOR = {
    1: 2, 2: 2, 3: 3, 4: 3, 5: 2, 6: 3, 7: 2, 8: 3, 9: 1, 10: 2, 11: 2, 12: 6, 13: 3, 14: 1,
    15: 1, 16: 1, 17: 1, 18: 1, 19: 1, 20: 1, 21: 4, 22: 1, 23: 8, 24: 5, 25: 9, 26: 1, 27: 3,
    28: 1, 29: 1, 30: 1, 31: 2, 32: 1, 33: 1, 34: 1, 35: 5, 36: 1, 37: 6, 38: 1, 39: 1, 40: 1,
    41: 1, 42: 1, 43: 1,
}  # fmt: skip
TOTAL = 98


def test_every_indicator_gets_a_task_per_responsible_department_lead_first(
    world: World, mapped, generated
) -> None:
    assert len(PER_INDICATOR) == 43
    assert sum(PER_INDICATOR.values()) == TOTAL
    assert len(generated) == TOTAL
    counts: dict[int, int] = {}
    for task in generated:
        counts[task.indicator] = counts.get(task.indicator, 0) + 1
    assert counts == PER_INDICATOR
    assert sum(1 for t in generated if t.lead) == 43
    for indicator in framework().indicators():
        tasks = Task.objects.filter(application=world.application, indicator=indicator.number)
        lead = tasks.get(lead=True)
        assert lead.department == mapped[indicator.units[0]]  # the first unit leads
        assert {t.department for t in tasks} == {mapped[u] for u in indicator.units}
        assert {t.points for t in tasks} == {indicator.points}


def test_a_generated_task_carries_the_indicators_standard_points_and_the_campaign_deadline(
    world: World, mapped, generated
) -> None:
    task = task_of(world, 17, mapped["market_supervision"])
    assert task.lead and not task.custom and task.criterion_id == ""
    assert task.points == 2.5  # item 17: 2.5 points
    assert task.deadline == DEADLINE == world.campaign.department_deadline
    assert task.status == Task.Status.NOT_STARTED
    assert task.title.startswith("县级法定计量检定机构的注册计量师")
    # four clauses 17.1–17.4, each on its own line with its id
    lines = task.standard.splitlines()
    assert [line.split(" ")[0] for line in lines] == ["17.1", "17.2", "17.3", "17.4"]
    assert "注册计量师数量不少于3人" in lines[0]
    # a preamble comes first (item 35: each of the five fields 0.8 points)
    assert task_of(world, 35, mapped["education"]).standard.startswith(
        "涉及养老、教育、医疗、公共文化、旅游等5个重点领域，每个领域0.8分。"
    )


def test_related_units_go_to_the_quality_office_department(world: World, mapped, generated) -> None:
    quality_office = mapped["quality_office"]
    assert mapped["related"] == quality_office
    task = Task.objects.get(application=world.application, indicator=43)
    assert (task.department, task.lead) == (quality_office, True)  # item 43: related only
    # 12 tasks: 1, 2, 6, 7, 8, 11, 13, 27 (quality_office) + 3, 4, 5, 43 (related)
    assert Task.objects.filter(department=quality_office).count() == 12


def test_market_supervision_leads_13_of_its_20_tasks(world: World, mapped, generated) -> None:
    tasks = Task.objects.filter(department=world.market_dept)
    # leads 9, 14–20, 22, 26, 29, 30, 41 = 1 + 7 + 5 = 13; assists 10, 21, 23, 24, 25, 27, 37 = 7
    assert sorted(tasks.filter(lead=True).values_list("indicator", flat=True)) == [
        9, 14, 15, 16, 17, 18, 19, 20, 22, 26, 29, 30, 41,
    ]  # fmt: skip
    assert sorted(tasks.filter(lead=False).values_list("indicator", flat=True)) == [
        10, 21, 23, 24, 25, 27, 37,
    ]  # fmt: skip


def test_a_department_answering_for_two_roles_of_an_indicator_gets_one_task(
    world: World, mapped
) -> None:
    # item 31 names finance then statistics; give 区统计局 finance too (and take it from 区财政局)
    UnitAssignment.objects.filter(county=world.wendeng, unit_id="finance").delete()
    UnitAssignment.objects.create(
        county=world.wendeng,
        framework_id=framework().id,
        unit_id="finance",
        department=world.statistics_dept,
    )
    actions.generate_tasks(world.application, world.office)
    tasks = Task.objects.filter(application=world.application, indicator=31)
    assert [(t.department, t.lead) for t in tasks] == [(world.statistics_dept, True)]
    # item 10 (finance, market_supervision) still has two departments; item 31 loses
    # 区财政局's task: 98 − 1 = 97
    assert Task.objects.filter(application=world.application).count() == TOTAL - 1
    assert Task.objects.filter(application=world.application, indicator=10).count() == 2


def test_generating_again_adds_nothing_and_keeps_the_offices_edits(
    world: World, mapped, generated
) -> None:
    task = task_of(world, 17, world.market_dept)
    actions.edit_task(
        task,
        world.office,
        deadline=dt.date(2023, 4, 15),
        department=world.statistics_dept,  # handed to another department
        status=Task.Status.IN_PROGRESS,
    )
    again = actions.generate_tasks(world.application, world.office)
    assert (again.created, again.kept) == (0, TOTAL)
    assert Task.objects.filter(application=world.application).count() == TOTAL
    task.refresh_from_db()
    assert (task.deadline, task.department, task.status) == (
        dt.date(2023, 4, 15),
        world.statistics_dept,
        Task.Status.IN_PROGRESS,
    )
    # and market supervision did not get item 17 back
    assert not Task.objects.filter(indicator=17, department=world.market_dept).exists()


def test_generating_after_a_new_assignment_adds_only_its_tasks(
    world: World, mapped, generated
) -> None:
    extra = Organisation.objects.create(
        kind=Organisation.Kind.DEPARTMENT, name="区大数据中心", parent=world.wendeng
    )
    UnitAssignment.objects.create(
        county=world.wendeng, framework_id=framework().id, unit_id="statistics", department=extra
    )
    result = actions.generate_tasks(world.application, world.office)
    # statistics answers for 23, 31, 36, 38, 40: five new tasks, none of them led (36, 38 and 40
    # name statistics first, but 区统计局 has the lower id and already leads them)
    assert (result.created, result.kept) == (5, TOTAL)
    assert sorted(Task.objects.filter(department=extra).values_list("indicator", flat=True)) == [
        23, 31, 36, 38, 40,
    ]  # fmt: skip
    assert {t.lead for t in Task.objects.filter(department=extra, indicator__in=[36, 38, 40])} == {
        True
    }


def test_indicators_without_a_department_are_reported_not_generated(
    world: World, office_client
) -> None:
    # the world maps only market_supervision and statistics
    response = office_client.post(
        reverse("tasks:generate", args=[world.application.pk]), follow=True
    )
    page = response.content.decode()
    # market supervision: 20 indicators; statistics: 23, 31, 36, 38, 40 (item 23 is shared by
    # both: a task each): 20 + 5 = 25 tasks
    assert Task.objects.filter(application=world.application).count() == 25
    assert "已生成 25 项任务" in page
    assert "以下指标的责任单位尚未指定部门" in page
    assert "1、2、3" in page  # item 1 (gov_office, quality_office) has no department


def test_the_board_shows_the_tasks_by_department(
    world: World, mapped, generated, office_client
) -> None:
    page = office_client.get(reverse("tasks:board", args=[world.application.pk])).content.decode()
    assert "区市场监管局" in page and "区住房和城乡建设局" in page
    assert "任务总数 <b>98</b>" in page


def test_the_database_refuses_a_second_generated_task_for_the_same_indicator_and_department(
    world: World, mapped, generated
) -> None:
    task = task_of(world, 17, world.market_dept)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(
            application=world.application,
            indicator=17,
            department=world.market_dept,
            generated_for=world.market_dept,
            title=task.title,
            deadline=task.deadline,
        )
    # the office's own tasks are not generated: any number of them
    for _ in range(2):
        Task.objects.create(
            application=world.application,
            department=world.market_dept,
            title="计量宣传",
            deadline=task.deadline,
            custom=True,
        )
