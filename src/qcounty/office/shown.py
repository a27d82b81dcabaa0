"""A stored value as the form shows it: 是/否, option labels, 85%, 3.5 件/万人, records as lines.

One place for the dry runs of an import, on the web and on the command line (no Django here).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountsInput,
    DateInput,
    Input,
    Option,
    PercentInput,
    RecordField,
    RecordsInput,
)
from qcounty.core.messages import fmt

NOT_REPORTED = "未填报"
NO_RECORDS = "无"
NONE_CHOSEN = "（均未选）"


def value_text(spec: Input | None, value: Any) -> str:
    """Return a value of an input as the form shows it ("未填报" for None)."""
    if value is None:
        return NOT_REPORTED
    if isinstance(spec, RecordsInput) and isinstance(value, list):
        if not value:
            return NO_RECORDS
        lines = [record_text(spec, r) for r in value if isinstance(r, dict)]
        return f"{len(lines)} 条：\n" + "\n".join(f"{n}. {x}" for n, x in enumerate(lines, 1))
    if isinstance(spec, BoolInput) and isinstance(value, bool):
        return yes_no(value)
    if isinstance(spec, ChoiceInput):
        return option_label(spec.options, value)
    if isinstance(spec, ChecklistInput) and isinstance(value, list):
        chosen = {str(v) for v in value}
        return "、".join(o.label for o in spec.options if o.id in chosen) or NONE_CHOSEN
    if isinstance(spec, CountsInput) and isinstance(value, dict):
        return "；".join(
            f"{o.label} {number_text(value.get(o.id, 0), spec.unit)}" for o in spec.options
        )
    if isinstance(spec, DateInput):
        return date_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        unit = "%" if isinstance(spec, PercentInput) else getattr(spec, "unit", "")
        return number_text(value, unit)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, str):
        return value
    return str(value)


def record_text(spec: RecordsInput, record: dict[str, Any]) -> str:
    """Return one record as a short line: its filled fields' values, in the form's order."""
    parts = [field_text(f, record.get(f.key)) for f in spec.fields]
    return "，".join(p for p in parts if p)


def field_text(f: RecordField, value: Any) -> str:
    """Return a record field's value as the form shows it ("" when empty)."""
    if value is None or value == "":
        return ""
    if f.type == "bool" and isinstance(value, bool):
        return f"{f.label}：{yes_no(value)}"
    if f.type == "choice":
        return option_label(f.options, value)
    if f.type == "date":
        return date_text(value)
    if f.type in ("count", "number") and not isinstance(value, bool):
        return f"{f.label} {number_text(value, '')}"
    return str(value)


def number_text(value: Any, unit: str = "") -> str:
    """Return a number without a needless .0, with its unit: 85%, 1256, 3.5 件/万人."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    text = fmt(value, 4)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def date_text(value: Any) -> str:
    """Return a date as the form shows it: 2022-05-01."""
    return value.isoformat() if isinstance(value, date) else str(value)


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def option_label(options: list[Option], value: Any) -> str:
    return next((o.label for o in options if o.id == value), str(value))
