"""What the home page shows about tasks: a clerk's own tasks, the county office's links."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from qcounty.web.tasks import queries
from qcounty.web.tasks.models import Task
from qcounty.web.tasks.state import TaskState

register = template.Library()
SHOWN = 10  # a clerk's home page lists this many of their open tasks


@dataclass
class MyTasks:
    tasks: list[Task] = field(default_factory=list)  # a clerk's first open tasks, overdue first
    total: int = 0
    overdue: int = 0
    office: list[queries.OfficeLine] = field(default_factory=list)  # a county office's lines


@register.simple_tag
def my_tasks(user: Any) -> MyTasks:
    """Return what the home page shows this user about tasks (nothing for other roles)."""
    if not getattr(user, "is_authenticated", False):
        return MyTasks()
    today = timezone.localdate()
    open_tasks = queries.open_tasks_of_clerk(user, today)
    shown = list(open_tasks[:SHOWN])
    if len(shown) < SHOWN:  # all of them: counted here, not by the database
        total, overdue = len(shown), len([t for t in shown if getattr(t, "late", False)])
    else:
        found = open_tasks.order_by().aggregate(
            total=Count("pk"), overdue=Count("pk", filter=queries.overdue_q(today))
        )
        total, overdue = found["total"], found["overdue"]
    return MyTasks(
        tasks=queries.with_states(shown, today),
        total=total,
        overdue=overdue,
        office=queries.office_lines(user, today),
    )


@register.simple_tag
def task_status(task: Task, state: TaskState | None) -> SafeString:
    """Return a task's status badges: its status (done once its data is accepted), its data's
    state, overdue. A tag, not an included template: the board shows one per task, and an
    include per row cost a sixth of the board's time."""
    if state is not None and state.done and task.status != Task.Status.DONE:
        out = format_html('<span class="status status-done">{}</span>', _("已完成"))
    else:
        out = format_html(
            '<span class="status status-{}">{}</span>', task.status, task.get_status_display()
        )
    if state is not None and state.data:
        out += format_html(
            ' <span class="status data-state data-{}" title="{}">{}</span>',
            state.data,
            _("本部门对本指标的填报"),
            state.data_label,
        )
    if state is not None and state.overdue:
        out += format_html(' <span class="status status-overdue">{}</span>', _("已逾期"))
    return out
