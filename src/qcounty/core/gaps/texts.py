"""Chinese action texts built from the framework's labels: units, verbs, quotes, filters."""

from __future__ import annotations

from qcounty.core.framework.inputs import (
    RecordsInput,
    Where,
)
from qcounty.core.gaps.draft import _Ctx


def _describe_where(spec: RecordsInput, where: list[Where]) -> str:
    parts = []
    for w in where:
        f = spec.field(w.field)
        if f is None:
            continue
        wanted = w.equals if isinstance(w.equals, list) else [w.equals]
        shown = []
        for v in wanted:
            if isinstance(v, bool):
                shown.append("是" if v else "否")
            else:
                shown.append(next((o.label for o in f.options if o.id == v), str(v)))
        parts.append(f"{f.label}：{'或'.join(shown)}")
    return "；".join(parts)


def _describe_kind(ctx: _Ctx, records: str, where: list[Where]) -> str:
    return _describe_where(ctx.framework.records_input(records), where)


def _two(target: float) -> str:
    """Return a derived value's target to 2 decimals (the input that reaches it is exact)."""
    return f"{round(target, 2):.2f}".rstrip("0").rstrip(".")


def _count_unit(ctx: _Ctx, key: str) -> str:
    """Return the unit of a count: its own, or the one its label ends with (“主导制定国家标准（项）”)."""
    unit = ctx.unit(key)
    if unit:
        return unit
    label = ctx.label(key)
    if label.endswith("）") and "（" in label:
        inside = label[label.rindex("（") + 1 : -1]
        if 0 < len(inside) <= 2:
            return inside
    return ""


def _verb(higher: bool) -> str:
    return "达到" if higher else "降至"


def _spaced(unit: str) -> str:
    return f" {unit}" if unit else ""


def _quoted(label: str) -> str:
    return label if label.startswith("“") else f"“{label}”"
