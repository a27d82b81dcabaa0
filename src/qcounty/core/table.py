"""The cohort as columns: one float array per value, derived values computed once.

Rules read columns, so a rule runs once over the whole cohort (numpy), not once per county.
A missing value is NaN and never satisfies a condition.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountDerived,
    CountsInput,
    Derived,
    GrowthDerived,
    Input,
    LinearDerived,
    RatioDerived,
    RecordPointsDerived,
    RecordsInput,
    Where,
    YearsCoveredDerived,
)
from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Array, Mask

if TYPE_CHECKING:
    from qcounty.core.cohort import County
    from qcounty.core.framework.model import Framework

Record = dict[str, Any]


@dataclass
class Table:
    """Columns of a cohort under one framework and evaluation year."""

    framework: Framework
    year: int
    counties: list[County]
    columns: dict[str, Array] = field(default_factory=dict)
    counted: dict[str, list[list[tuple[int, Record]]]] = field(default_factory=dict)
    notes: dict[str, dict[int, list[Message]]] = field(default_factory=dict)
    zero_base: dict[str, Mask] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.counties)

    def col(self, key: str) -> Array:
        """Return the column of a value."""
        return self.columns[key]

    def label(self, key: str) -> str:
        return self.framework.value_label(key)

    def unit(self, key: str) -> str:
        return self.framework.value_unit(key)

    def show(self, key: str, i: int) -> str:
        """Return county i's value of key as a user reads it."""
        x = float(self.columns[key][i])
        if math.isnan(x):
            return "未填报"
        field_ = self.framework.input_or_none(key)
        if isinstance(field_, BoolInput):
            return "是" if x else "否"
        if isinstance(field_, ChoiceInput):
            return field_.options[int(x)].label
        unit = self.unit(key)
        return fmt(float(x), 4) + (f" {unit}" if unit else "")

    def note(self, key: str, i: int, message: Message) -> None:
        self.notes.setdefault(key, {}).setdefault(i, []).append(message)


def build_table(framework: Framework, counties: list[County], year: int) -> Table:
    """Turn validated county inputs into columns and compute every derived value."""
    table = Table(framework=framework, year=year, counties=counties)
    years = {k: w.years(year) for k, w in framework.windows.items()}
    for spec in framework.inputs():
        _input_columns(table, spec, [c.values.get(spec.key) for c in counties], years)
    for d in framework.derived():
        _derived_column(table, d)
    return table


def _input_columns(
    table: Table, spec: Input, raw: list[Any], years: dict[str, tuple[int | None, int]]
) -> None:
    """Add an input's column (and one per option of a checklist or counts) from its values."""
    key = spec.key
    if isinstance(spec, RecordsInput):
        table.counted[key] = [
            _count_records(table, spec, i, rs or [], years) for i, rs in enumerate(raw)
        ]
        table.columns[key] = np.array(
            [
                np.nan if rs is None else len(r)
                for rs, r in zip(raw, table.counted[key], strict=True)
            ]
        )
    elif isinstance(spec, ChoiceInput):
        index = {o.id: float(j) for j, o in enumerate(spec.options)}
        table.columns[key] = np.array([index[v] if v is not None else np.nan for v in raw])
    elif isinstance(spec, ChecklistInput):
        for o in spec.options:
            table.columns[f"{key}.{o.id}"] = np.array(
                [np.nan if v is None else float(o.id in v) for v in raw]
            )
        table.columns[key] = np.array([np.nan if v is None else float(len(v)) for v in raw])
    elif isinstance(spec, CountsInput):
        for o in spec.options:
            table.columns[f"{key}.{o.id}"] = np.array(
                [np.nan if v is None else float(v.get(o.id, 0)) for v in raw]
            )
        table.columns[key] = np.array(
            [np.nan if v is None else float(sum(v.values())) for v in raw]
        )
    elif spec.type in ("bool", "count", "percent", "number"):
        table.columns[key] = np.array([np.nan if v is None else float(v) for v in raw])


