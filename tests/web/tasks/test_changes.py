"""Changing tasks: a clerk's status and notes, the office's edits, its own tasks, what is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qcounty.web.organisations.models import UnitAssignment
from qcounty.web.reporting import actions as reporting
from qcounty.web.tasks import actions
from qcounty.web.tasks.models import Task, TaskNote
from tests.web.conftest import World
from tests.web.tasks.conftest import task_of

S = Task.Status


def test_a_clerk_moves_their_task_on_with_a_note(world: World, generated, login) -> None:
    task = task_of(world, 17, world.market_dept)
    clerk = login(world.market_clerk)
    response = clerk.post(
        reverse("tasks:status", args=[task.pk]),
        {"status": "in_progress", "note": "正在核对注册计量师名单"},
        follow=True,
    )
    assert "已更新任务状态" in response.content.decode()
    task.refresh_from_db()
    assert task.status == S.IN_PROGRESS
    notes = list(task.notes.values_list("kind", "text", "author"))
    assert notes == [
        ("change", "状态：未开始 → 进行中", world.market_clerk.pk),
        ("note", "正在核对注册计量师名单", world.market_clerk.pk),
    ]
    clerk.post(reverse("tasks:note", args=[task.pk]), {"text": "名单已核对，共 5 人"})
    page = clerk.get(reverse("tasks:task", args=[task.pk])).content.decode()
    assert "名单已核对，共 5 人" in page and "状态：未开始 → 进行中" in page


def test_blocked_needs_a_reason(world: World, generated, login) -> None:
    task = task_of(world, 17, world.market_dept)
    clerk = login(world.market_clerk)
    response = clerk.post(
        reverse("tasks:status", args=[task.pk]), {"status": "blocked"}, follow=True
    )
    assert "标记为“受阻”时请说明原因" in response.content.decode()
    task.refresh_from_db()
    assert task.status == S.NOT_STARTED and not task.notes.exists()
    clerk.post(
        reverse("tasks:status", args=[task.pk]), {"status": "blocked", "note": "缺少检定设备"}
    )
    task.refresh_from_db()
    assert task.status == S.BLOCKED
    assert task.notes.filter(kind="note").get().text == "缺少检定设备"


def test_an_empty_note_is_refused(world: World, generated, login) -> None:
    task = task_of(world, 17, world.market_dept)
    response = login(world.market_clerk).post(
        reverse("tasks:note", args=[task.pk]), {"text": "   "}, follow=True
    )
    assert "请填写进展说明" in response.content.decode()
    assert not task.notes.exists()


def test_the_office_adjusts_deadline_department_and_status_and_each_change_is_noted(
    world: World, generated, login
) -> None:
    task = task_of(world, 17, world.market_dept)
    response = login(world.office).post(
        reverse("tasks:edit", args=[task.pk]),
        {
            "deadline": "2023-04-15",
            "department": world.statistics_dept.pk,
            "status": "in_progress",
            "note": "计量工作转统计局牵头汇总",
        },
        follow=True,
    )
    assert "已保存任务" in response.content.decode()
    task.refresh_from_db()
    assert (task.deadline, task.department, task.status) == (
        dt.date(2023, 4, 15),
        world.statistics_dept,
        S.IN_PROGRESS,
    )
    change, note = task.notes.all()
    assert change.text == (
        "完成时限：2023-03-31 → 2023-04-15；责任部门：区市场监管局 → 区统计局；状态：未开始 → 进行中"
    )
    assert note.text == "计量工作转统计局牵头汇总"
    # the task now belongs to 区统计局: its clerk may update it, market supervision's may not
    assert (
        login(world.statistics_clerk).get(reverse("tasks:task", args=[task.pk])).status_code == 200
    )
    assert login(world.market_clerk).get(reverse("tasks:task", args=[task.pk])).status_code == 404


def test_a_department_cannot_get_a_second_task_for_the_same_indicator(
    world: World, mapped, generated
) -> None:
    task = task_of(world, 23, world.market_dept)  # 23 has a task for 区统计局 too
    with pytest.raises(actions.Refused, match="区统计局在指标 23 已有任务"):
        actions.edit_task(
            task,
            world.office,
            deadline=task.deadline,
            department=world.statistics_dept,
            status=S.DONE,
        )
    task.refresh_from_db()
    assert (task.department, task.status) == (world.market_dept, S.NOT_STARTED)


def test_the_office_adds_and_deletes_its_own_task(world: World, mapped, generated, login) -> None:
    office = login(world.office)
    response = office.post(
        reverse("tasks:add", args=[world.application.pk]),
        {
            "title": "开展“质量月”群众性质量文化活动",
            "department": mapped["publicity"].pk,
            "lead": "on",
            "starts_on": "2023-03-01",
            "deadline": "2023-05-31",
            "standard": "展板、横幅、电视、网络宣传",
        },
        follow=True,
    )
    assert "已添加任务“开展“质量月”群众性质量文化活动”" in response.content.decode()
    task = Task.objects.get(application=world.application, custom=True)
    assert (task.indicator, task.department, task.lead, task.starts_on, task.deadline) == (
        None,
        mapped["publicity"],
        True,
        dt.date(2023, 3, 1),
        dt.date(2023, 5, 31),
    )
    assert task.created_by == world.office
    # 98 generated + 1 of the office's own
    assert Task.objects.filter(application=world.application).count() == 99
    actions.add_note(task, world.office, "活动方案已印发")  # its notes go with it
    office.post(reverse("tasks:delete", args=[task.pk]))
    assert not Task.objects.filter(pk=task.pk).exists()
    assert not TaskNote.objects.filter(task_id=task.pk).exists()


def test_a_start_after_the_deadline_is_refused(world: World, mapped, login) -> None:
    response = login(world.office).post(
        reverse("tasks:add", args=[world.application.pk]),
        {
            "title": "质量月",
            "department": mapped["publicity"].pk,
            "starts_on": "2023-06-01",
            "deadline": "2023-05-31",
        },
        follow=True,
    )
    assert "开始日期不能晚于完成时限" in response.content.decode()
    assert not Task.objects.filter(application=world.application).exists()


def test_a_generated_task_cannot_be_deleted_unless_the_mapping_dropped_it(
    world: World, mapped, generated, login
) -> None:
    task = task_of(world, 32, mapped["housing"])
    office = login(world.office)
    response = office.post(reverse("tasks:delete", args=[task.pk]), follow=True)
    assert "由评价体系生成的任务不能删除" in response.content.decode()
    assert Task.objects.filter(pk=task.pk).exists()
    UnitAssignment.objects.filter(county=world.wendeng, unit_id="housing").delete()
    page = office.get(reverse("tasks:task", args=[task.pk])).content.decode()
    assert "该部门已不再负责此指标" in page
    office.post(reverse("tasks:delete", args=[task.pk]))
    assert not Task.objects.filter(pk=task.pk).exists()


def test_notes_are_append_only(world: World, generated) -> None:
    task = task_of(world, 17, world.market_dept)
    note = actions.add_note(task, world.market_clerk, "第一次说明")
    note.text = "改写"
    with pytest.raises(PermissionError):
        note.save()
    with pytest.raises(PermissionError):
        note.delete()
    with pytest.raises(PermissionError):
        TaskNote.objects.filter(task=task).update(text="改写")
    with pytest.raises(PermissionError):
        TaskNote.objects.filter(task=task).delete()
    assert TaskNote.objects.get(pk=note.pk).text == "第一次说明"


def test_marking_a_task_done_while_its_indicator_is_unfilled_warns_but_is_done(
    world: World, generated, login
) -> None:
    task = task_of(world, 17, world.market_dept)
    clerk = login(world.market_clerk)
    # item 17 has 4 scored inputs, none reported yet
    page = clerk.get(reverse("tasks:task", args=[task.pk])).content.decode()
    assert "本指标仍有 4 项未填报：注册计量师数量、社会公用计量标准数量" in page
    response = clerk.post(reverse("tasks:status", args=[task.pk]), {"status": "done"}, follow=True)
    page = response.content.decode()
    task.refresh_from_db()
    assert task.status == S.DONE  # a warning, not a refusal
    assert "已更新任务状态" in page
    assert (
        "本指标仍有 4 项未填报（注册计量师数量、社会公用计量标准数量、"
        "A类强制检定社会公用计量标准覆盖率、申请强制检定的工作计量器具检定率达到100%），"
        "请确认任务确已完成。"
    ) in page
    assert "本任务已标记为“已完成”，但本指标仍有 4 项未填报" in page
    # three filled: 4 − 3 = 1 left; all four: no warning at all
    for key, value in (
        ("i17.metrologists", 5),
        ("i17.public_standards", 20),
        ("i17.a_class_coverage", 95),
    ):
        reporting.save_value(world.application, key, value, world.market_clerk)
    page = clerk.get(reverse("tasks:task", args=[task.pk])).content.decode()
    assert "本指标仍有 1 项未填报：申请强制检定的工作计量器具检定率达到100%" in page
    reporting.save_value(world.application, "i17.verification_full", True, world.market_clerk)
    clerk.post(reverse("tasks:status", args=[task.pk]), {"status": "in_progress"})
    response = clerk.post(reverse("tasks:status", args=[task.pk]), {"status": "done"}, follow=True)
    assert "未填报" not in response.content.decode()


def test_the_office_setting_done_is_warned_too(world: World, generated, login) -> None:
    task = task_of(world, 17, world.market_dept)
    response = login(world.office).post(
        reverse("tasks:edit", args=[task.pk]),
        {"deadline": "2023-03-31", "department": world.market_dept.pk, "status": "done"},
        follow=True,
    )
    task.refresh_from_db()
    assert task.status == S.DONE
    assert "本指标仍有 4 项未填报（" in response.content.decode()
