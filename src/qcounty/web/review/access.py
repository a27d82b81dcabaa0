"""Who may see a department's section on its own page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from qcounty.web.accounts.models import User
from qcounty.web.reporting import access
from qcounty.web.review.models import Section

Role = User.Role


def get_section_for_review(user: User, section_id: int) -> Section:
    """Return the section if the user is its county's office, its department's clerk or an
    admin; 404 otherwise (the province reviews the application, not a department's part)."""
    section = get_object_or_404(Section.objects.select_related("department"), pk=section_id)
    application = access.get_application_for_user(user, section.application_id)
    if user.role == Role.CLERK and section.department_id != user.organisation_id:
        raise Http404
    if user.role not in (Role.COUNTY_OFFICE, Role.CLERK, Role.ADMIN):
        raise Http404
    section.application = application
    return section


def can_review(user: User, section: Section) -> bool:
    """Return whether the user accepts and returns the section (its county's office)."""
    return (
        user.role == Role.COUNTY_OFFICE
        and user.county is not None
        and user.county.pk == section.application.county_id
    )
