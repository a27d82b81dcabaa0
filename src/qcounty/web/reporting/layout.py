"""The reporting form as plain data for templates, generated from the framework.

Sections follow the first- and second-level indicators; each indicator shows its criteria
(the seed's text and points), its inputs as typed fields, its record lists and its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountsInput,
    Input,
    RecordsInput,
)
from qcounty.core.framework.model import Framework, Indicator, SecondLevel
from qcounty.core.plausibility.official import differs
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting import access
from qcounty.web.reporting.actions import Conflict
from qcounty.web.reporting.fields import window_warning
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.models import ReturnNote
from qcounty.web.statfeed.figures import Figure, figures_of


@dataclass
class Field:
    spec: Input
    value: Any
    editable: bool
    error: str = ""
    saved: bool = False
    typed: dict[str, Any] = dataclass_field(default_factory=dict)  # what the user typed, on error
    version: int = 0  # the stored value's version, sent back to detect a concurrent change
    notes: list[ReturnNote] = dataclass_field(default_factory=list)  # open return reasons
    conflict: Conflict | None = None  # someone else saved first: their value, by whom
    official: Figure | None = None  # the statistics office's figure (统计部门数据), if fed

    @property
    def differs(self) -> bool:
        """Return whether the county's value differs from the official figure."""
        return _differs(self.value, self.official)

    @property
    def widget(self) -> str:
        return f"reporting/widgets/{self.spec.type}.html"

    @property
    def unit(self) -> str:
        return getattr(self.spec, "unit", "") or ("%" if self.spec.type == "percent" else "")

    @property
    def shown(self) -> Any:
        """Return the value to put back in the widget: what was typed after an error."""
        if self.error:
            return self.typed.get("value", self.value)
        if isinstance(self.value, float) and self.value.is_integer():
            return int(self.value)  # 95, not 95.0
        return self.value

    def options(self) -> list[dict[str, Any]]:
        """Return the options of a choice-like field with whether each is selected."""
        spec = self.spec
        if isinstance(spec, ChoiceInput):
            return [
                {"id": o.id, "label": o.label, "selected": o.id == self.shown} for o in spec.options
            ]
        if isinstance(spec, ChecklistInput):
            chosen = set(self.typed.get("values", []) if self.error else (self.value or []))
            return [
                {"id": o.id, "label": o.label, "selected": o.id in chosen} for o in spec.options
            ]
        if isinstance(spec, CountsInput):
            counts = self.value or {}
            return [
                {
                    "id": o.id,
                    "label": o.label,
                    "count": self.typed.get(f"value.{o.id}", "")
                    if self.error
                    else counts.get(o.id, ""),
                }
                for o in spec.options
            ]
        return []

    @property
    def bool_value(self) -> str:
        if not isinstance(self.spec, BoolInput):
            return ""
        v = self.shown
        return {True: "true", False: "false", "true": "true", "false": "false"}.get(v, "")


@dataclass
class RecordRow:
    record: Record
    cells: list[str]
    warning: str
    evidence: list[Evidence]


@dataclass
class RecordsBlock:
    spec: RecordsInput
    rows: list[RecordRow]
    declared_none: bool
    editable: bool
    error: str = ""
    warning: str = ""
    saved: bool = False
    editing: int | None = None
    typed: dict[str, Any] = dataclass_field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return [f.label for f in self.spec.fields]

    @property
    def window_text(self) -> str:
        return self.spec.window or ""


@dataclass
class IndicatorBlock:
    indicator: Indicator
    fields: list[Field]
    records: list[RecordsBlock]
    evidence: list[Evidence]
    departments: list[str]
    editable: bool


@dataclass
class Section:
    """A second-level indicator: the page loads one at a time, only the open one is built."""

    number: int  # its position among the framework's second-level indicators, from 1
    first: str  # the first-level indicator it belongs to
    first_points: float
    name: str
    points: float
    indicators: list[int]  # the numbers of the indicators in it that the user sees
    blocks: list[IndicatorBlock]
    starts_first: bool = False  # the first one of its first-level indicator the user sees
    open: bool = False


