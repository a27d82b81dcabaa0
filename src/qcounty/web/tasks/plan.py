"""Which tasks the framework and a county's role mapping call for: plain data, no writes.

One task per scored indicator per responsible department. An indicator names its responsible
unit roles (数据来源) in order, the first being the lead; the county maps each role to one or
more of its departments (organisations.UnitAssignment). A department answering for several
roles of one indicator gets one task; the departments of the first mapped role lead.
"""

from __future__ import annotations

from dataclasses import dataclass

from qcounty.core.framework.model import Framework, Indicator
from qcounty.web.campaigns.assignments import assignments
from qcounty.web.campaigns.models import Application


@dataclass(frozen=True)
class Planned:
    indicator: int
    department_id: int
    lead: bool
    title: str
    standard: str
    points: float


@dataclass(frozen=True)
class Unmapped:
    """An indicator none of whose roles has a department: no task can be generated for it."""

    indicator: int
    units: tuple[str, ...]


def role_mapping(application: Application) -> dict[str, list[int]]:
    """Return unit role → the ids of the county's departments answering for it, in id order.

    The application's frozen mapping once it was first submitted, the county's current one before.
    """
    out: dict[str, list[int]] = {}
    rows = (
        assignments(application).order_by("department_id").values_list("unit_id", "department_id")
    )
    for unit_id, department_id in rows:
        out.setdefault(unit_id, []).append(department_id)
    return out


def standard_text(indicator: Indicator) -> str:
    """Return the indicator's evaluation standard, clause by clause, as the scheme words it."""
    lines = [indicator.preamble] if indicator.preamble else []
    if len(indicator.criteria) == 1:
        lines.append(indicator.criteria[0].standard)
    else:
        lines += [f"{c.id} {c.standard}" for c in indicator.criteria]
    if indicator.cumulative_cap:
        lines.append(indicator.cumulative_cap)
    return "\n".join(lines)


def plan(
    framework: Framework, mapping: dict[str, list[int]]
) -> tuple[list[Planned], list[Unmapped]]:
    """Return the tasks of every scored indicator (lead first), and the indicators left unmapped."""
    tasks: list[Planned] = []
    unmapped: list[Unmapped] = []
    for indicator in framework.indicators():
        seen: set[int] = set()
        lead_unit = next((u for u in indicator.units if mapping.get(u)), None)
        if lead_unit is None:
            unmapped.append(Unmapped(indicator.number, tuple(indicator.units)))
            continue
        standard = standard_text(indicator)
        for unit in indicator.units:
            for department_id in mapping.get(unit, []):
                if department_id in seen:
                    continue
                seen.add(department_id)
                tasks.append(
                    Planned(
                        indicator.number,
                        department_id,
                        unit == lead_unit,
                        indicator.name,
                        standard,
                        indicator.points,
                    )
                )
    return tasks, unmapped
