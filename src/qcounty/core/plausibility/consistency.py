"""Internal consistency: parts above their whole, ratios against their counts, dates, duplicates."""

from __future__ import annotations

import math
from typing import Any

from qcounty.core.cohort import County
from qcounty.core.framework.inputs import RatioDerived, RecordsInput
from qcounty.core.framework.model import Framework
from qcounty.core.framework.plausibility import PartsOf
from qcounty.core.messages import Message, fmt
from qcounty.core.plausibility.flags import (
    CONSISTENCY,
    Context,
    Flag,
    as_date,
    expand,
    normalise,
    number,
    plain,
    records,
)


def part_relations(framework: Framework) -> list[tuple[str, list[str]]]:
    """Return (whole, parts) pairs: declared ones, then every percentage share's count pair."""
    declared = list(framework.plausibility.parts)
    for d in framework.derived():
        if isinstance(d, RatioDerived) and d.scale == 100 and d.unit == "%":
            declared.append(PartsOf(whole=d.denominator, parts=d.numerator))
    out: list[tuple[str, list[str]]] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for p in declared:
        wholes = expand(framework, p.whole)
        for j, whole in enumerate(wholes):
            parts = [
                expand(framework, k)[j] if len(expand(framework, k)) == len(wholes) else k
                for k in p.parts
            ]
            # a part declared alone is contained in a declared group: test the group only
            if any(set(parts) <= set(q) and w == whole for w, q in seen):
                continue
            seen.add((whole, tuple(parts)))
            out.append((whole, parts))
    return out


def parts_exceeding(ctx: Context, county: County) -> list[Flag]:
    """Flag parts that together exceed their whole."""
    out = []
    relations = ctx.once("parts", lambda: part_relations(ctx.framework))
    for whole, parts in relations:
        w = number(county, whole)
        values = [number(county, k) for k in parts]
        known = [(k, v) for k, v in zip(parts, values, strict=True) if v is not None]
        if w is None or not known:
            continue
        total = sum(v for _, v in known)
        if total <= w + 1e-9:
            continue
        scale = w / total if total else 0.0
        correction = {k: math.floor(v * scale) for k, v in known}
        message = Message(
            "plaus.part_whole",
            {
                "parts": "、".join(ctx.label(k) for k, _ in known),
                "total": fmt(total),
                "whole": ctx.label(whole),
                "whole_value": fmt(w),
            },
        )
        out.append(
            _flag(ctx, county, "part_exceeds_whole", (*[k for k, _ in known], whole), message)
            | {"correction": correction, "basis": "不超过整体的数值"}
        )
    return [_make(**f) for f in out]


def ratios_disagreeing(ctx: Context, county: County) -> list[Flag]:
    """Flag reported ratios that disagree with their own counts."""
    out = []
    for r in ctx.framework.plausibility.ratios:
        value = number(county, r.value)
        den = number(county, r.denominator)
        nums = [number(county, k) for k in r.numerator]
        if value is None or not den or any(n is None for n in nums):
            continue
        expected = sum(n for n in nums if n is not None) / den * r.scale
        tolerance = ctx.thresholds.ratio_tolerance or r.tolerance
        if abs(value - expected) <= tolerance:
            continue
        message = Message(
            "plaus.ratio",
            {
                "label": ctx.label(r.value),
                "value": fmt(value),
                "numerator": "、".join(ctx.label(k) for k in r.numerator),
                "denominator": ctx.label(r.denominator),
                "expected": fmt(expected),
            },
        )
        flag = _flag(ctx, county, "ratio_mismatch", (r.value, *r.numerator, r.denominator), message)
        out.append(
            _make(**flag, correction={r.value: round(expected, 2)}, basis="按数量计算的比值")
        )
    return out


def dates_outside(ctx: Context, county: County) -> list[Flag]:
    """Flag dated records after the campaign's windows or after today."""
    out = []
    for spec in _lists(ctx):
        if not spec.date_field:
            continue
        rows = records(county, spec.key)
        _, span, _, last = ctx.window_span(spec)
        for i, record in enumerate(rows):
            when = as_date(record.get(spec.date_field))
            if when is None or (when <= ctx.today and when.year <= last):
                continue
            future = when > ctx.today
            params = {
                "label": ctx.label(spec.key),
                "index": i + 1,
                "title": str(record.get(spec.title_field) or ""),
                "date": when.isoformat(),
            }
            if future:
                params["today"] = ctx.today.isoformat()
            else:
                params["span"] = span or f"{last} 年及以前"
            code = "plaus.date_future" if future else "plaus.date_after"
            flag = _flag(ctx, county, "date_outside", (spec.key,), Message(code, params))
            flag["values"] = {spec.key: when.isoformat()}
            kept = [r for j, r in enumerate(rows) if j != i]
            out.append(
                _make(**flag, correction={spec.key: kept}, basis="删除该条记录", record=i + 1)
            )
    return out


def duplicate_records(ctx: Context, county: County) -> list[Flag]:
    """Flag records repeated within one list (the same title on the same date)."""
    out = []
    for spec in _lists(ctx):
        rows = records(county, spec.key)
        first: dict[tuple[str, str], int] = {}
        for i, record in enumerate(rows):
            title = normalise(record.get(spec.title_field))
            when = plain(record.get(spec.date_field)) if spec.date_field else ""
            identity = (title, str(when))
            if not title:
                continue
            if identity not in first:
                first[identity] = i
                continue
            params = {
                "label": ctx.label(spec.key),
                "index": i + 1,
                "title": str(record.get(spec.title_field)),
                "other": first[identity] + 1,
            }
            flag = _flag(
                ctx,
                county,
                "duplicate_record",
                (spec.key,),
                Message("plaus.duplicate_record", params),
            )
            flag["values"] = {spec.key: params["title"]}
            kept = [r for j, r in enumerate(rows) if j != i]
            out.append(
                _make(**flag, correction={spec.key: kept}, basis="删除重复的记录", record=i + 1)
            )
    return out


def _flag(
    ctx: Context, county: County, kind: str, keys: tuple[str, ...], message: Message
) -> dict[str, Any]:
    return {
        "kind": kind,
        "group": CONSISTENCY,
        "severity": "medium",
        "city": county.city,
        "county": county.name,
        "keys": keys,
        "values": {k: plain(number(county, k)) for k in keys},
        "message": message,
    }


def _make(**fields: Any) -> Flag:
    return Flag(**fields)


def _lists(ctx: Context) -> list[RecordsInput]:
    make = lambda: [x for x in ctx.framework.inputs() if isinstance(x, RecordsInput)]  # noqa: E731
    lists: list[RecordsInput] = ctx.once("lists", make)
    return lists
