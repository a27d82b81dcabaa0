"""Who may see and do what with objections: one condition per line.

The province's evaluators see every objection and act on it; the administrator reads them. A
county office files objections and sees in full those it filed; of an objection to its own
county's claim it sees what is objected to, the state and the answer, never who objected nor
their files; of other counties' objections nothing but how many there are. Clerks and experts
get 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from qcounty.web.accounts.models import User
from qcounty.web.objections.models import Objection, ObjectionFile

Role = User.Role
OVERRIDE = "objections.override_final_list"


def can_view(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.EVALUATOR, Role.ADMIN, Role.COUNTY_OFFICE)


def is_province(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.EVALUATOR, Role.ADMIN)


def can_act(user: User) -> bool:
    """Return whether the user registers, checks, settles and answers objections."""
    return user.is_authenticated and user.role == Role.EVALUATOR


def can_file(user: User) -> bool:
    """Return whether the user files objections online (a county office, for its county)."""
    return user.is_authenticated and user.role == Role.COUNTY_OFFICE and user.county is not None


def can_edit_calendar(user: User) -> bool:
    return user.is_authenticated and user.role == Role.EVALUATOR


def can_override(user: User) -> bool:
    """Return whether the user may publish the final list before the 公示 is settled."""
    return can_act(user) and user.has_perm(OVERRIDE)


def filed_by_county_of(user: User, objection: Objection) -> bool:
    county = user.county
    return county is not None and objection.objector_organisation_id == county.pk


def concerns_county_of(user: User, objection: Objection) -> bool:
    county = user.county
    return county is not None and objection.application.county_id == county.pk


def sees_objector(user: User, objection: Objection) -> bool:
    """Return whether the user sees who objected, how to reach them and their files."""
    if is_province(user):
        return True
    return user.role == Role.COUNTY_OFFICE and filed_by_county_of(user, objection)


def viewer(user: User) -> User:
    if not can_view(user):
        raise Http404
    return user


def get_objection(user: User, objection_id: int) -> Objection:
    """Return an objection the user may open: the province any, a county office those it filed
    or those against its county's claims; 404 otherwise."""
    viewer(user)
    objection = get_object_or_404(
        Objection.objects.select_related(
            "campaign", "publication", "application__county__parent", "objector_organisation"
        ).defer("campaign__reference_cohort"),
        pk=objection_id,
    )
    if is_province(user):
        return objection
    if filed_by_county_of(user, objection) or concerns_county_of(user, objection):
        return objection
    raise Http404


def get_objection_for_province(user: User, objection_id: int) -> Objection:
    if not can_act(user):
        raise Http404
    return get_objection(user, objection_id)


def get_file(user: User, file_id: int) -> ObjectionFile:
    found = get_object_or_404(ObjectionFile.objects.select_related("objection"), pk=file_id)
    objection = get_objection(user, found.objection_id)
    if not sees_objector(user, objection):
        raise Http404
    return found
