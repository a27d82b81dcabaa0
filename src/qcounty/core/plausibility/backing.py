"""Claims not backed by their own records: ticks without an activity, counts above their list."""

from __future__ import annotations

from qcounty.core.cohort import County
from qcounty.core.framework.inputs import ChecklistInput, RecordsInput
from qcounty.core.messages import Message, fmt
from qcounty.core.plausibility.flags import (
    BACKING,
    Context,
    Flag,
    as_date,
    matches,
    number,
    plain,
    records,
)


def _dated_in_window(ctx: Context, spec: RecordsInput, county: County) -> list[dict[str, object]]:
    _, _, first, last = ctx.window_span(spec)
    out = []
    for r in records(county, spec.key):
        when = as_date(r.get(spec.date_field)) if spec.date_field else None
        if when is not None and (first is None or when.year >= first) and when.year <= last:
            out.append(r)
    return out


def unbacked_ticks(ctx: Context, county: County) -> list[Flag]:
    """Flag ticked options with no dated record inside the window that names them."""
    out = []
    for b in ctx.framework.plausibility.backed:
        spec = ctx.framework.input_or_none(b.checklist)
        lists = ctx.framework.records_input(b.records)
        ticked = county.values.get(b.checklist)
        if not isinstance(spec, ChecklistInput) or not isinstance(ticked, list):
            continue
        texts = [
            " ".join(str(r.get(f) or "") for f in b.fields).upper()
            for r in _dated_in_window(ctx, lists, county)
        ]
        window, span, _, _ = ctx.window_span(lists)
        labels = {o.id: o.label for o in spec.options}
        for option in ticked:
            words = [w.upper() for w in b.match.get(option, [])]
            if not words or any(w in t for w in words for t in texts):
                continue
            params = {
                "label": ctx.label(b.checklist),
                "option": str(labels.get(option, option)).strip("“”"),
                "records": ctx.label(b.records),
                "window": window,
                "span": span,
            }
            out.append(
                Flag(
                    kind="unbacked_tick",
                    group=BACKING,
                    severity="medium",
                    city=county.city,
                    county=county.name,
                    keys=(b.checklist, b.records),
                    values={b.checklist: option},
                    message=Message("plaus.unbacked_tick", params),
                    correction={b.checklist: [o for o in ticked if o != option]},
                    basis="取消勾选",
                )
            )
    return out


def uncounted(ctx: Context, county: County) -> list[Flag]:
    """Flag counts larger than the dated records inside their window."""
    out = []
    for c in ctx.framework.plausibility.counted:
        value = number(county, c.count)
        spec = ctx.framework.records_input(c.records)
        if value is None:
            continue
        listed = sum(matches(r, c.where) for r in _dated_in_window(ctx, spec, county))
        if value <= listed:
            continue
        window, span, _, _ = ctx.window_span(spec)
        params = {
            "label": ctx.label(c.count),
            "value": fmt(value),
            "records": ctx.label(c.records),
            "window": window,
            "span": span,
            "listed": listed,
        }
        out.append(
            Flag(
                kind="uncounted",
                group=BACKING,
                severity="medium",
                city=county.city,
                county=county.name,
                keys=(c.count, c.records),
                values={c.count: plain(value), f"{c.records}@listed": listed},
                message=Message("plaus.uncounted", params),
                correction={c.count: listed},
                basis="列表中的记录数",
            )
        )
    return out
