"""What the review pages show, as plain data for templates: the panel, the board, the history.

No state changes here (review.actions does those); only reading and formatting.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountsInput,
    Input,
    RecordsInput,
)
from qcounty.core.framework.model import Framework
from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting import access
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.models import AuditEntry, ReturnNote, Section
from qcounty.web.review.sections import (
    Missing,
    Owned,
    department_units,
    ensure_sections,
    missing_inputs,
    owned_inputs,
)

Role = User.Role
S = Section.Status
A = Application.Status
Action = AuditEntry.Action
SUBMITTED_STATES = {S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED}
CHANGES = (Action.VALUE, Action.RECORD_ADDED, Action.RECORD_CHANGED, Action.RECORD_REMOVED)


def action_labels() -> dict[str, str]:
    """Return the label of each named action (translated when called)."""
    return {
        "submit_section": _("提交"),
        "resubmit_section": _("重新提交"),
        "return_section": _("退回"),
        "accept_section": _("接收"),
        "reopen_section": _("重新打开"),
        "submit_application": _("提交至省"),
        "return_application": _("省级退回"),
        "accept_application": _("省级接收"),
        "reopen_application": _("省级重新打开"),
        "grant_extension": _("延期"),
        "accept_value": _("省级核实无误"),
        "correct_value": _("省级更正"),
        "correct_records": _("省级更正记录"),
        "reconcile_scores": _("专家评审认定"),
    }


# ---------------------------------------------------------------- sections and what they lack


def inputs_by_section(application: Application, sections: list[Section]) -> dict[int, list[Owned]]:
    """Return section id → its inputs (as review.sections.section_inputs, in one pass)."""
    units = department_units(application)
    owned = owned_inputs(application.campaign.framework)
    return {
        s.pk: [o for o in owned if o.units & units.get(s.department_id, set())] for s in sections
    }


def missing_by_section(
    application: Application, inputs: dict[int, list[Owned]]
) -> dict[int, list[Missing]]:
    """Return section id → its missing inputs, reading the stored values once."""
    every = {o.spec.key: o for owned in inputs.values() for o in owned}
    missing = {m.key for m in missing_inputs(application, list(every.values()))}
    return {
        pk: [Missing(o.indicator, o.spec.key, o.spec.label) for o in owned if o.spec.key in missing]
        for pk, owned in inputs.items()
    }


def is_overdue(section: Section, today: dt.date) -> bool:
    """Past the department deadline, not submitted or accepted, and no extension covers today."""
    deadline = section.application.campaign.department_deadline
    if section.status in SUBMITTED_STATES or today <= deadline:
        return False
    return section.extended_until is None or today > section.extended_until


@dataclass
class Note:
    """A return note with the label of the field it points at and where that field is."""

    note: ReturnNote
    field: str
    anchor: str

    @property
    def link(self) -> str:
        """Return the field's place on the application page: its section and its anchor."""
        if self.anchor.startswith("indicator-"):
            return f"?indicator={self.anchor.removeprefix('indicator-')}#{self.anchor}"
        return f"#{self.anchor}" if self.anchor else ""


def notes_shown(application: Application, notes: Iterable[ReturnNote]) -> list[Note]:
    framework = application.campaign.framework
    out = []
    for note in notes:
        if not note.key:
            out.append(Note(note, "", ""))
            continue
        indicator = access.indicator_of_key(framework, note.key)
        anchor = f"indicator-{indicator.number}" if indicator else "gates"
        out.append(Note(note, field_label(framework, note.key), anchor))
    return out


def open_notes(section: Section) -> list[Note]:
    notes = ReturnNote.objects.filter(section=section, resolved=False).select_related("created_by")
    return notes_shown(section.application, notes)


def application_notes(application: Application) -> list[Note]:
    """Return the province's reason for the current return (none unless returned)."""
    if application.status != A.RETURNED:
        return []
    note = (
        ReturnNote.objects.filter(application=application, section=None)
        .select_related("created_by")
        .first()
    )
    return notes_shown(application, [note] if note else [])


