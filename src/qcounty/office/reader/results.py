"""What reading returns: values, problems and notes, and the changes importing would make."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qcounty.core.cohort import check_value
from qcounty.core.framework.inputs import (
    ChecklistInput,
    CountsInput,
    Input,
    RecordsInput,
)
from qcounty.office.shown import value_text


@dataclass
class Problem:
    sheet: str
    row: int | None  # as Excel shows it
    field: str  # the label of the field (empty for a problem with the whole file)
    message: str  # Chinese, a whole sentence naming the row and the field

    def __str__(self) -> str:
        """Return the problem as one line: the sheet (when there is one), then the message."""
        return f"工作表“{self.sheet}”：{self.message}" if self.sheet else self.message


@dataclass
class Change:
    key: str
    label: str
    old: Any
    new: Any
    sheet: str
    row: int | None
    spec: Input | None = field(default=None, repr=False, compare=False)

    @property
    def old_text(self) -> str:
        """The current value as the form shows it."""
        return value_text(self.spec, self.old)

    @property
    def new_text(self) -> str:
        """The workbook's value as the form shows it."""
        return value_text(self.spec, self.new)


@dataclass
class ParsedWorkbook:
    meta: dict[str, Any]  # the hidden _meta sheet: framework_id, framework_version, campaign, …
    values: dict[str, Any]  # key -> JSON value (checked by check_value); keys in the workbook
    problems: list[Problem]
    notes: list[Problem] = field(default_factory=list)  # not errors (an extra sheet, …)
    refused: bool = False  # the whole file was refused: no values
    locations: dict[str, tuple[str, int | None]] = field(default_factory=dict, repr=False)
    labels: dict[str, str] = field(default_factory=dict, repr=False)
    _specs: dict[str, Input] = field(default_factory=dict, repr=False, compare=False)

    def changes(self, current: dict[str, Any]) -> list[Change]:
        """Return what importing the values would change, compared with the current values."""
        out = []
        for key, new in self.values.items():
            old = current.get(key)
            spec = self._specs.get(key)
            if spec is not None and _normal(spec, old) == _normal(spec, new):
                continue
            if spec is None and old == new:
                continue
            sheet, row = self.locations.get(key, ("", None))
            out.append(Change(key, self.labels.get(key, key), old, new, sheet, row, spec))
        return out


def _refused(message: str) -> ParsedWorkbook:
    return ParsedWorkbook(
        meta={}, values={}, problems=[Problem("", None, "", message)], refused=True
    )


def _plain(value: Any) -> Any:
    """Return a value as JSON stores it (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _normal(spec: Input, value: Any) -> Any:
    """Return a value in a form where equal meanings compare equal (95 == 95.0, any order)."""
    if value is None:
        return None
    try:
        v = _plain(check_value(spec, value))
    except ValueError:
        return ("invalid", json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))
    if isinstance(spec, ChecklistInput):
        return sorted(v)
    if isinstance(spec, CountsInput):
        return {o.id: v.get(o.id, 0) for o in spec.options}
    if isinstance(spec, RecordsInput):
        return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in v)
    if isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    return v
