"""The county's role mapping (责任单位分工): which department answers for each unit role.

Only the county office changes it; every change is logged (MappingChange, append-only). The
mapping decides what each department's clerk sees and fills in, which section an input belongs
to, and which tasks are generated.

The mapping is kept per county and framework. An application reads it until the county first
submits the application to the province, which freezes a copy onto the application
(`campaigns.assignments`): from then on its sections, tasks, assessment and documents follow its
copy, and no change here reaches it. An application not yet submitted (a draft, e.g. next year's)
reads the current mapping (`review.sections.department_units`, `reporting.access.editable_keys`),
so a change must not move data out of one of its sections that someone has submitted or accepted:
the office would then edit it without returning the section. The rule (`change_problem`): a unit
role changes hands only if, in every application of the county under this framework that reads
the current mapping and is with the county, every section it touches is open (draft or
returned): the sections of the departments that now own one of the role's inputs, and the section
of the department gaining or losing it. A submitted, resubmitted or accepted section has to be
returned or reopened first, which the workflow records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from qcounty.core.framework.model import Unit
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.assignments import is_frozen
from qcounty.web.campaigns.models import Application, FrozenAssignment
from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.review.models import Section
from qcounty.web.review.sections import owned_inputs
from qcounty.web.tasks import access
from qcounty.web.tasks.actions import NotAllowed, Refused
from qcounty.web.tasks.models import MappingChange
from qcounty.web.words import invalid_department, words_of

Kind = Organisation.Kind
NAME_MAX = 100
A = Application.Status
S = Section.Status
OPEN_APPLICATION = (A.DRAFT, A.RETURNED)
OPEN_SECTION = (S.DRAFT, S.RETURNED)


@dataclass
class RoleRow:
    """A unit role of the framework, the indicators that name it, and its departments."""

    unit: Unit
    indicators: list[int]
    gates: list[str]
    departments: list[Organisation] = field(default_factory=list)
    lead_of: list[int] = field(default_factory=list)  # indicators it leads (named first)
    locked_by: list[Section] = field(default_factory=list)  # closed sections it touches
    # the departments in the application's frozen copy (None: the application is not frozen)
    frozen: list[Organisation] | None = None


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
    frozen = _frozen(application)
    locked = locked_roles(application)
    out = []
    for unit in framework.units:
        out.append(
            RoleRow(
                unit,
                [i.number for i in framework.indicators() if unit.id in i.units],
                [g.name for g in framework.gates if unit.id in g.units],
                assigned.get(unit.id, []),
                [i.number for i in framework.indicators() if i.units[0] == unit.id],
                locked.get(unit.id, []),
                None if frozen is None else frozen.get(unit.id, []),
            )
        )
    return out


def _frozen(application: Application) -> dict[str, list[Organisation]] | None:
    """Return unit role → its departments in the application's frozen copy (None: not frozen)."""
    if not is_frozen(application):
        return None
    out: dict[str, list[Organisation]] = {}
    rows = (
        FrozenAssignment.objects.filter(application_id=application.pk)
        .select_related("department")
        .order_by("department_id")
    )
    for a in rows:
        out.setdefault(a.unit_id, []).append(a.department)
    return out


def _live(application: Application, lock: bool = False) -> list[Application]:
    """Return the county's applications under this framework that read the current mapping
    (never submitted, or from before mappings were frozen) and are still with the county.

    Locked for the change if asked: the review transitions, and the first submission that
    freezes an application's mapping, lock the application's row too, so a section cannot be
    submitted, nor the mapping frozen, between this check and the change.
    """
    rows = Application.objects.filter(
        county_id=application.county_id,
        campaign__framework_id=application.campaign.framework_id,
    )
    if lock:
        rows = rows.select_for_update(of=("self",))
    rows = rows.select_related("campaign").defer("campaign__reference_cohort").order_by("pk")
    # filtered after the lock: an application frozen while this waited drops out; one the
    # province has is locked whatever the mapping says (`editable_keys`)
    return [a for a in rows if not is_frozen(a) and a.status in OPEN_APPLICATION]


def _owners(application: Application, unit_id: str, by_department: dict[int, set[str]]) -> set[int]:
    """Return the departments that now own an input the unit role reports."""
    out: set[int] = set()
    for owned in owned_inputs(application.campaign.framework):
        if unit_id in owned.units:
            out |= {d for d, units in by_department.items() if units & owned.units}
    return out