def _stored(application: Application) -> dict[str, tuple[Any, int]]:
    rows = InputValue.objects.filter(application=application).values_list("key", "value", "version")
    return {key: (value, version) for key, value, version in rows}


def _notes(application: Application) -> dict[str, list[ReturnNote]]:
    out: dict[str, list[ReturnNote]] = {}
    for note in ReturnNote.objects.filter(application=application, resolved=False).exclude(key=""):
        out.setdefault(note.key, []).append(note)
    return out


def _differs(value: Any, official: Figure | None) -> bool:
    if official is None or isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return differs(float(value), float(official.value))


Stored = tuple[dict[str, tuple[Any, int]], dict[str, list[ReturnNote]], dict[str, Figure]]


def read_stored(application: Application) -> Stored:
    """Return the application's stored values with their versions, its open return notes by
    key and its county's official figures: what `sections` and `gate_fields` read (once for a
    page that shows both)."""
    return _stored(application), _notes(application), figures_of(application)


def _field(
    x: Input,
    stored: dict[str, tuple[Any, int]],
    editable: set[str],
    notes: dict[str, list[ReturnNote]],
    official: dict[str, Figure],
) -> Field:
    value, version = stored.get(x.key, (None, 0))
    figure = official.get(x.key)
    # an input locked to the official figure is the province's: shown, not edited
    may_edit = x.key in editable and not (figure is not None and figure.locked)
    notes_of = notes.get(x.key, [])
    return Field(x, value, may_edit, version=version, notes=notes_of, official=figure)


def field(
    application: Application,
    spec: Input,
    *,
    editable: bool,
    error: str = "",
    saved: bool = False,
    typed: QueryDict | None = None,
    conflict: Conflict | None = None,
    row: InputValue | None = None,
) -> Field:
    """Return one field as stored (`row`: its stored value, when the caller has just saved it)."""
    if row is None:
        row = InputValue.objects.filter(application=application, key=spec.key).first()
    notes = list(ReturnNote.objects.filter(application=application, key=spec.key, resolved=False))
    figure = figures_of(application).get(spec.key)
    typed_values: dict[str, Any] = {}
    if typed is not None:
        typed_values = {k: typed.get(k) for k in typed if k != "csrfmiddlewaretoken"}
        typed_values["values"] = typed.getlist("value")
    return Field(
        spec,
        row.value if row else None,
        editable and not (figure is not None and figure.locked),
        error,
        saved,
        typed_values,
        version=row.version if row else 0,
        notes=notes,
        conflict=conflict,
        official=figure,
    )


def records(
    application: Application,
    spec: RecordsInput,
    *,
    editable: bool,
    error: str = "",
    warning: str = "",
    saved: bool = False,
    editing: int | None = None,
    typed: QueryDict | None = None,
) -> RecordsBlock:
    framework = application.campaign.framework
    year = application.campaign.evaluation_year
    rows = []
    evidence = list(Evidence.objects.filter(application=application, record__key=spec.key))
    for record in Record.objects.filter(application=application, key=spec.key).order_by("id"):
        cells = [_cell(spec, f.key, record.data.get(f.key)) for f in spec.fields]
        rows.append(
            RecordRow(
                record,
                cells,
                window_warning(framework, spec, record.data, year),
                [e for e in evidence if e.record_id == record.pk],
            )
        )
    declared_none = InputValue.objects.filter(
        application=application, key=spec.key, value=[]
    ).exists()
    typed_values = {k: typed.get(k) for k in typed} if typed is not None else {}
    return RecordsBlock(
        spec, rows, declared_none, editable, error, warning, saved, editing, typed_values
    )