def _sections(application: Application) -> list[Section]:
    ensure_sections(application)
    return list(
        Section.objects.filter(application=application)
        .select_related("department", "application__campaign")
        .defer("application__campaign__reference_cohort")
        .order_by("department_id")
    )


# ---------------------------------------------------------------- the panel on the application page


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
        section = clerk_section(user, application)
        if section is None:
            return Panel("", application, error=error)
        inputs = inputs_by_section(application, [section])
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


def clerk_section(user: User, application: Application) -> Section | None:
    """Return the clerk's department's section of the application, if it answers for any input."""
    if user.organisation_id not in department_units(application):
        return None
    ensure_sections(application)
    return (
        Section.objects.filter(application=application, department_id=user.organisation_id)
        .select_related("department", "application__campaign")
        .defer("application__campaign__reference_cohort")
        .first()
    )


def section_rows(application: Application, today: dt.date | None = None) -> list[Row]:
    today = today or timezone.localdate()
    sections = _sections(application)
    inputs = inputs_by_section(application, sections)
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


def return_keys(application: Application, section: Section) -> list[tuple[str, str]]:
    """Return (key, label) of each input of a section: the fields a return can point at."""
    return [
        (o.spec.key, _input_choice_label(o))
        for o in inputs_by_section(application, [section])[section.pk]
    ]


def last_notes(section: Section) -> list[Note]:
    """Return the note of the section's last return (its reason, and the field if one)."""
    note = ReturnNote.objects.filter(section=section).select_related("created_by").first()
    return notes_shown(section.application, [note] if note else [])


def _input_choice_label(o: Owned) -> str:
    where = _("前置指标") if o.indicator == 0 else _("指标{n}").format(n=o.indicator)
    return f"{where} · {o.spec.label}"


def blockers(application: Application, rows: list[Row]) -> list[str]:
    """Return why the application cannot go to the province yet (as review.actions checks)."""
    out = [
        _("{department}：{status}").format(
            department=r.section.department.name, status=r.section.get_status_display()
        )
        for r in rows
        if r.section.status != S.ACCEPTED
    ]
    gates = [o for o in owned_inputs(application.campaign.framework) if o.indicator == 0]
    out += [
        _("前置指标未填报：{label}").format(label=m.label)
        for m in missing_inputs(application, gates)
    ]
    return out


# ---------------------------------------------------------------- progress board


STATUS_FILTERS = [*(value for value, _label in S.choices), "overdue"]


def progress(application: Application, status: str = "", today: dt.date | None = None) -> list[Row]:
    """Return the progress of every department, optionally only those in a status (or overdue)."""
    rows = section_rows(application, today)
    if status == "overdue":
        return [r for r in rows if r.overdue]
    if status:
        return [r for r in rows if r.section.status == status]
    return rows


def progress_title(application: Application) -> str:
    """Return the progress export's title: "威海市文登区填报进度（2026年12月5日）"."""
    county = application.county
    today = timezone.localdate()
    return _("{city}{county}填报进度（{date}）").format(
        city=county.parent.name if county.parent else "",
        county=county.name,
        date=f"{today.year}年{today.month}月{today.day}日",
    )


