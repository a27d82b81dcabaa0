"""What the home page shows about tasks: a clerk's own tasks, the county office's links."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template
from django.db.models import Count
from django.utils import timezone

from qcounty.web.tasks import queries
from qcounty.web.tasks.models import Task

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
        total, overdue = len(shown), sum(1 for t in shown if t.late)  # type: ignore[attr-defined]
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
