"""Reading tasks: overdue ones, the board grouped by department, a clerk's own list.

Overdue: the deadline has passed, the task is not done and its data is not in (see
`tasks.state`: a task whose section is submitted or accepted is never overdue; a blocked task
can be).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting import access
from qcounty.web.review.sections import Missing, missing_inputs, owned_inputs
from qcounty.web.tasks.models import Task
from qcounty.web.tasks.state import done_q, overdue_q, states

S = Task.Status
STATUS_FILTERS = [*(value for value, _label in S.choices), "overdue"]
__all__ = ["done_q", "overdue_q"]


def overdue(application: Application, today: dt.date) -> QuerySet[Task]:
    """Return the application's tasks past their deadline, not done and their data not in."""
    return Task.objects.filter(application=application).filter(overdue_q(today))


def unfilled(task: Task) -> list[Missing]:
    """Return the scored inputs of the task's indicator not reported yet (none for own tasks).

    Reported as the review board counts it (`review.sections.missing_inputs`): a value stored,
    or a list of records answered (with records, or "none").
    """
    if not task.indicator:
        return []
    owned = owned_inputs(task.application.campaign.framework)
    return missing_inputs(task.application, [o for o in owned if o.indicator == task.indicator])


def overdue_first(tasks: QuerySet[Task], today: dt.date) -> QuerySet[Task]:
    """Order tasks: overdue first, then by deadline, indicator, the lead before the others."""
    return tasks.annotate(
        late=Case(
            When(overdue_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_done=Case(
            When(done_q(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).order_by("-late", "deadline", "indicator", "-lead", "id")


def filtered(tasks: QuerySet[Task], status: str, today: dt.date) -> QuerySet[Task]:
    """Keep the tasks in a status ("overdue" for the overdue ones; "" keeps all)."""
    if status == "overdue":
        return tasks.filter(overdue_q(today))
    if status == S.DONE:
        return tasks.filter(done_q())
    if status:
        return tasks.filter(status=status).exclude(done_q())
    return tasks


@dataclass
class Group:
    """A department's tasks on the board."""

    department: Organisation
    tasks: list[Task] = field(default_factory=list)
    today: dt.date | None = None

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.tasks if getattr(t, "late", False))

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if getattr(t, "is_done", t.status == S.DONE))

    @property
    def points(self) -> float:
        return sum(t.points for t in self.tasks if t.indicator)


def board(
    application: Application,
    today: dt.date,
    *,
    status: str = "",
    department_id: int | None = None,
) -> list[Group]:
    """Return the tasks grouped by department: departments with overdue tasks first."""
    tasks = Task.objects.filter(application=application).select_related("department")
    if department_id is not None:
        tasks = tasks.filter(department_id=department_id)
    tasks = overdue_first(filtered(tasks, status, today), today).annotate(
        note_count=Count("notes", filter=Q(notes__kind="note"), distinct=True),
        attachment_count=Count("attachments", distinct=True),
    )
    rows: list[Task] = list(tasks)
    with_states(rows, today)
    groups: dict[int, Group] = {}
    for task in rows:
        group = groups.setdefault(task.department_id, Group(task.department, today=today))
        group.tasks.append(task)
    return sorted(groups.values(), key=lambda g: (-g.overdue, g.department.pk))


def with_states(tasks: list[Task], today: dt.date) -> list[Task]:
    """Set each task's `state` (its data state, done, overdue) for the templates."""
    found = states(tasks, today)
    for task in tasks:
        task.state = found[task.pk]  # type: ignore[attr-defined]  # read by the templates only
    return tasks


@dataclass
class Counts:
    total: int
    done: int
    overdue: int
    blocked: int


def counts(application: Application, today: dt.date) -> Counts:
    row = Task.objects.filter(application=application).aggregate(
        total=Count("id"),
        done=Count("id", filter=done_q()),
        overdue=Count("id", filter=overdue_q(today)),
        blocked=Count("id", filter=Q(status=S.BLOCKED)),
    )
    return Counts(row["total"], row["done"], row["overdue"], row["blocked"])


def open_tasks_of_clerk(user: User, today: dt.date) -> QuerySet[Task]:
    """Return a clerk's department's unfinished tasks in their county: overdue first."""
    if user.role != User.Role.CLERK or user.county is None:
        return Task.objects.none()
    tasks = (
        Task.objects.filter(department_id=user.organisation_id, application__county=user.county)
        .exclude(done_q())
        .select_related("application__campaign", "application__county")
        .defer("application__campaign__reference_cohort")
    )
    return overdue_first(tasks, today)


@dataclass
class OfficeLine:
    application: Application
    counts: Counts


def office_lines(user: User, today: dt.date) -> list[OfficeLine]:
    """Return, for a county office, each of its county's applications with its task counts."""
    if user.role != User.Role.COUNTY_OFFICE or user.county is None:
        return []
    rows = access.applications().filter(county=user.county).order_by("-campaign__evaluation_year")
    return [OfficeLine(a, counts(a, today)) for a in rows]