def progress_xlsx(application: Application, rows: list[Row]) -> bytes:
    """Return the progress board as an .xlsx workbook: values only, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from qcounty.office.docstyle import print_titled

    book = Workbook()
    sheet = book.active
    sheet.title = _("进度")
    header = [
        _("部门"),
        _("应填项数"),
        _("已填项数"),
        _("未填项数"),
        _("状态"),
        _("提交时间"),
        _("退回时间"),
        _("接收时间"),
        _("退回次数"),
        _("延期至"),
        _("是否逾期"),
    ]
    widths = [24, 10, 10, 10, 12, 18, 18, 18, 10, 12, 10]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in rows:
        s = r.section
        sheet.append(
            [
                s.department.name,
                r.due,
                r.filled,
                len(r.missing),
                str(s.get_status_display()),
                _when(s.submitted_at),
                _when(s.returned_at),
                _when(s.accepted_at),
                s.times_returned,
                s.extended_until.isoformat() if s.extended_until else "",
                _("是") if r.overdue else _("否"),
            ]
        )
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            if cell.data_type == "f":  # a text beginning with "=" is text here, never a formula
                cell.data_type = "s"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    print_titled(sheet, progress_title(application), landscape=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _when(at: dt.datetime | None) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


# ---------------------------------------------------------------- history


@dataclass
class HistoryRow:
    entry: AuditEntry
    label: str  # what was done
    field: str  # the field's label, or ""
    old: str
    new: str
    department: str


def history(
    application: Application, *, indicator: int | None = None, section: Section | None = None
) -> list[HistoryRow]:
    """Return the audit trail of an application in time order, optionally narrowed."""
    framework = application.campaign.framework
    entries = AuditEntry.objects.filter(application=application).select_related(
        "user", "section__department"
    )
    if indicator == 0:
        gate_keys = [x.key for g in framework.gates for x in g.inputs]
        entries = entries.filter(key__in=gate_keys)
    elif indicator is not None:
        entries = entries.filter(indicator=indicator)
    if section is not None:
        owned = inputs_by_section(application, [section])[section.pk]
        keys = [o.spec.key for o in owned]
        numbers = sorted({o.indicator for o in owned if o.indicator})
        entries = entries.filter(
            Q(section=section) | Q(key__in=keys) | Q(key="", indicator__in=numbers, section=None)
        )
    labels = action_labels()
    by_key, by_indicator = _departments_of_inputs(application)
    out = []
    for e in entries.order_by("at", "id"):
        if e.section is not None:
            department = e.section.department.name
        elif e.key:
            department = "、".join(by_key.get(e.key, []))
        else:
            department = "、".join(by_indicator.get(e.indicator or -1, []))
        out.append(
            HistoryRow(
                e,
                _entry_label(e, labels),
                field_label(framework, e.key) if e.key else "",
                _shown(framework, e, e.old),
                _shown(framework, e, e.new),
                department,
            )
        )
    return out


def _departments_of_inputs(
    application: Application,
) -> tuple[dict[str, list[str]], dict[int, list[str]]]:
    """Return input key → and indicator number → the names of the departments answering."""
    sections = list(Section.objects.filter(application=application).select_related("department"))
    by_key: dict[str, list[str]] = {}
    by_indicator: dict[int, list[str]] = {}
    inputs = inputs_by_section(application, sections)
    for s in sections:
        for o in inputs[s.pk]:
            names = by_key.setdefault(o.spec.key, [])
            if s.department.name not in names:
                names.append(s.department.name)
            names = by_indicator.setdefault(o.indicator, [])
            if s.department.name not in names:
                names.append(s.department.name)
    return by_key, by_indicator


def _entry_label(e: AuditEntry, labels: dict[str, str]) -> str:
    named = labels.get(e.name, e.name)
    if e.action == Action.REFUSED:
        return _("被拒绝：{action}").format(action=named)
    if e.action in (Action.STATE, Action.EXTENSION):
        return named
    if e.action == Action.VALUE and e.name in labels:
        return named  # the province's decisions on a value (adjudication)
    return str(e.get_action_display())


def field_label(framework: Framework, key: str) -> str:
    try:
        return framework.value_label(key)
    except KeyError:
        return key


def _shown(framework: Framework, e: AuditEntry, value: Any) -> str:
    if e.action == Action.STATE:
        if value is None:
            return ""
        states = S if e.section_id else A
        return str(dict(states.choices).get(value, value))
    if e.action == Action.EXTENSION:
        return value or ""
    if e.action in (Action.EVIDENCE_ADDED, Action.EVIDENCE_REMOVED):
        return value.get("name", "") if isinstance(value, dict) else ""
    if e.action == Action.REFUSED:
        return ""
    if e.action == Action.VALUE and value is None:
        return _("未填报")
    return readable(framework.input_or_none(e.key), value)


def readable(spec: Input | None, value: Any) -> str:
    """Show a stored value as a person reads it: labels for options, units, 是/否."""
    if value is None:
        return ""
    if isinstance(spec, RecordsInput):
        if value == []:
            return _("无")
        if isinstance(value, dict):
            return _record_text(spec, value)
        return "；".join(_record_text(spec, v) for v in value if isinstance(v, dict))
    if isinstance(spec, BoolInput):
        return _("是") if value else _("否")
    if isinstance(spec, ChoiceInput):
        return next((o.label for o in spec.options if o.id == value), str(value))
    if isinstance(spec, ChecklistInput):
        labels = {o.id: o.label for o in spec.options}
        return "、".join(labels.get(v, str(v)) for v in value) or _("（无）")
    if isinstance(spec, CountsInput):
        labels = {o.id: o.label for o in spec.options}
        return "；".join(f"{labels.get(k, k)}：{v}{spec.unit}" for k, v in value.items())
    unit = getattr(spec, "unit", "") or ("%" if spec is not None and spec.type == "percent" else "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 95%, not 95.0%
    return f"{value}{unit}"


def _record_text(spec: RecordsInput, data: dict[str, Any]) -> str:
    parts = []
    for f in spec.fields:
        v = data.get(f.key)
        if v is None or v == "":
            continue
        if f.type == "choice":
            v = next((o.label for o in f.options if o.id == v), v)
        elif f.type == "bool":
            v = _("是") if v else _("否")
        parts.append(f"{f.label}：{v}")
    return "，".join(parts)


# ---------------------------------------------------------------- changes since the last return


@dataclass
class Change:
    key: str
    label: str
    indicator: int
    record_id: int | None
    before: str
    after: str


def changes_since_return(section: Section) -> list[Change]:
    """Return each value and record of a section changed since its last return: then → now."""
    if section.returned_at is None:
        return []
    application = section.application
    framework = application.campaign.framework
    owned = {o.spec.key: o for o in inputs_by_section(application, [section])[section.pk]}
    entries = AuditEntry.objects.filter(
        application=application,
        action__in=CHANGES,
        at__gt=section.returned_at,
        key__in=list(owned),
    ).order_by("at", "id")
    first_value: dict[str, Any] = {}  # key → the value at the return
    first_record: dict[int, tuple[str, Any]] = {}  # record id → (key, its data at the return)
    for e in entries:
        if e.action == Action.VALUE:
            first_value.setdefault(e.key, e.old)
        elif e.record_id is not None and e.record_id not in first_record:
            existed = e.action != Action.RECORD_ADDED
            first_record[e.record_id] = (e.key, e.old if existed else None)
    now_values = dict(
        InputValue.objects.filter(application=application, key__in=list(first_value)).values_list(
            "key", "value"
        )
    )
    now_records = dict(
        Record.objects.filter(application=application, pk__in=list(first_record)).values_list(
            "pk", "data"
        )
    )
    out = []
    for key, then in first_value.items():
        spec = owned[key].spec
        before, after = _value_text(spec, then), _value_text(spec, now_values.get(key))
        if before != after:
            out.append(
                Change(key, field_label(framework, key), owned[key].indicator, None, before, after)
            )
    for record_id, (key, then) in first_record.items():
        spec = owned[key].spec
        now = now_records.get(record_id)
        before = readable(spec, then) if then is not None else _("（无此记录）")
        after = readable(spec, now) if now is not None else _("（已删除）")
        if before != after:
            out.append(
                Change(
                    key, field_label(framework, key), owned[key].indicator, record_id, before, after
                )
            )
    return sorted(out, key=lambda c: (c.indicator, c.key, c.record_id or 0))


def _value_text(spec: Input, value: Any) -> str:
    return _("未填报") if value is None else readable(spec, value)
