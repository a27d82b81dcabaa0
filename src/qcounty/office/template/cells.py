"""Write values into the template's cells and size rows and columns for them."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from openpyxl.cell.cell import Cell

from qcounty.core.framework.inputs import (
    Input,
    Option,
    PercentInput,
    RecordField,
)
from qcounty.office.template.layout import NO, YES, safe_text


def _when(text: str) -> str:
    """Return an ISO timestamp as a reader writes it: 2026年12月5日 14:56 (its own time zone)."""
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        return text
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def _unit(spec: Input) -> str:
    return getattr(spec, "unit", "") or ("%" if isinstance(spec, PercentInput) else "")


def _option_label(options: list[Option], value: Any) -> str:
    return next((o.label for o in options if o.id == value), str(value))


def _put_text(cell: Cell, value: Any) -> None:
    safe_text(cell, value if isinstance(value, str) else str(value))


def _put_number(cell: Cell, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        _put_text(cell, value)  # not a number: shown as it is, the reader will say so
        return
    if isinstance(value, float) and not math.isfinite(value):
        _put_text(cell, str(value))
        return
    cell.value = value


def _put_date(cell: Cell, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, datetime):
        cell.value = value.date()
        return
    if isinstance(value, date):
        cell.value = value
        return
    try:
        cell.value = date.fromisoformat(str(value))
    except ValueError:
        _put_text(cell, value)


def _put_field(cell: Cell, f: RecordField, value: Any) -> None:
    if value is None:
        return
    if f.type == "choice":
        _put_text(cell, _option_label(f.options, value))
    elif f.type == "bool":
        if isinstance(value, bool):
            cell.value = YES if value else NO
        else:
            _put_text(cell, value)
    elif f.type == "date":
        _put_date(cell, value)
    elif f.type in ("count", "number"):
        _put_number(cell, value)
    else:
        _put_text(cell, value)


def _field_width(f: RecordField) -> int:
    if f.type == "date":
        return 13
    if f.type in ("count", "number", "bool"):
        return max(10, min(18, len(f.label) * 2 + 2))
    if f.type == "choice":
        return max(14, min(36, max(len(o.label) for o in f.options) * 2 + 2))
    return 30


def _serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def _num(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e15 else str(int(x))


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _lines(text: str, width: float) -> int:
    """Return roughly how many lines text takes in a column this wide (CJK is two units)."""
    if not text:
        return 1
    total = 0
    for line in text.split("\n"):
        units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)
        total += max(1, math.ceil(units * 1.1 / max(width, 1)))
    return total
