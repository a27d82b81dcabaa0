"""The lines of a record list: its counts by level, and each record with why it does not count."""

from __future__ import annotations

from typing import Any

from qcounty.core.framework.inputs import (
    CountDerived,
    RecordsInput,
)
from qcounty.core.framework.model import Indicator
from qcounty.office.annex2.helpers import (
    _count_filters,
    _dimensions,
    _field,
    _matches,
    _unit,
)
from qcounty.office.annex2.items import (
    BLANK,
)
from qcounty.office.annex2.values import _FormValues
from qcounty.office.docstyle import box


class _RecordLines(_FormValues):
    """The record lists' lines of one county's form."""

    def _record_counts(self, x: RecordsInput, ind: Indicator | None) -> list[str]:
        dims = _dimensions(x)
        if not dims:
            return []
        derived = [d for d in (ind.derived if ind else []) if isinstance(d, CountDerived)]
        derived = [d for d in derived if d.records == x.key]
        records = self.values.get(x.key)
        counted = [] if records is None else self.table.counted[x.key][0]
        lines: list[str] = []
        total = 0
        first = dims[0]
        for o in first.options:
            extras, unit = _count_filters(derived, first.key, o.id, {f.key for f in dims})
            mine = [r for _, r in counted if r.get(first.key) == o.id and _matches(r, extras)]
            total += len(mine)
            if len(dims) == 1:
                shown = BLANK if records is None else f"{len(mine)} "
                lines.append(f"{box(bool(mine))}{o.label}，{shown}{unit}")
                continue
            second = dims[1]
            parts = []
            for o2 in second.options:
                n = sum(1 for r in mine if r.get(second.key) == o2.id)
                parts.append(f"{o2.label} {BLANK if records is None else n}{_unit(unit, True)}")
            lines.append(f"{box(bool(mine))}{o.label}（{'，'.join(parts)}）")
        lines.append(f"{box(records is not None and total == 0)}无")
        return lines

    def _record_list(self, x: RecordsInput, ind: Indicator | None) -> list[str]:
        records = self.values.get(x.key)
        lines: list[str] = []
        if records:
            counted = {index for index, _ in self.table.counted[x.key][0]}
            reasons = self._reasons(x)
            for n, r in enumerate(records, start=1):
                parts = [
                    f"{f.label}：{_field(f, r.get(f.key))}"
                    for f in x.fields
                    if r.get(f.key) is not None and str(r.get(f.key)).strip() != ""
                ]
                line = f"{n}. {'；'.join(parts)}"
                if n not in counted:
                    line += f"（不计入：{reasons.get(n, '不在统计范围内')}）"
                elif (why := self._filtered_out(x, r, ind)) is not None:
                    line += f"（不计数：{why}）"
                lines.append(line)
        return lines + self.invalid.get(x.key, [])

    def _reasons(self, x: RecordsInput) -> dict[int, str]:
        out: dict[int, str] = {}
        for m in self.table.notes.get(x.key, {}).get(0, []):
            p = m.params
            if m.code == "record.outside":
                out[p["index"]] = f"不在{p['window']}（{p['span']}）内"
            elif m.code == "record.undated":
                out[p["index"]] = "没有日期"
            elif m.code == "record.duplicate":
                out[p["index"]] = f"与第 {p['other']} 条为同一事项，仅按高级别统计一次"
        return out

    def _filtered_out(
        self, x: RecordsInput, r: dict[str, Any], ind: Indicator | None
    ) -> str | None:
        """Return why a counted record is left out of its level's count, if it is."""
        dims = _dimensions(x)
        if not dims:
            return None
        derived = [
            d
            for d in (ind.derived if ind else [])
            if isinstance(d, CountDerived) and d.records == x.key
        ]
        extras, _ = _count_filters(derived, dims[0].key, r.get(dims[0].key), {f.key for f in dims})
        for w in extras:
            if not _matches(r, [w]):
                f = x.field(w.field)
                shown = _field(f, r.get(w.field)) if f else str(r.get(w.field))
                return f"{f.label if f else w.field}：{shown}"
        return None
