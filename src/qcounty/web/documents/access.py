"""Who may download an application's documents and the jobs that build them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.documents.models import DocumentJob
from qcounty.web.reporting import access

Role = User.Role


def require_exports(user: User) -> None:
    """The office, the province and the administrator download the application's documents."""
    if user.role not in (Role.COUNTY_OFFICE, Role.EVALUATOR, Role.ADMIN):
        raise PermissionDenied


def get_exportable_application(user: User, application_id: int) -> Application:
    """Return the application if the user may download its documents (404 / 403 otherwise)."""
    application = access.get_application_for_user(user, application_id)
    require_exports(user)
    return application


def get_job_for_user(user: User, job_id: int) -> DocumentJob:
    """Return the user's own job if they may still download the application's documents."""
    job = get_object_or_404(DocumentJob, pk=job_id, requested_by=user)
    get_exportable_application(user, job.application_id)
    return job