def _cell(spec: RecordsInput, key: str, value: Any) -> str:
    f = spec.field(key)
    if value is None:
        return "—"
    if f is not None and f.type == "choice":
        return next((o.label for o in f.options if o.id == value), str(value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def sections(
    application: Application,
    units: set[str] | None,
    editable: set[str],
    *,
    section: int | None = None,
    indicator: int | None = None,
    read: Stored | None = None,
) -> list[Section]:
    """Return the second-level indicators the user sees, one of them open with its fields.

    The open one is `section`, else the one holding `indicator`, else the first with a field
    returned to the user, else the first where the user still has something to fill in, else
    the first.
    """
    out, seconds = outline(application.campaign.framework, units)
    if not out:
        return out
    stored, notes, official = read or read_stored(application)
    returned = {k for k in notes if k in editable}
    chosen = (
        next((s for s in out if s.number == section), None)
        or next((s for s in out if indicator in s.indicators), None)
        or next((s for s in out if _keys(seconds[s.number], units) & returned), None)
        or next((s for s in out if _unfilled(seconds[s.number], units, stored, editable)), None)
        or out[0]
    )
    chosen.open = True
    chosen.blocks = _blocks(
        application, seconds[chosen.number], units, editable, stored, notes, official
    )
    return out


def outline(
    framework: Framework, units: set[str] | None
) -> tuple[list[Section], dict[int, SecondLevel]]:
    """Return the second-level indicators with an indicator the units see (all: None), none
    open, and number → its second-level indicator (the groups a page loads one at a time)."""
    out = []
    seconds: dict[int, SecondLevel] = {}
    number = 0
    for first in framework.first_level:
        starts = True
        for second in first.second_level:
            number += 1
            shown = [
                ind.number for ind in second.indicators if access.indicator_visible(units, ind)
            ]
            if not shown:
                continue
            seconds[number] = second
            out.append(
                Section(
                    number,
                    first.name,
                    first.points,
                    second.name,
                    second.points,
                    shown,
                    [],
                    starts_first=starts,
                )
            )
            starts = False
    return out, seconds


def _keys(second: SecondLevel, units: set[str] | None) -> set[str]:
    return {
        x.key
        for ind in second.indicators
        if access.indicator_visible(units, ind)
        for x in ind.inputs
    }


def _unfilled(
    second: SecondLevel,
    units: set[str] | None,
    stored: dict[str, tuple[Any, int]],
    editable: set[str],
) -> bool:
    """Return whether the user may fill in an input here that nobody has yet."""
    return any(
        x.key in editable and x.key not in stored
        for ind in second.indicators
        if access.indicator_visible(units, ind)
        for x in ind.inputs
        if not isinstance(x, RecordsInput)
    )


def _blocks(
    application: Application,
    second: SecondLevel,
    units: set[str] | None,
    editable: set[str],
    stored: dict[str, tuple[Any, int]],
    notes: dict[str, list[ReturnNote]],
    official: dict[str, Figure],
) -> list[IndicatorBlock]:
    shown = [ind for ind in second.indicators if access.indicator_visible(units, ind)]
    evidence = list(
        Evidence.objects.filter(
            application=application, indicator__in=[ind.number for ind in shown]
        ).select_related("uploaded_by")
    )
    departments = _departments(application)
    blocks = []
    for indicator in shown:
        blocks.append(
            IndicatorBlock(
                indicator,
                [
                    _field(x, stored, editable, notes, official)
                    for x in indicator.inputs
                    if not isinstance(x, RecordsInput)
                ],
                [
                    records(application, x, editable=x.key in editable)
                    for x in indicator.inputs
                    if isinstance(x, RecordsInput)
                ],
                [e for e in evidence if e.indicator == indicator.number],
                sorted({d for unit in indicator.units for d in departments.get(unit, [])}),
                any(x.key in editable for x in indicator.inputs),
            )
        )
    return blocks


def gate_fields(
    application: Application,
    units: set[str] | None,
    editable: set[str],
    read: Stored | None = None,
) -> list[Field]:
    framework = application.campaign.framework
    stored, notes, official = read or read_stored(application)
    out = []
    for gate in framework.gates:
        for x in gate.inputs:
            if units is None or units & set(x.units or gate.units):
                out.append(_field(x, stored, editable, notes, official))
    return out


def _departments(application: Application) -> dict[str, list[str]]:
    from qcounty.web.campaigns.assignments import assignments

    out: dict[str, list[str]] = {}
    rows = assignments(application).select_related("department")
    for row in rows:
        out.setdefault(row.unit_id, []).append(row.department.name)
    return out
