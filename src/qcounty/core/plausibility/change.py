"""Change against the county's previous campaign: jumps, falling cumulative counts, carry-overs."""

from __future__ import annotations

from qcounty.core.cohort import County
from qcounty.core.framework.inputs import CountInput, CountsInput, NumberInput, PercentInput
from qcounty.core.framework.model import Framework
from qcounty.core.messages import Message, fmt
from qcounty.core.plausibility.flags import (
    CHANGE,
    Context,
    Flag,
    expand,
    matches,
    number,
    plain,
    records,
)


def numeric_keys(framework: Framework) -> list[str]:
    """Return the keys of the scored numeric values (a counts input's options one by one)."""
    out: list[str] = []
    for x in framework.inputs():
        if x.informational or not isinstance(
            x, CountInput | NumberInput | PercentInput | CountsInput
        ):
            continue
        out += expand(framework, x.key)
    return out


def jumps(ctx: Context, county: County, previous: County) -> list[Flag]:
    """Flag values that grew or shrank beyond the jump factor since the previous campaign."""
    t = ctx.thresholds
    out = []
    for key in ctx.once("numeric", lambda: numeric_keys(ctx.framework)):
        now, before = number(county, key), number(previous, key)
        if now is None or before is None or now < 0 or before < 0:
            continue
        if max(now, before) < t.jump_floor:
            continue
        factor = max(now, before) / max(min(now, before), 1e-9)
        if factor < t.jump_factor:
            continue
        params = {
            "label": ctx.label(key),
            "value": fmt(now),
            "previous": fmt(before),
            "factor": "∞" if min(now, before) == 0 else fmt(factor, 1),
            "limit": fmt(t.jump_factor),
        }
        out.append(
            Flag(
                kind="jump",
                group=CHANGE,
                severity="medium",
                city=county.city,
                county=county.name,
                keys=(key,),
                values={key: plain(now), f"{key}@previous": plain(before)},
                message=Message("plaus.jump", params),
                correction={key: before} if now > before else {},
                basis="上期数值",
            )
        )
    return out


def cumulative_falls(ctx: Context, county: County, previous: County) -> list[Flag]:
    """Flag cumulative counts (历年累计) lower than in the previous campaign."""
    out = []
    for c in ctx.framework.plausibility.cumulative:
        key = c.key or c.records
        if c.key:
            now, before = number(county, key), number(previous, key)
        else:
            now = float(sum(matches(r, c.where) for r in records(county, key)))
            before = float(sum(matches(r, c.where) for r in records(previous, key)))
            if key not in county.values or key not in previous.values:
                continue
        if now is None or before is None or now >= before:
            continue
        params = {"label": ctx.label(key), "value": fmt(now), "previous": fmt(before)}
        out.append(
            Flag(
                kind="cumulative_fell",
                group=CHANGE,
                severity="medium",
                city=county.city,
                county=county.name,
                keys=(key,),
                values={key: plain(now), f"{key}@previous": plain(before)},
                message=Message("plaus.cumulative_fell", params),
            )
        )
    return out


def carry_overs(ctx: Context, county: County, previous: County) -> list[Flag]:
    """Flag a base-year value that differs from what the previous campaign reported for it."""
    out = []
    for c in ctx.framework.plausibility.carry:
        now, before = number(county, c.current), number(previous, c.previous)
        if now is None or before is None:
            continue
        if abs(now - before) <= c.tolerance * max(abs(before), 1.0):
            continue
        params = {
            "label": ctx.label(c.current),
            "value": fmt(now),
            "previous_label": ctx.label(c.previous),
            "previous": fmt(before),
        }
        out.append(
            Flag(
                kind="carry_mismatch",
                group=CHANGE,
                severity="medium",
                city=county.city,
                county=county.name,
                keys=(c.current,),
                values={c.current: plain(now), f"{c.previous}@previous": plain(before)},
                message=Message("plaus.carry", params),
                correction={c.current: before},
                basis="上期填报的数值",
            )
        )
    return out
