"""Who may see and decide what in the province's workspace: one condition per line."""

from __future__ import annotations

from django.http import Http404

from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting import access

Role = User.Role
PROVINCE_ROLES = (Role.ADMIN, Role.EVALUATOR, Role.EXPERT)
OPEN = (Application.Status.SUBMITTED, Application.Status.ACCEPTED)


def is_province(user: User) -> bool:
    """Return whether the user works in the province's workspace (read-only for the admin)."""
    return user.is_authenticated and user.role in PROVINCE_ROLES


def get_application_for_province(user: User, application_id: int) -> Application:
    """Return an application submitted to the province; 404 for everyone else."""
    if not is_province(user):
        raise Http404
    return access.get_application_for_user(user, application_id)


def get_application_for_county(user: User, application_id: int) -> Application:
    """Return an application whose decisions the user may read: its county office, the province."""
    application = access.get_application_for_user(user, application_id)
    if user.role in (Role.COUNTY_OFFICE, Role.ADMIN, Role.EVALUATOR, Role.EXPERT):
        return application
    raise Http404


def can_decide(user: User) -> bool:
    """Return whether the user checks, corrects and reconciles values (the province's office)."""
    return user.is_authenticated and user.role == Role.EVALUATOR


def can_score(user: User) -> bool:
    """Return whether the user scores judged items (an expert, and only an expert)."""
    return user.is_authenticated and user.role == Role.EXPERT


def open_for_decisions(application: Application) -> bool:
    """Return whether the province may still decide on the application's values.

    Submitted or accepted, until the campaign's final list (认定名单) is published: after
    that the published figures are the record, and a change would need a new campaign round.
    """
    return application.status in OPEN and not freeze.is_final(application.campaign)
