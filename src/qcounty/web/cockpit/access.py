"""Who may use the cockpit's pages: one helper per question, one condition a line.

Which application a user may open at all is the reporting app's question
(`reporting.access.get_application_for_user`); this module answers what the cockpit adds.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting import access as reporting

Role = User.Role


def may_use_cockpit(user: User) -> bool:
    """Return whether the user's role has the cockpit: the county's office and the province."""
    return user.role in (Role.COUNTY_OFFICE, Role.EVALUATOR, Role.ADMIN)


def may_see_dashboard(user: User) -> bool:
    """Return whether the user's role has the dashboard (the county's own office, the admin)."""
    return user.role in (Role.COUNTY_OFFICE, Role.ADMIN)


def get_application_for_cockpit(user: User, application_id: int) -> Application:
    """Return the application if the user may use its cockpit pages: 404, or 403 for clerks."""
    application = reporting.get_application_for_user(user, application_id)
    if not may_use_cockpit(user):
        raise PermissionDenied
    return application


def get_application_for_dashboard(user: User, application_id: int) -> Application:
    """Return the application if the user may see its dashboard: 404, or 403."""
    application = reporting.get_application_for_user(user, application_id)
    if not may_see_dashboard(user):
        raise PermissionDenied
    return application


def require_county_history(user: User, county: Organisation) -> None:
    """404 for another county's office or clerk; 403 for a clerk and roles without the cockpit."""
    own = user.county is not None and user.county.pk == county.pk
    if user.role in (Role.COUNTY_OFFICE, Role.CLERK) and not own:
        raise Http404
    if not may_use_cockpit(user):
        raise PermissionDenied
