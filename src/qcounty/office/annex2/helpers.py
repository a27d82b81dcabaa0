"""Read a rule's thresholds and a record list's dimensions, and show fields, dates and units."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from qcounty.core.framework.inputs import (
    CountDerived,
    Derived,
    RecordField,
    RecordsInput,
    Where,
    derived_sources,
)
from qcounty.core.framework.model import Indicator
from qcounty.core.messages import fmt
from qcounty.core.rules.efficacy import Efficacy
from qcounty.office.annex2.items import BLANK, _Statement


def _statement_keys(derived: list[Derived], st: _Statement) -> set[str]:
    keys = {x.key for x in st.inputs}
    return keys | {d.key for d in derived if all(_base(s, keys) for s in derived_sources(d))}


def _base(source: str, keys: set[str]) -> bool:
    return source in keys or source.rsplit(".", 1)[0] in keys


def _threshold(ind: Indicator, key: str) -> float | None:
    for c in ind.criteria:
        if isinstance(c.rule, Efficacy):
            for part in c.rule.parts:
                if part.value == key and part.threshold is not None:
                    return part.threshold
    return None


def _dimensions(x: RecordsInput) -> list[RecordField]:
    """Return the record's level-like fields: its first two choice fields."""
    return [f for f in x.fields if f.type == "choice"][:2]


_UNIT_IN_LABEL = re.compile(r"（([^（）]{1,4})）$")


def _count_filters(
    derived: list[CountDerived], dim: str, option: Any, dims: set[str]
) -> tuple[list[Where], str]:
    """Return the filters a derived count puts on records of this level, and its unit."""
    for d in derived:
        for w in d.where:
            if w.field != dim:
                continue
            allowed = w.equals if isinstance(w.equals, list) else [w.equals]
            if option in allowed:
                m = _UNIT_IN_LABEL.search(d.label)
                return [v for v in d.where if v.field not in dims], m.group(1) if m else "项"
    unit = next(
        (m.group(1) for d in derived if (m := _UNIT_IN_LABEL.search(d.label)) is not None), "项"
    )
    return [], unit


def _matches(record: dict[str, Any], where: list[Where]) -> bool:
    for w in where:
        v = record.get(w.field)
        if isinstance(w.equals, list):
            if v not in w.equals:
                return False
        elif v != w.equals:
            return False
    return True


def _field(f: RecordField, v: Any) -> str:
    if v is None:
        return BLANK
    if f.type == "bool":
        return "是" if v else "否"
    if f.type == "choice":
        return next((o.label for o in f.options if o.id == v), str(v))
    if f.type == "date":
        return _date(v)
    if f.type in ("count", "number"):
        return fmt(v)
    return str(v)


def _date(v: Any) -> str:
    if isinstance(v, date):
        return f"{v.year}年{v.month}月{v.day}日"
    return str(v)


def _unit(unit: str, space: bool = False) -> str:
    if not unit:
        return ""
    if unit == "%" or not space:
        return unit
    return f" {unit}"
