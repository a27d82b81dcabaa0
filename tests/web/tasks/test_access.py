"""Who may see and change tasks: the county office manages, a clerk updates their own department's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import UnitAssignment
from qcounty.web.tasks.models import MappingChange, Task, TaskNote
from tests.web.conftest import World
from tests.web.tasks.conftest import DEADLINE, task_of

S = Task.Status


@pytest.fixture
def market_task(world: World, mapped, generated) -> Task:
    return task_of(world, 17, world.market_dept)


@pytest.fixture
def housing_task(world: World, mapped, generated) -> Task:
    return task_of(world, 32, mapped["housing"])


def snapshot(application: Application) -> list[tuple]:
    """Return every task's editable state and the number of notes: what a refusal must not change."""
    rows = Task.objects.filter(application=application).order_by("id")
    return [
        *rows.values_list("id", "department_id", "deadline", "status", "title"),
        ("notes", TaskNote.objects.count()),
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office", 200),
        ("admin", 200),
        ("market_clerk", 200),  # their own department's tasks only
        ("rongcheng_office", 404),  # another county
        ("rongcheng_clerk", 404),
        ("evaluator", 404),  # the province has no business with a county's work plan
    ],
)
def test_who_sees_the_board(world: World, generated, login, who: str, status: int) -> None:
    response = login(getattr(world, who)).get(reverse("tasks:board", args=[world.application.pk]))
    assert response.status_code == status


def test_the_province_does_not_see_the_board_even_after_submission(
    world: World, generated, login
) -> None:
    Application.objects.filter(pk=world.application.pk).update(status=Application.Status.SUBMITTED)
    url = reverse("tasks:board", args=[world.application.pk])
    assert login(world.evaluator).get(url).status_code == 404


def test_anonymous_users_are_sent_to_log_in(world: World, client, generated) -> None:
    response = client.get(reverse("tasks:board", args=[world.application.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_clerk_sees_only_their_departments_tasks_on_the_board(
    world: World, generated, login
) -> None:
    response = login(world.market_clerk).get(
        reverse("tasks:board", args=[world.application.pk]),
        {"department": world.statistics_dept.pk},  # asking for another department changes nothing
    )
    groups = response.context["groups"]
    assert [g.department for g in groups] == [world.market_dept]
    assert len(groups[0].tasks) == 20
    page = response.content.decode()
    assert "区统计局" not in page
    assert "生成/补充任务" not in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office", 200),
        ("admin", 200),
        ("market_clerk", 200),
        ("statistics_clerk", 404),  # another department of the same county
        ("rongcheng_office", 404),
        ("rongcheng_clerk", 404),
        ("evaluator", 404),
    ],
)
def test_who_sees_a_task(world: World, market_task: Task, login, who: str, status: int) -> None:
    response = login(getattr(world, who)).get(reverse("tasks:task", args=[market_task.pk]))
    assert response.status_code == status


def test_a_clerk_cannot_touch_another_departments_task(
    world: World, housing_task: Task, login
) -> None:
    before = snapshot(world.application)
    clerk = login(world.market_clerk)
    for name, data in [
        ("tasks:status", {"status": "done"}),
        ("tasks:note", {"text": "完成"}),
        ("tasks:edit", {"status": "done", "deadline": "2023-05-01", "department": "1"}),
        ("tasks:delete", {}),
    ]:
        assert clerk.post(reverse(name, args=[housing_task.pk]), data).status_code == 404
    assert snapshot(world.application) == before


def test_a_clerk_cannot_change_the_deadline_of_their_own_task(
    world: World, market_task: Task, login
) -> None:
    before = snapshot(world.application)
    response = login(world.market_clerk).post(
        reverse("tasks:edit", args=[market_task.pk]),
        {
            "deadline": "2023-06-30",
            "department": world.market_dept.pk,
            "status": market_task.status,
        },
    )
    assert response.status_code == 403
    assert snapshot(world.application) == before
    market_task.refresh_from_db()
    assert market_task.deadline == DEADLINE


def test_only_the_office_generates_adds_and_deletes(world: World, market_task: Task, login) -> None:
    before = snapshot(world.application)
    add = {"title": "宣传", "department": world.market_dept.pk, "deadline": "2023-05-31"}
    for user in (world.market_clerk, world.admin):
        client = login(user)
        pk = world.application.pk
        assert client.post(reverse("tasks:generate", args=[pk])).status_code == 403
        assert client.post(reverse("tasks:add", args=[pk]), add).status_code == 403
    assert snapshot(world.application) == before
    # the office of another county does not even learn the application exists
    other = login(world.rongcheng_office)
    assert other.post(reverse("tasks:generate", args=[world.application.pk])).status_code == 404
    assert other.post(reverse("tasks:add", args=[world.application.pk]), add).status_code == 404
    assert other.post(reverse("tasks:delete", args=[market_task.pk])).status_code == 404
    assert snapshot(world.application) == before


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office", 200),
        ("admin", 200),
        ("market_clerk", 404),
        ("rongcheng_office", 404),
        ("evaluator", 404),
    ],
)
@pytest.mark.parametrize("page", ["tasks:mapping", "tasks:assessment", "tasks:print"])
def test_who_sees_the_offices_pages(
    world: World, generated, login, page: str, who: str, status: int
) -> None:
    response = login(getattr(world, who)).get(reverse(page, args=[world.application.pk]))
    assert response.status_code == status