def _closed_by_department(application: Application, lock: bool = False) -> dict[int, list[Section]]:
    """Return department → its submitted, resubmitted or accepted sections in the applications
    that read the current mapping."""
    live = [a.pk for a in _live(application, lock)]
    out: dict[int, list[Section]] = {}
    rows = (
        Section.objects.filter(application_id__in=live)
        .exclude(status__in=OPEN_SECTION)
        .select_related("department", "application__campaign")
        .defer("application__campaign__reference_cohort")
        .order_by("application__campaign__evaluation_year", "department_id")
    )
    for section in rows:
        out.setdefault(section.department_id, []).append(section)
    return out


def _touched(
    application: Application,
    unit_id: str,
    department_id: int | None,
    by_department: dict[int, set[str]],
    closed: dict[int, list[Section]],
) -> list[Section]:
    if not any(unit_id in o.units for o in owned_inputs(application.campaign.framework)):
        return []  # a role without inputs moves no data
    departments = _owners(application, unit_id, by_department)
    if department_id is not None:
        departments.add(department_id)
    return [s for d in sorted(departments) for s in closed.get(d, [])]


def closed_sections(
    application: Application, unit_id: str, department_id: int | None = None, lock: bool = False
) -> list[Section]:
    """Return the submitted, resubmitted or accepted sections a change of the role would touch.

    Only applications that read the current mapping (not yet submitted to the province) count;
    the department that would gain or lose the role counts as well as the current owners of the
    role's inputs. With `lock`, the applications are locked before the mapping is read.
    """
    closed = _closed_by_department(application, lock)
    return _touched(application, unit_id, department_id, _live_units(application), closed)


def _live_units(application: Application) -> dict[int, set[str]]:
    """Return department id → its unit roles in the county's current mapping."""
    out: dict[int, set[str]] = {}
    rows = UnitAssignment.objects.filter(
        county_id=application.county_id, framework_id=application.campaign.framework_id
    ).values_list("department_id", "unit_id")
    for department_id, unit_id in rows:
        out.setdefault(department_id, set()).add(unit_id)
    return out


def locked_roles(application: Application) -> dict[str, list[Section]]:
    """Return unit role → the closed sections that keep it from changing hands (for the page)."""
    by_department = _live_units(application)
    closed = _closed_by_department(application)
    out = {}
    for unit in application.campaign.framework.units:
        sections = _touched(application, unit.id, None, by_department, closed)
        if sections:
            out[unit.id] = sections
    return out


def change_problem(application: Application, unit: Unit, department: Organisation) -> str:
    """Return why the role may not change hands now (Chinese), or "" if it may."""
    closed = closed_sections(application, unit.id, department.pk, lock=True)
    if not closed:
        return ""
    sections = "、".join(
        _("{department}（{year}年申报，{status}）").format(
            department=s.department.name,
            year=s.application.campaign.evaluation_year,
            status=s.get_status_display(),
        )
        for s in closed
    )
    return _(
        "“{unit}”的填报项涉及已提交或已接收的部门填报：{sections}。"
        "请先退回或重新打开这些部门的填报，再调整分工"
    ).format(unit=unit.name, sections=sections)


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
    department = (
        Organisation.objects.filter(
            pk=department_id, kind=Kind.DEPARTMENT, parent_id=application.county_id
        ).first()
        if department_id is not None
        else None
    )
    if department is None:
        raise Refused(invalid_department(application))
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
        problem = change_problem(application, unit, department)
        if problem:
            raise Refused(problem)
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
        problem = change_problem(application, unit, department)
        if problem:
            raise Refused(problem)
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
    unit = words_of(application.campaign).unit
    if not name:
        raise Refused(_("请填写部门名称"))
    if len(name) > NAME_MAX:
        raise Refused(_("部门名称过长（最多 {n} 个字）").format(n=NAME_MAX))
    if Organisation.objects.filter(parent_id=application.county_id, name=name).exists():
        raise Refused(_("本{unit}已有名为“{name}”的部门").format(unit=unit, name=name))
    try:
        with transaction.atomic():
            department = Organisation.objects.create(
                kind=Kind.DEPARTMENT, name=name, parent_id=application.county_id
            )
            _log(application, user, MappingChange.Action.DEPARTMENT_CREATED, "", department)
    except IntegrityError:  # created by another request in between
        raise Refused(_("本{unit}已有名为“{name}”的部门").format(unit=unit, name=name)) from None
    return department
