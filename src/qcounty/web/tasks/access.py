"""Who may see and change tasks and the role mapping: one helper per question."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting import access
from qcounty.web.tasks.models import Task

Role = User.Role


def is_county_office(user: User, application: Application) -> bool:
    """Return whether the user is the county office of the application's county."""
    return (
        user.is_authenticated
        and user.role == Role.COUNTY_OFFICE
        and user.county is not None
        and user.county.pk == application.county_id
    )


def is_department_clerk(user: User, task: Task) -> bool:
    """Return whether the user is a clerk of the task's department, in the task's county."""
    return (
        user.is_authenticated
        and user.role == Role.CLERK
        and user.organisation_id == task.department_id
        and user.county is not None
        and user.county.pk == task.application.county_id
    )


def get_application_for_tasks(user: User, application_id: int) -> Application:
    """Return the application if the user may see its tasks (the county, or an admin); else 404.

    The province's evaluators and experts have no business with a county's work plan.
    """
    application = access.get_application_for_user(user, application_id)
    if user.role not in (Role.COUNTY_OFFICE, Role.CLERK, Role.ADMIN):
        raise Http404
    return application


def get_application_for_office(user: User, application_id: int) -> Application:
    """Return the application if the user is its county office or an admin (read only); else 404."""
    application = get_application_for_tasks(user, application_id)
    if user.role == Role.CLERK:
        raise Http404
    return application


def can_manage(user: User, application: Application) -> bool:
    """Return whether the user may generate, add, edit and delete tasks and edit the mapping."""
    return is_county_office(user, application)


def can_update(user: User, task: Task) -> bool:
    """Return whether the user may change the task's status, add notes and attachments."""
    return is_county_office(user, task.application) or is_department_clerk(user, task)


def can_see(user: User, task: Task) -> bool:
    if user.is_authenticated and user.role == Role.ADMIN:
        return True
    return can_update(user, task)


def get_task_for_user(user: User, task_id: int) -> Task:
    """Return the task if the user may see it; 404 otherwise (no hint it exists)."""
    task = get_object_or_404(
        Task.objects.select_related(
            "application__campaign", "application__county__parent", "department"
        ).defer("application__campaign__reference_cohort"),
        pk=task_id,
    )
    if not can_see(user, task):
        raise Http404
    return task
