"""Tasks follow the data: a task shows its section's data state; accepted data makes it done.

The world's campaign has its department deadline on 2023-03-31: on TODAY every generated task is
past its deadline, so only its data decides whether it is overdue.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from qcounty.web.reporting.models import InputValue
from qcounty.web.review.actions import transition_section
from qcounty.web.review.models import Section
from qcounty.web.review.sections import ensure_sections
from qcounty.web.tasks import actions, queries
from qcounty.web.tasks.models import Task
from qcounty.web.tasks.state import DataState, state_of
from qcounty.web.tasks.templatetags.tasks import my_tasks
from tests.web.conftest import World
from tests.web.review.conftest import BEFORE_DEADLINE, complete
from tests.web.tasks.conftest import task_of

TODAY = dt.date(2023, 4, 10)  # ten days after the department deadline (2023-03-31)
D = DataState


def _market_section(world: World) -> Section:
    return next(s for s in ensure_sections(world.application) if s.department == world.market_dept)


def _accepted_market(world: World) -> Section:
    """区市场监管局's section filled in, submitted before the deadline and accepted."""
    section = _market_section(world)
    complete(section)
    transition_section(section, "submit_section", world.market_clerk, today=BEFORE_DEADLINE)
    return transition_section(section, "accept_section", world.office)


def test_a_tasks_data_state_follows_its_section(world: World, mapped, generated) -> None:
    task = task_of(world, 41, world.market_dept)  # 41: patents, the market supervision's
    assert state_of(task, TODAY).data == D.EMPTY
    section = _market_section(world)
    complete(section)
    assert state_of(task, TODAY).data == D.FILLED
    transition_section(section, "submit_section", world.market_clerk, today=BEFORE_DEADLINE)
    assert state_of(task, TODAY).data == D.SUBMITTED
    transition_section(section, "return_section", world.office, reason="请补充专利证明")
    assert state_of(task, TODAY).data == D.RETURNED
    transition_section(section, "resubmit_section", world.market_clerk)
    transition_section(section, "accept_section", world.office)
    assert state_of(task, TODAY).data == D.ACCEPTED


def test_a_return_about_another_field_leaves_the_task_filled(
    world: World, mapped, generated
) -> None:
    section = _market_section(world)
    complete(section)
    transition_section(section, "submit_section", world.market_clerk, today=BEFORE_DEADLINE)
    transition_section(
        section, "return_section", world.office, reason="口径不一致", key="i41.patents"
    )
    assert state_of(task_of(world, 41, world.market_dept), TODAY).data == D.RETURNED
    # indicator 17 (metrology) is the same section's, but the return names 41's field only
    assert state_of(task_of(world, 17, world.market_dept), TODAY).data == D.FILLED


def test_a_task_whose_data_is_accepted_is_done_and_never_overdue(
    world: World, mapped, generated
) -> None:
    task = task_of(world, 41, world.market_dept)
    assert task.status == Task.Status.NOT_STARTED and task.overdue_on(TODAY)
    section = _accepted_market(world)
    state = state_of(task, TODAY)
    assert (state.data, state.done, state.overdue) == (D.ACCEPTED, True, False)
    assert not task.overdue_on(TODAY)
    market = Task.objects.filter(application=world.application, department=world.market_dept)
    assert not queries.overdue(world.application, TODAY).filter(department=world.market_dept)
    assert queries.counts(world.application, TODAY).done == market.count()  # 20 tasks
    # reopened by the office: the data is out again, the task neither done nor on time
    transition_section(section, "reopen_section", world.office, reason="省级抽查发现问题")
    state = state_of(task, TODAY)
    assert (state.data, state.done, state.overdue) == (D.RETURNED, False, True)


def test_a_submitted_section_stops_its_tasks_being_overdue(world: World, mapped, generated) -> None:
    section = _market_section(world)
    complete(section)
    before = queries.counts(world.application, TODAY).overdue
    transition_section(section, "submit_section", world.market_clerk, today=BEFORE_DEADLINE)
    # the market supervision's 20 tasks leave the overdue count; nothing is done yet
    after = queries.counts(world.application, TODAY)
    assert (before - after.overdue, after.done) == (20, 0)


def test_the_clerk_with_an_accepted_section_sees_nothing_overdue(
    world: World, mapped, generated, login
) -> None:
    InputValue.objects.filter(application=world.application).delete()
    assert my_tasks(world.market_clerk).overdue == 20
    _accepted_market(world)
    mine = my_tasks(world.market_clerk)
    assert (mine.total, mine.overdue) == (0, 0)
    page = login(world.market_clerk).get(reverse("home")).content.decode()
    assert "逾期 " not in page


def test_the_board_shows_each_tasks_data_state(world: World, mapped, generated, login) -> None:
    _accepted_market(world)
    response = login(world.office).get(reverse("tasks:board", args=[world.application.pk]))
    page = response.content.decode()
    row = page[page.index(f'id="task-{task_of(world, 41, world.market_dept).pk}"') :]
    row = row[: row.index("</tr>")]
    assert "已接收" in row and "已完成" in row and "已逾期" not in row
    housing = task_of(world, 32, mapped["housing"])
    row = page[page.index(f'id="task-{housing.pk}"') :]
    assert "未填" in row[: row.index("</tr>")]


def test_the_office_still_marks_its_own_task_done_by_hand(world: World, mapped) -> None:
    task = actions.add_task(
        world.application,
        world.office,
        title="质量月宣传活动",
        department=world.market_dept,
        deadline=dt.date(2023, 3, 31),
    )
    state = state_of(task, TODAY)
    assert (state.data, state.done, state.overdue) == (None, False, True)
    actions.set_status(task, world.office, Task.Status.DONE)
    task.refresh_from_db()
    state = state_of(task, TODAY)
    assert (state.data, state.done, state.overdue) == (None, True, False)