def _derived_column(table: Table, d: Derived) -> None:
    """Add a derived value's column, computed from the columns and records before it."""
    n = table.n
    if isinstance(d, RatioDerived):
        num = sum((table.columns[k] for k in d.numerator), start=np.zeros(n))
        den = table.columns[d.denominator]
        with np.errstate(divide="ignore", invalid="ignore"):
            table.columns[d.key] = np.where(den > 0, num / den * d.scale, np.nan)
        for i in np.flatnonzero(den == 0):
            table.note(d.key, int(i), Message("ratio.zero_denominator", {"label": d.label}))
    elif isinstance(d, GrowthDerived):
        cur, base = table.columns[d.current], table.columns[d.base]
        with np.errstate(divide="ignore", invalid="ignore"):
            table.columns[d.key] = np.where(base != 0, (cur - base) / base * 100.0, np.nan)
        table.zero_base[d.key] = (base == 0) & ~np.isnan(cur)
    elif isinstance(d, LinearDerived):
        table.columns[d.key] = sum(
            (t.weight * table.columns[t.value] for t in d.terms), start=np.zeros(n)
        )
    elif isinstance(d, CountDerived):
        table.columns[d.key] = _per_county(
            table, d.records, lambda rs, d=d: sum(1 for _, r in rs if _matches(r, d.where))
        )
    elif isinstance(d, YearsCoveredDerived):
        date_field = table.framework.records_input(d.records).date_field or ""
        table.columns[d.key] = _per_county(
            table, d.records, lambda rs, f=date_field: len({r[f].year for _, r in rs})
        )
    elif isinstance(d, RecordPointsDerived):
        table.columns[d.key] = _per_county(
            table, d.records, lambda rs, d=d: sum(_record_points(d, r) for _, r in rs)
        )


def _per_county(table: Table, records_key: str, f: Any) -> Array:
    """Apply f to each county's counted records; a county that gave no list gets NaN."""
    out = np.empty(table.n)
    given = table.columns[records_key]
    for i, rs in enumerate(table.counted[records_key]):
        out[i] = np.nan if np.isnan(given[i]) else float(f(rs))
    return out


def _matches(record: Record, where: list[Where]) -> bool:
    for w in where:
        v = record.get(w.field)
        if isinstance(w.equals, list):
            if v not in w.equals:
                return False
        elif v != w.equals:
            return False
    return True


def _record_points(d: RecordPointsDerived, record: Record) -> float:
    points = next((row.points for row in d.points if _matches(record, row.where)), 0.0)
    for f in d.factor:
        if _matches(record, f.where):
            points *= f.times
    return points


def _count_records(
    table: Table,
    spec: RecordsInput,
    i: int,
    records: list[Record],
    years: dict[str, tuple[int | None, int]],
) -> list[tuple[int, Record]]:
    """Return the records of one county that count: inside their window, de-duplicated."""
    framework = table.framework
    by, date_field = spec.window_by, spec.date_field
    kept: list[tuple[int, Record]] = []
    for index, r in enumerate(records, start=1):
        window_id = spec.window
        if by and r.get(by.field) in by.windows:
            window_id = by.windows[r[by.field]]
        if window_id and date_field:
            when: date | None = r.get(date_field)
            if when is None:
                title = str(r.get(spec.title_field) or "")
                table.note(
                    spec.key,
                    i,
                    Message(
                        "record.undated", {"label": spec.label, "index": index, "title": title}
                    ),
                )
                continue
            first, last = years[window_id]  # as Window.contains, its years worked out once
            if not ((first is None or when.year >= first) and when.year <= last):
                window = framework.windows[window_id]
                params = {
                    "label": spec.label,
                    "index": index,
                    "title": str(r.get(spec.title_field) or ""),
                    "date": when.isoformat(),
                    "window": window.label,
                    "span": window.span(table.year),
                }
                table.note(spec.key, i, Message("record.outside", params))
                continue
        kept.append((index, r))
    if spec.dedupe:
        kept = _dedupe(table, spec, i, kept)
    return kept


def _dedupe(
    table: Table, spec: RecordsInput, i: int, kept: list[tuple[int, Record]]
) -> list[tuple[int, Record]]:
    """Keep one record per matter: the one of the highest level (first option)."""
    assert spec.dedupe is not None  # checked by the caller
    rank_field = spec.field(spec.dedupe.rank)
    assert rank_field is not None  # checked at framework load
    order = {o.id: j for j, o in enumerate(rank_field.options)}
    best: dict[str, tuple[int, Record]] = {}
    out: list[tuple[int, Record]] = []
    for index, r in kept:
        matter = str(r.get(spec.dedupe.key) or "").strip()
        if not matter:
            out.append((index, r))
            continue
        current = best.get(matter)
        if current is None or order[r[spec.dedupe.rank]] < order[current[1][spec.dedupe.rank]]:
            best[matter] = (index, r)
    winners = {idx for idx, _ in best.values()}
    for index, r in kept:
        matter = str(r.get(spec.dedupe.key) or "").strip()
        if matter and index not in winners:
            params = {
                "label": spec.label,
                "index": index,
                "title": str(r.get(spec.title_field) or ""),
                "other": best[matter][0],
            }
            table.note(spec.key, i, Message("record.duplicate", params))
    out.extend(best.values())
    return sorted(out, key=lambda t: t[0])
