"""A task's state follows its indicator's data: 未填, 已填, 已提交, 已接收, 被退回.

A generated task (one with an indicator) is the work of reporting that indicator's inputs in the
department's section, so the section says where the task stands:

- the section accepted by the county office: the task is done (until the office reopens it);
- the section submitted (or resubmitted): the data is in, the task is never overdue;
- the section returned with a reason that concerns the task's inputs (or the whole section): 被退回;
- otherwise: 未填 while one of its scored inputs is not reported, else 已填.

A task without an indicator (the office's own, e.g. 质量月 publicity) has no data state: its
status is the one the office or the department sets by hand.

Use from other code (home pages, the dashboard):

    overdue_q(today)          → Q of the tasks past their deadline whose data is not in
    done_q()                  → Q of the tasks done (by hand, or their section accepted)
    states(tasks, today)      → {task id: TaskState} for a list of tasks, in a few queries
    state_of(task, today)     → TaskState of one task
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application
from qcounty.web.review.models import ReturnNote, Section
from qcounty.web.review.sections import department_units, missing_inputs, owned_inputs
from qcounty.web.tasks.models import Task

SS = Section.Status
DATA_IN = (SS.SUBMITTED, SS.RESUBMITTED, SS.ACCEPTED)


class DataState(models.TextChoices):
    EMPTY = "empty", _("未填")
    FILLED = "filled", _("已填")
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已接收")
    RETURNED = "returned", _("被退回")


def _section_in(statuses: Iterable[str]) -> Exists:
    return Exists(
        Section.objects.filter(
            application_id=OuterRef("application_id"),
            department_id=OuterRef("department_id"),
            status__in=list(statuses),
        )
    )


def data_in_q() -> Q:
    """Return the tasks whose department's section is submitted or accepted."""
    return Q(indicator__isnull=False) & Q(_section_in(DATA_IN))


def accepted_q() -> Q:
    """Return the tasks whose department's section the county office accepted."""
    return Q(indicator__isnull=False) & Q(_section_in([SS.ACCEPTED]))


def done_q() -> Q:
    """Return the tasks done: marked so by hand, or their data accepted."""
    return Q(status=Task.Status.DONE) | accepted_q()


def overdue_q(today: dt.date) -> Q:
    """Return the tasks past their deadline, not done and whose data is not in."""
    return Q(deadline__lt=today) & ~Q(status=Task.Status.DONE) & ~data_in_q()


@dataclass(frozen=True)
class TaskState:
    """Where a task stands: its data (None for a task without an indicator), done, overdue."""

    data: DataState | None
    done: bool
    overdue: bool

    @property
    def data_label(self) -> str:
        return str(self.data.label) if self.data else ""


def _returned_keys(sections: list[Section]) -> dict[int, set[str] | None]:
    """Return section id → the keys its open return notes name (None: the whole section)."""
    out: dict[int, set[str] | None] = {}
    notes = ReturnNote.objects.filter(section__in=sections, resolved=False).values_list(
        "section_id", "key"
    )
    for section_id, key in notes:
        keys = out.setdefault(section_id, set())
        if keys is None:
            continue
        if key:
            keys.add(key)
        else:
            out[section_id] = None
    return out


class _Application:
    """What the states of one application's tasks need, read once."""

    def __init__(self, application: Application) -> None:
        self.owned = owned_inputs(application.campaign.framework)
        self.units = department_units(application)
        self.missing = {m.key for m in missing_inputs(application, self.owned)}
        self.sections = {
            s.department_id: s for s in Section.objects.filter(application=application)
        }
        self.returned = _returned_keys(list(self.sections.values()))

    def keys(self, task: Task) -> list[str]:
        """Return the scored inputs of the task's indicator that its department answers for."""
        of_indicator = [o for o in self.owned if o.indicator == task.indicator]
        units = self.units.get(task.department_id, set())
        own = [o for o in of_indicator if o.units & units]
        return [o.spec.key for o in (own or of_indicator) if not o.spec.informational]

    def data(self, task: Task) -> DataState:
        keys = self.keys(task)
        section = self.sections.get(task.department_id)
        status = section.status if section else SS.DRAFT
        if status == SS.ACCEPTED:
            return DataState.ACCEPTED
        if status in (SS.SUBMITTED, SS.RESUBMITTED):
            return DataState.SUBMITTED
        if status == SS.RETURNED and section is not None:
            returned = self.returned.get(section.pk, None)
            if section.pk not in self.returned or returned is None or returned & set(keys):
                return DataState.RETURNED
        if any(k in self.missing for k in keys):
            return DataState.EMPTY
        return DataState.FILLED


def _state(task: Task, data: DataState | None, today: dt.date) -> TaskState:
    done = task.status == Task.Status.DONE or data == DataState.ACCEPTED
    data_in = data in (DataState.SUBMITTED, DataState.ACCEPTED)
    return TaskState(data, done, task.deadline < today and not done and not data_in)


def states(tasks: Iterable[Task], today: dt.date) -> dict[int, TaskState]:
    """Return task id → its state, reading each application's data once."""
    tasks = list(tasks)
    by_application: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        by_application[task.application_id].append(task)
    out: dict[int, TaskState] = {}
    for of_application in by_application.values():
        with_indicator = [t for t in of_application if t.indicator]
        data: _Application | None = None
        if with_indicator:
            data = _Application(_application_of(with_indicator[0]))
        for task in of_application:
            state = data.data(task) if data is not None and task.indicator else None
            out[task.pk] = _state(task, state, today)
    return out


def _application_of(task: Task) -> Application:
    """Return the task's application with its campaign: the one read with the task, if it was."""
    if Task.application.is_cached(task) and Application.campaign.is_cached(task.application):
        return task.application
    return (
        Application.objects.select_related("campaign")
        .defer("campaign__reference_cohort")
        .get(pk=task.application_id)
    )


def state_of(task: Task, today: dt.date) -> TaskState:
    """Return one task's state."""
    return states([task], today)[task.pk]
