"""Which inputs belong to which department's section, and what a section still lacks."""

from __future__ import annotations

from dataclasses import dataclass

from qcounty.core.framework.inputs import Input, RecordsInput
from qcounty.core.framework.model import Framework
from qcounty.web.campaigns.assignments import assignments
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.models import Section


@dataclass(frozen=True)
class Owned:
    """An input with its owner: the indicator number (0 for a gate) and the owner's units."""

    spec: Input
    indicator: int
    units: frozenset[str]


# framework id() → (the framework, its owned inputs, the same by key): frameworks are loaded once
# per process and never change, and every access check and page asks for these
_OWNED: dict[int, tuple[Framework, tuple[Owned, ...], dict[str, Owned]]] = {}


def _owned(framework: Framework) -> tuple[tuple[Owned, ...], dict[str, Owned]]:
    found = _OWNED.get(id(framework))
    if found is None or found[0] is not framework:
        out = [
            Owned(x, 0, frozenset(x.units or g.units)) for g in framework.gates for x in g.inputs
        ]
        out += [
            Owned(x, i.number, frozenset(x.units or i.units))
            for i in framework.indicators()
            for x in i.inputs
        ]
        by_key: dict[str, Owned] = {}
        for o in out:
            by_key.setdefault(o.spec.key, o)
        found = _OWNED[id(framework)] = (framework, tuple(out), by_key)
    return found[1], found[2]


def owned_inputs(framework: Framework) -> list[Owned]:
    return list(_owned(framework)[0])


def owner_of(framework: Framework, key: str) -> Owned | None:
    """Return the input with this key and its owner (None if the framework has no such input)."""
    return _owned(framework)[1].get(key)


def department_units(application: Application) -> dict[int, set[str]]:
    """Return department id → the unit roles it answers for in this application.

    The application's frozen mapping once it was first submitted, the county's current one before.
    """
    out: dict[int, set[str]] = {}
    rows = assignments(application).values_list("department_id", "unit_id")
    for department_id, unit_id in rows:
        out.setdefault(department_id, set()).add(unit_id)
    return out


def ensure_sections(
    application: Application, units: dict[int, set[str]] | None = None
) -> list[Section]:
    """Create the sections of every department with assignments; return them all, with their
    departments (`units`: the application's `department_units`, when the caller has them)."""
    units = department_units(application) if units is None else units
    rows = Section.objects.filter(application=application).select_related("department")
    existing = {s.department_id: s for s in rows}
    for department_id in units:
        if department_id not in existing:
            existing[department_id] = Section.objects.create(
                application=application, department_id=department_id
            )
    return sorted(existing.values(), key=lambda s: s.department_id)


def section_inputs(section: Section) -> list[Owned]:
    """Return the inputs of a department's section."""
    units = department_units(section.application).get(section.department_id, set())
    framework = section.application.campaign.framework
    return [o for o in owned_inputs(framework) if o.units & units]


def sections_of_key(application: Application, key: str) -> list[Section]:
    """Return the sections an input belongs to."""
    owner = owner_of(application.campaign.framework, key)
    if owner is None:
        return []
    departments = [d for d, units in department_units(application).items() if units & owner.units]
    return list(Section.objects.filter(application=application, department_id__in=departments))


@dataclass(frozen=True)
class Missing:
    indicator: int  # 0: a gate
    key: str
    label: str


def missing_inputs(application: Application, inputs: list[Owned]) -> list[Missing]:
    """Return the scored inputs among these that are not reported yet."""
    stored = dict(InputValue.objects.filter(application=application).values_list("key", "value"))
    with_records = set(
        Record.objects.filter(application=application).values_list("key", flat=True).distinct()
    )
    out = []
    for o in inputs:
        x = o.spec
        if x.informational:
            continue
        if isinstance(x, RecordsInput):
            reported = x.key in with_records or stored.get(x.key) == []
        else:
            reported = stored.get(x.key) is not None
        if not reported:
            out.append(Missing(o.indicator, x.key, x.label))
    return out


def departments_by_id(application: Application) -> dict[int, Organisation]:
    ids = department_units(application)
    return {d.pk: d for d in Organisation.objects.filter(pk__in=ids)}
