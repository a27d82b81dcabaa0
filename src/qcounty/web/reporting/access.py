"""Who may see and change what: one helper per question, one condition per line."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from qcounty.core.framework.model import Framework, Indicator
from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation, UnitAssignment

Role = User.Role


def applications() -> QuerySet[Application]:
    """Return applications with what pages need, without the campaign's reference cohort."""
    return Application.objects.select_related("campaign", "county__parent").defer(
        "campaign__reference_cohort"
    )


def get_application_for_user(user: User, application_id: int) -> Application:
    """Return the application if the user may see it; 404 otherwise (no hint it exists)."""
    try:
        application = applications().get(pk=application_id)
    except Application.DoesNotExist:
        raise Http404 from None
    if not can_view(user, application):
        raise Http404
    return application


def can_view(user: User, application: Application) -> bool:
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role in (Role.EVALUATOR, Role.EXPERT):
        # the province (its office and its experts) sees an application once the county has submitted it
        return application.status != Application.Status.DRAFT
    if user.role in (Role.COUNTY_OFFICE, Role.CLERK):
        return user.county is not None and user.county.pk == application.county_id
    return False


def visible_units(user: User, application: Application) -> set[str] | None:
    """Return the unit roles whose indicators the user sees; None means every indicator."""
    if user.role != Role.CLERK:
        return None
    return set(
        UnitAssignment.objects.filter(
            county_id=application.county_id,
            framework_id=application.campaign.framework_id,
            department_id=user.organisation_id,
        ).values_list("unit_id", flat=True)
    )


def indicator_visible(units: set[str] | None, indicator: Indicator) -> bool:
    return units is None or bool(units & set(indicator.units))


def editable_keys(user: User, application: Application) -> set[str]:
    """Return the input keys the user may change in this application now.

    Nothing once the campaign's final list is out (the campaign is frozen); nothing while the
    province has the application; nothing that belongs to an accepted section (until the office reopens it, top-down); a clerk only their department's inputs,
    and only while their own section is open (draft or returned). An input shared by several
    departments stays open to each whose section is open, as long as none has been accepted.
    """
    from qcounty.web.review.models import Section
    from qcounty.web.review.sections import department_units, owned_inputs

    if application.status not in (Application.Status.DRAFT, Application.Status.RETURNED):
        return set()
    if user.role not in (Role.COUNTY_OFFICE, Role.CLERK):
        return set()
    if not can_view(user, application):
        return set()
    if freeze.frozen_message_of(application):
        return set()
    open_states = {Section.Status.DRAFT, Section.Status.RETURNED}
    status = dict(
        Section.objects.filter(application=application).values_list("department_id", "status")
    )
    by_department = department_units(application)
    keys: set[str] = set()
    mine = status.get(user.organisation_id, Section.Status.DRAFT)
    for owned in owned_inputs(application.campaign.framework):
        departments = [d for d, units in by_department.items() if units & owned.units]
        states = {status.get(d, Section.Status.DRAFT) for d in departments}
        if Section.Status.ACCEPTED in states:
            continue  # accepted data is locked for everyone
        if user.role == Role.COUNTY_OFFICE and not states <= open_states:
            continue  # the office returns a submitted section rather than edit it
        if user.role == Role.CLERK and (
            user.organisation_id not in departments or mine not in open_states
        ):
            continue
        keys.add(owned.spec.key)
    return keys


def require_editable(user: User, application: Application, key: str) -> None:
    """Refuse a change to an input the user may not edit (Frozen, saying why, after 认定)."""
    frozen = freeze.frozen_message_of(application)
    if frozen:
        raise freeze.Frozen(frozen)
    if key not in editable_keys(user, application):
        raise PermissionDenied(
            _("这一项已不能由您修改：它可能已提交、已接收，或不属于您的填报范围。请刷新页面查看。")
        )


def indicator_of_key(framework: Framework, key: str) -> Indicator | None:
    for indicator in framework.indicators():
        if any(x.key == key for x in indicator.inputs):
            return indicator
    return None


def departments_of(application: Application, indicator: Indicator) -> list[Organisation]:
    """Return the county's departments that answer for an indicator."""
    return list(
        Organisation.objects.filter(
            assignments__county_id=application.county_id,
            assignments__framework_id=application.campaign.framework_id,
            assignments__unit_id__in=indicator.units,
        ).distinct()
    )
