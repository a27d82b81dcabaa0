"""Hypothetical records: the kinds scored record lists count, and records of a kind added."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from qcounty.core.cohort import check_record
from qcounty.core.framework.inputs import (
    CountDerived,
    RecordPointsDerived,
    RecordsInput,
    Where,
)
from qcounty.core.framework.model import Framework
from qcounty.core.gaps.draft import _Draft, _Impossible
from qcounty.core.gaps.results import NEW_TITLE
from qcounty.core.gaps.texts import _describe_where


@dataclass(frozen=True)
class RecordKind:
    """A kind of record a scored list counts (one commendation at national level …)."""

    id: str
    records: str  # the records input's key
    label: str
    where: list[Where]
    avoid: list[list[Where]]  # field values that would reduce the record's worth


def record_kinds(framework: Framework) -> list[RecordKind]:
    """Return the kinds of records that scored record lists count, in framework order."""
    out: list[RecordKind] = []
    derived = framework.derived()
    for spec in framework.inputs():
        if not isinstance(spec, RecordsInput) or spec.informational:
            continue
        mine = [d for d in derived if getattr(d, "records", None) == spec.key]
        kinds: list[RecordKind] = []
        for d in mine:
            if isinstance(d, CountDerived):
                kinds.append(RecordKind(d.key, spec.key, d.label, list(d.where), []))
            elif isinstance(d, RecordPointsDerived):
                avoid = [list(f.where) for f in d.factor if f.times < 1]
                for n, row in enumerate(d.points):
                    label = _describe_where(spec, row.where)
                    kinds.append(
                        RecordKind(
                            f"{d.key}#{n}",
                            spec.key,
                            f"{spec.label}（{label}）",
                            list(row.where),
                            avoid,
                        )
                    )
        if not kinds:
            kinds.append(RecordKind(spec.key, spec.key, spec.label, [], []))
        out += kinds
    return out


def add_records(
    framework: Framework, year: int, values: dict[str, Any], kind: RecordKind, n: int
) -> list[dict[str, Any]]:
    """Return the records list of values with n hypothetical records of the kind added."""
    spec = framework.records_input(kind.records)
    have = list(values.get(kind.records) or [])
    return have + _new_records(framework, spec, year, have, kind.where, n, kind.avoid, spread=True)


def _add_records(
    d: _Draft,
    key: str,
    where: list[Where],
    n: int,
    label: str,
    *,
    spread: bool = False,
    avoid: list[list[Where]] | None = None,
) -> None:
    ctx = d.ctx
    spec = ctx.framework.records_input(key)
    have = list(d.values.get(key) or [])
    new = _new_records(ctx.framework, spec, ctx.year, have, where, n, avoid or [], spread=spread)
    detail = _describe_where(spec, where)
    years = ""
    if spread and spec.date_field:
        shown = sorted({r[spec.date_field].year for r in new})
        years = "（" + "、".join(f"{y} 年" for y in shown) + "）"
    what = f"“{spec.label}”" + (f"（{detail}）" if detail else "")
    text = f"新增 {n} 条{what}{years}"
    if label and label != spec.label and not detail:
        text += f"，使{label}达标"
    d.set(key, [*have, *new], text)


def _new_records(
    framework: Framework,
    spec: RecordsInput,
    year: int,
    have: list[dict[str, Any]],
    where: list[Where],
    n: int,
    avoid: list[list[Where]],
    *,
    spread: bool,
) -> list[dict[str, Any]]:
    """Return n records that pass the spec's checks, match where and count in their window."""
    fixed: dict[str, Any] = {}
    for w in where:
        fixed[w.field] = w.equals[0] if isinstance(w.equals, list) else w.equals
    for clause in avoid:
        for w in clause:
            if w.field not in fixed and isinstance(w.equals, bool):
                fixed[w.field] = not w.equals
    years = _window_years(framework, spec, fixed, year)
    covered: set[int] = set()
    if spec.date_field:
        covered = {
            r[spec.date_field].year for r in have if isinstance(r.get(spec.date_field), date)
        }
    order = [y for y in years if y not in covered] if spread else []
    order += [y for y in reversed(years) if y not in order] or [year - 1]
    out = []
    for m in range(n):
        record: dict[str, Any] = {}
        for f in spec.fields:
            if f.key in fixed:
                record[f.key] = fixed[f.key]
            elif f.key == spec.date_field:
                record[f.key] = date(order[m % len(order)], 6, 30)
            elif not f.required:
                record[f.key] = None
            elif f.type == "choice":
                record[f.key] = f.options[0].id
            elif f.type == "bool":
                record[f.key] = True
            elif f.type in ("count", "number"):
                record[f.key] = 0
            else:
                record[f.key] = NEW_TITLE
        try:
            out.append(check_record(spec, record))
        except ValueError:
            raise _Impossible from None
    return out


def _window_years(
    framework: Framework, spec: RecordsInput, fixed: dict[str, Any], year: int
) -> list[int]:
    window_id = spec.window
    if spec.window_by and fixed.get(spec.window_by.field) in spec.window_by.windows:
        window_id = spec.window_by.windows[fixed[spec.window_by.field]]
    if not window_id:
        return [year - 1]
    first, last = framework.windows[window_id].years(year)
    if first is None:
        return [last]
    return list(range(first, last + 1))
