"""The review panel of an application: its sections' rows and what blocks the next step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.gatewords import gate_word_of_input
from qcounty.web.review.board.notes import Note, application_notes, open_notes
from qcounty.web.review.board.state import (
    A,
    Role,
    S,
    inputs_by_section,
    is_overdue,
    missing_by_section,
)
from qcounty.web.review.models import Section
from qcounty.web.review.sections import (
    Missing,
    department_units,
    ensure_sections,
    missing_inputs,
    owned_inputs,
)


def _sections(application: Application, units: dict[int, set[str]]) -> list[Section]:
    sections = ensure_sections(application, units)  # in department order, with departments
    for section in sections:
        section.application = application  # its campaign read once, not once per section
    return sections


@dataclass
class Row:
    """A department's section on the county office's table and on the progress board."""

    section: Section
    due: int
    missing: list[Missing]
    overdue: bool

    @property
    def filled(self) -> int:
        return self.due - len(self.missing)


@dataclass
class Panel:
    role: str  # "clerk", "office", "evaluator", "admin" or "" (nothing to show)
    application: Application
    section: Section | None = None  # the clerk's
    missing: list[Missing] = dataclass_field(default_factory=list)
    notes: list[Note] = dataclass_field(default_factory=list)
    overdue: bool = False
    rows: list[Row] = dataclass_field(default_factory=list)
    blockers: list[str] = dataclass_field(default_factory=list)
    application_notes: list[Note] = dataclass_field(default_factory=list)
    can_act: bool = False
    error: str = ""
    frozen: str = ""  # why nothing may change any more (the campaign's final list is out)

    @property
    def application_open(self) -> bool:
        return self.application.status in (A.DRAFT, A.RETURNED)

    @property
    def deadline(self) -> dt.date:
        return self.application.campaign.department_deadline

    @property
    def submitted_count(self) -> int:
        """Return how many sections wait for their first acceptance."""
        return sum(1 for r in self.rows if r.section.status == Section.Status.SUBMITTED)


def panel(
    user: User, application: Application, error: str = "", today: dt.date | None = None
) -> Panel:
    """Return what the review panel shows this user on this application."""
    shown = _panel(user, application, error, today or timezone.localdate())
    shown.frozen = freeze.frozen_message_of(application)
    if shown.frozen:
        shown.can_act = False
    return shown


def _panel(user: User, application: Application, error: str, today: dt.date) -> Panel:
    notes = application_notes(application)
    if user.role == Role.CLERK:
        units = department_units(application)
        section = clerk_section(user, application, units)
        if section is None:
            return Panel("", application, error=error)
        inputs = inputs_by_section(application, [section], units)
        return Panel(
            "clerk",
            application,
            section=section,
            missing=missing_by_section(application, inputs)[section.pk],
            notes=open_notes(section),
            overdue=is_overdue(section, today),
            can_act=True,
            error=error,
        )
    if user.role in (Role.COUNTY_OFFICE, Role.ADMIN):
        rows = section_rows(application, today)
        return Panel(
            "office" if user.role == Role.COUNTY_OFFICE else "admin",
            application,
            rows=rows,
            blockers=blockers(application, rows),
            application_notes=notes,
            can_act=user.role == Role.COUNTY_OFFICE,
            error=error,
        )
    if user.role == Role.EVALUATOR:
        return Panel("evaluator", application, application_notes=notes, can_act=True, error=error)
    return Panel("", application, error=error)


def clerk_section(
    user: User, application: Application, units: dict[int, set[str]] | None = None
) -> Section | None:
    """Return the clerk's department's section of the application, if it answers for any input
    (`units`: the application's `department_units`, when the caller has them)."""
    units = department_units(application) if units is None else units
    if user.organisation_id not in units:
        return None
    sections = ensure_sections(application, units)
    section = next(s for s in sections if s.department_id == user.organisation_id)
    section.application = application
    return section


def section_rows(application: Application, today: dt.date | None = None) -> list[Row]:
    today = today or timezone.localdate()
    units = department_units(application)
    sections = _sections(application, units)
    inputs = inputs_by_section(application, sections, units)
    missing = missing_by_section(application, inputs)
    return [
        Row(
            s,
            len(inputs[s.pk]),
            missing[s.pk],
            is_overdue(s, today),
        )
        for s in sections
    ]


def blockers(application: Application, rows: list[Row]) -> list[str]:
    """Return why the application cannot go to the province yet (as review.actions checks)."""
    out = [
        _("{department}：{status}").format(
            department=r.section.department.name, status=r.section.get_status_display()
        )
        for r in rows
        if r.section.status != S.ACCEPTED
    ]
    framework = application.campaign.framework
    gates = [o for o in owned_inputs(framework) if o.indicator == 0]
    out += [
        _("{gate}未填报：{label}").format(gate=gate_word_of_input(framework, m.key), label=m.label)
        for m in missing_inputs(application, gates)
    ]
    return out
