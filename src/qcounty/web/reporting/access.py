"""Who may see and change what: one helper per question, one condition per line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from qcounty.core.framework.model import Framework, Indicator
from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.assignments import assignments
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from qcounty.web.words import words_of

if TYPE_CHECKING:
    from qcounty.web.review.sections import Owned

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
        return county_id_of(user) == application.county_id
    return False


def visible_applications(user: User) -> QuerySet[Application]:
    """Return the applications the user may see: `can_view` as one query (for lists)."""
    rows = applications()
    if not user.is_authenticated:
        return rows.none()
    if user.role == Role.ADMIN:
        return rows
    if user.role in (Role.EVALUATOR, Role.EXPERT):
        return rows.exclude(status=Application.Status.DRAFT)
    if user.role in (Role.COUNTY_OFFICE, Role.CLERK):
        return rows.filter(county_id=county_id_of(user))
    return rows.none()


def county_id_of(user: User) -> int | None:
    """Return the id of the user's county without loading the county (a request's check)."""
    organisation = user.organisation
    if organisation.kind == Organisation.Kind.COUNTY:
        return organisation.pk
    if organisation.kind == Organisation.Kind.DEPARTMENT:
        return organisation.parent_id
    return None


def visible_units(user: User, application: Application) -> set[str] | None:
    """Return the unit roles whose indicators the user sees; None means every indicator."""
    if user.role != Role.CLERK:
        return None
    # the application's own mapping: a past application shows what the department answered for
    rows = assignments(application).filter(department_id=user.organisation_id)
    return set(rows.values_list("unit_id", flat=True))


def indicator_visible(units: set[str] | None, indicator: Indicator) -> bool:
    return units is None or bool(units & set(indicator.units))


def editable_keys(user: User, application: Application) -> set[str]:
    """Return the input keys the user may change in this application now.

    Nothing once the campaign's final list is out (the campaign is frozen); nothing while the
    province has the application; nothing that belongs to an accepted section (until the office reopens it, top-down); a clerk only their department's inputs,
    and only while their own section is open (draft or returned). An input shared by several
    departments stays open to each whose section is open, as long as none has been accepted.
    """
    from qcounty.web.review.sections import owned_inputs

    if not _may_edit_at_all(user, application):
        return set()
    by_department, status = _departments(application)
    return {
        owned.spec.key
        for owned in owned_inputs(application.campaign.framework)
        if _editable(user, owned, by_department, status)
    }


def is_editable(user: User, application: Application, key: str) -> bool:
    """Return whether the user may change this one input now (`editable_keys`, for one key)."""
    from qcounty.web.review.sections import owner_of

    if not _may_edit_at_all(user, application):
        return False
    owned = owner_of(application.campaign.framework, key)
    if owned is None:
        return False
    by_department, status = _departments(application)
    return _editable(user, owned, by_department, status)


def _may_edit_at_all(user: User, application: Application) -> bool:
    if application.status not in (Application.Status.DRAFT, Application.Status.RETURNED):
        return False
    if user.role not in (Role.COUNTY_OFFICE, Role.CLERK):
        return False
    if not can_view(user, application):
        return False
    return not freeze.frozen_message_of(application)


def _departments(application: Application) -> tuple[dict[int, set[str]], dict[int, str]]:
    """Return department id → its unit roles, and → its section's status, in one query."""
    from qcounty.web.review.models import Section

    section = Section.objects.filter(
        application=application, department_id=OuterRef("department_id")
    )
    rows = assignments(application).values_list(
        "department_id", "unit_id", Subquery(section.values("status")[:1])
    )
    by_department: dict[int, set[str]] = {}
    status: dict[int, str] = {}
    for department_id, unit_id, section_status in rows:
        by_department.setdefault(department_id, set()).add(unit_id)
        if section_status is not None:
            status[department_id] = section_status
    return by_department, status


def _editable(
    user: User, owned: Owned, by_department: dict[int, set[str]], status: dict[int, str]
) -> bool:
    from qcounty.web.review.models import Section

    open_states = {Section.Status.DRAFT, Section.Status.RETURNED}
    departments = [d for d, units in by_department.items() if units & owned.units]
    states = {status.get(d, Section.Status.DRAFT) for d in departments}
    if Section.Status.ACCEPTED in states:
        return False  # accepted data is locked for everyone
    if user.role == Role.COUNTY_OFFICE and not states <= open_states:
        return False  # the office returns a submitted section rather than edit it
    if user.role == Role.CLERK:
        mine = status.get(user.organisation_id, Section.Status.DRAFT)
        return user.organisation_id in departments and mine in open_states
    return True


def require_editable(user: User, application: Application, key: str) -> None:
    """Refuse a change to an input the user may not edit (Frozen, saying why, after 认定)."""
    frozen = freeze.frozen_message_of(application)
    if frozen:
        raise freeze.Frozen(frozen)
    if not is_editable(user, application, key):
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


def may_explain(user: User, application: Application) -> bool:
    """Return whether the user may explain the application's flags (自查, before submission)."""
    if user.role not in (Role.COUNTY_OFFICE, Role.CLERK):
        return False
    if county_id_of(user) != application.county_id:
        return False
    if application.status not in (Application.Status.DRAFT, Application.Status.RETURNED):
        return False
    return not freeze.frozen_message_of(application)


def require_may_explain(user: User, application: Application) -> None:
    """Refuse an explanation of another county's flags, or once the application is submitted."""
    if county_id_of(user) != application.county_id or user.role not in (
        Role.COUNTY_OFFICE,
        Role.CLERK,
    ):
        raise PermissionDenied(
            _("只能对本{unit}申报的自查提示作出说明。").format(
                unit=words_of(application.campaign).short
            )
        )
    if not may_explain(user, application):
        raise PermissionDenied(_("申报已报省或已冻结，自查说明不能再修改。"))