def test_only_the_office_edits_the_mapping(world: World, login) -> None:
    assignments = set(UnitAssignment.objects.values_list("unit_id", "department_id"))
    data = {"unit": "housing", "department": world.statistics_dept.pk}
    pk = world.application.pk
    for user, status in [
        (world.market_clerk, 403),
        (world.admin, 403),
        (world.rongcheng_office, 404),
        (world.evaluator, 404),
    ]:
        client = login(user)
        assert client.post(reverse("tasks:mapping_assign", args=[pk]), data).status_code == status
        unassign = {"unit": "market_supervision", "department": world.market_dept.pk}
        response = client.post(reverse("tasks:mapping_unassign", args=[pk]), unassign)
        assert response.status_code == status
        response = client.post(reverse("tasks:mapping_department", args=[pk]), {"name": "区新局"})
        assert response.status_code == status
    assert set(UnitAssignment.objects.values_list("unit_id", "department_id")) == assignments
    assert not MappingChange.objects.exists()
    assert not world.wendeng.children.filter(name="区新局").exists()
    response = login(world.office).post(reverse("tasks:mapping_assign", args=[pk]), data)
    assert response.status_code == 302
    assert ("housing", world.statistics_dept.pk) in set(
        UnitAssignment.objects.values_list("unit_id", "department_id")
    )


def test_a_forged_status_is_refused_in_chinese_and_changes_nothing(
    world: World, market_task: Task, login
) -> None:
    before = snapshot(world.application)
    for user in (world.market_clerk, world.office):
        response = login(user).post(
            reverse("tasks:status", args=[market_task.pk]),
            {"status": "finished", "note": "伪造的状态"},
            follow=True,
        )
        assert response.status_code == 200
        assert "状态未修改：无效的状态，请从列表中选择" in response.content.decode()
    response = login(world.office).post(
        reverse("tasks:edit", args=[market_task.pk]),
        {"status": "archived", "deadline": "2023-04-30", "department": world.market_dept.pk},
        follow=True,
    )
    assert "任务未修改：无效的状态，请从列表中选择" in response.content.decode()
    assert snapshot(world.application) == before


def test_the_office_cannot_give_a_task_to_another_countys_department(
    world: World, market_task: Task, login
) -> None:
    before = snapshot(world.application)
    response = login(world.office).post(
        reverse("tasks:edit", args=[market_task.pk]),
        {
            "status": "in_progress",
            "deadline": "2023-04-30",
            "department": world.rongcheng_dept.pk,
        },
        follow=True,
    )
    assert "请选择本县（市、区）的一个部门" in response.content.decode()
    assert snapshot(world.application) == before


def test_an_unparseable_deadline_is_refused_in_chinese(
    world: World, market_task: Task, login
) -> None:
    before = snapshot(world.application)
    response = login(world.office).post(
        reverse("tasks:edit", args=[market_task.pk]),
        {"status": "not_started", "deadline": "2023-02-30", "department": world.market_dept.pk},
        follow=True,
    )
    assert "请输入有效的日期" in response.content.decode()
    assert snapshot(world.application) == before
    assert market_task.deadline == dt.date(2023, 3, 31)
