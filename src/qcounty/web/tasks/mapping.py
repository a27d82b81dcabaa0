"""The county's role mapping (责任单位分工): which department answers for each unit role.

Only the county office changes it; every change is logged (MappingChange, append-only). The
mapping decides what each department's clerk sees and fills in, which section an input belongs
to, and which tasks are generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from qcounty.core.framework.model import Unit
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.tasks import access
from qcounty.web.tasks.actions import NotAllowed, Refused
from qcounty.web.tasks.models import MappingChange

Kind = Organisation.Kind
NAME_MAX = 100


@dataclass
class RoleRow:
    """A unit role of the framework, the indicators that name it, and its departments."""

    unit: Unit
    indicators: list[int]
    gates: list[str]
    departments: list[Organisation] = field(default_factory=list)
    lead_of: list[int] = field(default_factory=list)  # indicators it leads (named first)


def departments_of_county(application: Application) -> list[Organisation]:
    return list(
        Organisation.objects.filter(kind=Kind.DEPARTMENT, parent_id=application.county_id).order_by(
            "id"
        )
    )


def roles(application: Application) -> list[RoleRow]:
    """Return every unit role of the application's framework with its county departments."""
    framework = application.campaign.framework
    assigned: dict[str, list[Organisation]] = {}
    rows = (
        UnitAssignment.objects.filter(county_id=application.county_id, framework_id=framework.id)
        .select_related("department")
        .order_by("department_id")
    )
    for a in rows:
        assigned.setdefault(a.unit_id, []).append(a.department)
    out = []
    for unit in framework.units:
        out.append(
            RoleRow(
                unit,
                [i.number for i in framework.indicators() if unit.id in i.units],
                [g.name for g in framework.gates if unit.id in g.units],
                assigned.get(unit.id, []),
                [i.number for i in framework.indicators() if i.units[0] == unit.id],
            )
        )
    return out


def history(application: Application) -> list[MappingChange]:
    return list(
        MappingChange.objects.filter(
            county_id=application.county_id, framework_id=application.campaign.framework_id
        )
        .select_related("department", "user")
        .order_by("-at", "-id")
    )


def _unit(application: Application, unit_id: str) -> Unit:
    unit = next((u for u in application.campaign.framework.units if u.id == unit_id), None)
    if unit is None:
        raise Refused(_("评价体系中没有这个责任单位角色"))
    return unit


def _department(application: Application, department_id: int | None) -> Organisation:
    department = Organisation.objects.filter(
        pk=department_id, kind=Kind.DEPARTMENT, parent_id=application.county_id
    ).first()
    if department is None:
        raise Refused(_("请选择本县（市、区）的一个部门"))
    return department


def _log(
    application: Application, user: User, action: str, unit_id: str, department: Organisation
) -> None:
    MappingChange.objects.create(
        county_id=application.county_id,
        framework_id=application.campaign.framework_id,
        unit_id=unit_id,
        department=department,
        action=action,
        user=user,
    )


def assign(
    application: Application, user: User, unit_id: str, department_id: int | None
) -> Organisation:
    """Make a county department answer for a unit role (in addition to any already assigned)."""
    if not access.can_manage(user, application):
        raise NotAllowed
    unit = _unit(application, unit_id)
    department = _department(application, department_id)
    with transaction.atomic():
        _assignment, created = UnitAssignment.objects.get_or_create(
            county_id=application.county_id,
            framework_id=application.campaign.framework_id,
            unit_id=unit.id,
            department=department,
        )
        if not created:
            raise Refused(
                _("{department}已经负责“{unit}”").format(department=department.name, unit=unit.name)
            )
        _log(application, user, MappingChange.Action.ASSIGNED, unit.id, department)
    return department


def unassign(
    application: Application, user: User, unit_id: str, department_id: int | None
) -> Organisation:
    """Take a unit role away from a county department."""
    if not access.can_manage(user, application):
        raise NotAllowed
    unit = _unit(application, unit_id)
    department = _department(application, department_id)
    with transaction.atomic():
        deleted, _counts = UnitAssignment.objects.filter(
            county_id=application.county_id,
            framework_id=application.campaign.framework_id,
            unit_id=unit.id,
            department=department,
        ).delete()
        if not deleted:
            raise Refused(
                _("{department}并不负责“{unit}”").format(department=department.name, unit=unit.name)
            )
        _log(application, user, MappingChange.Action.UNASSIGNED, unit.id, department)
    return department


def create_department(application: Application, user: User, name: str) -> Organisation:
    """Create a department under the application's county (it answers for nothing yet)."""
    if not access.can_manage(user, application):
        raise NotAllowed
    name = " ".join((name or "").split())
    if not name:
        raise Refused(_("请填写部门名称"))
    if len(name) > NAME_MAX:
        raise Refused(_("部门名称过长（最多 {n} 个字）").format(n=NAME_MAX))
    if Organisation.objects.filter(parent_id=application.county_id, name=name).exists():
        raise Refused(_("本县（市、区）已有名为“{name}”的部门").format(name=name))
    try:
        with transaction.atomic():
            department = Organisation.objects.create(
                kind=Kind.DEPARTMENT, name=name, parent_id=application.county_id
            )
            _log(application, user, MappingChange.Action.DEPARTMENT_CREATED, "", department)
    except IntegrityError:  # created by another request in between
        raise Refused(_("本县（市、区）已有名为“{name}”的部门").format(name=name)) from None
    return department
