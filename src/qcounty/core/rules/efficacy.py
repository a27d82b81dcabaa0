"""Efficacy-coefficient clauses: one or several parts, each with a weight, threshold or flag.

Seed: item 20 "按功效系数法计算得分"; item 17 "社会公用计量标准数量达到15项的，按功效系数法得分，
最高0.5分；15项以下的，不得分"; items 19 and 41 "分别按功效系数法计算得分后，按0.6、0.4的权重
加权计算得分"; item 36 "分别按功效系数法计算得分后，求平均"; item 42 (award points, zero excluded).
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
from pydantic import Field, model_validator

from qcounty.core.efficacy import PartResult, PartStatus, efficacy_part, mapping
from qcounty.core.framework.policies import EcBounds, EcGrowthZeroBase, EcMapping, EcZeroRange
from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Array, Context, Outcome, Rule, Spec


class Target(Spec):
    tier: int = 0  # 0: every tier
    satisfactory: float
    unacceptable: float


class EcPart(Spec):
    value: str
    weight: float = Field(default=1.0, gt=0, le=1)
    higher_is_better: bool = True
    threshold: float | None = None  # "达到 … 的，按功效系数法得分；… 以下的，不得分"
    zero_raw: bool = False  # zero means nothing to evaluate (item 42)
    targets: list[Target] = Field(default_factory=list)


class Efficacy(Rule):
    kind: Literal["efficacy"]
    parts: list[EcPart] = Field(min_length=1)
    summary = "按功效系数法计算（多项时先分别计算再加权）"

    @model_validator(mode="after")
    def _weights_sum_to_one(self) -> Efficacy:
        total = sum(p.weight for p in self.parts)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"part weights add up to {total:.6g}, not 1")
        return self

    def values(self) -> list[str]:
        return [p.value for p in self.parts]

    def _targets(self, ctx: Context, part: EcPart) -> dict[int, tuple[float, float]] | None:
        if ctx.policies.ec_bounds is not EcBounds.TARGETS:
            return None
        return ctx.targets.get(part.value) or {
            t.tier: (t.unacceptable, t.satisfactory) for t in part.targets
        }

    def evaluate(self, ctx: Context, points: float) -> Outcome:
        results: list[PartResult] = []
        raw = np.zeros(ctx.table.n)
        for part in self.parts:
            r = efficacy_part(
                ctx.table.col(part.value),
                group=ctx.group,
                group_ids=ctx.group_ids,
                policies=ctx.policies,
                higher_is_better=part.higher_is_better,
                threshold=part.threshold,
                zero_raw=part.zero_raw,
                zero_base=ctx.table.zero_base.get(part.value),
                targets=self._targets(ctx, part),
                group_masks=ctx.group_masks,
            )
            results.append(r)
            raw += part.weight * r.share
        return Outcome(points * raw, {"parts": results})

    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        lines = []
        results: list[PartResult] = outcome.detail["parts"]
        # a part that gives nothing counts at the d whose share is 0, so that the total line
        # reads true under either mapping: points = max × mapping(Σ weight × d)
        scaled = ctx.policies.ec_mapping is EcMapping.SCALED
        nothing = 60.0 if scaled else 0.0
        d_total = 0.0
        for part, r in zip(self.parts, results, strict=True):
            lines += _part_messages(ctx, part, r, i)
            d = float(r.d[i])
            d_total += part.weight * (nothing if math.isnan(d) else max(d, nothing))
        shown = "d / 100" if ctx.policies.ec_mapping is EcMapping.D_OVER_100 else "(d − 60) / 40"
        params = {
            "d": fmt(d_total),
            "points_max": fmt(points),
            "mapping": shown,
            "points": fmt(outcome.raw[i]),
        }
        lines.append(Message("ec.total", params))
        return lines

    def bounds(self, outcome: Outcome, i: int) -> list[dict[str, Any]]:
        """Return, per part, the bounds and group size used for county i."""
        out = []
        for part, r in zip(self.parts, outcome.detail["parts"], strict=True):
            out.append(
                {
                    "value": part.value,
                    "weight": part.weight,
                    "xs": _num(r.xs[i]),
                    "xh": _num(r.xh[i]),
                    "group_size": int(r.size[i]),
                    "d": _num(r.d[i]),
                    "status": _STATUS[int(r.status[i])].name.lower(),
                }
            )
        return out

    def range_shares(self, outcome: Outcome, policies: Any) -> tuple[Array, Array]:
        """Return every county's floor and ceiling share of the points (d at 60 and 100).

        A part that gives nothing (missing, below its threshold) gives nothing at either end;
        a part fixed by policy (a zero growth base) stays where the policy put it.
        """
        ends = mapping(np.array([60.0, 100.0]), policies)
        low = np.zeros(len(outcome.raw))
        high = np.zeros(len(outcome.raw))
        for part, r in zip(self.parts, outcome.detail["parts"], strict=True):
            scored = ~np.isnan(r.d)
            fixed = r.status == PartStatus.ZERO_BASE
            low += part.weight * np.where(fixed, r.share, np.where(scored, ends[0], 0.0))
            high += part.weight * np.where(fixed, r.share, np.where(scored, ends[1], 0.0))
        return low, high


def _num(x: float) -> float | None:
    v = float(x)
    return None if math.isnan(v) else v


_STATUS = tuple(PartStatus)  # value → member without the enum call's cost


def _part_messages(ctx: Context, part: EcPart, r: PartResult, i: int) -> list[Message]:
    message = _part_message(ctx, part, r, i)
    if _STATUS[int(r.status[i])] is PartStatus.OUTSIDE_GROUP:
        return [
            message,
            Message("ec.outside_group", {"label": ctx.table.label(part.value), "unit": ctx.unit}),
        ]
    return [message]


def _part_message(ctx: Context, part: EcPart, r: PartResult, i: int) -> Message:
    table = ctx.table
    label = table.label(part.value)
    status = _STATUS[int(r.status[i])]
    x = table.col(part.value)[i]
    base = {"label": label, "x": fmt(x), "d": fmt(r.d[i])}
    if status is PartStatus.MISSING:
        return Message("ec.missing", {"label": label}, review=True)
    if status is PartStatus.BELOW_THRESHOLD:
        sign = "≥" if part.higher_is_better else "≤"
        threshold = f"{sign} {fmt(part.threshold)}{table.unit(part.value)}"
        return Message("ec.below_threshold", {**base, "threshold": threshold})
    if status is PartStatus.ZERO_RAW:
        return Message("ec.zero_raw", base)
    if status is PartStatus.ZERO_BASE:
        code = (
            "ec.zero_base"
            if ctx.policies.ec_growth_zero_base is EcGrowthZeroBase.SIXTY_FLAG
            else "ec.zero_base_zero"
        )
        return Message(code, base, review=True)
    if status is PartStatus.ZERO_RANGE:
        flagged = ctx.policies.ec_zero_range is EcZeroRange.SIXTY_FLAG
        return Message("ec.zero_range", base, review=flagged)
    if status is PartStatus.NO_GROUP:
        return Message("ec.no_group", base, review=True)
    if status is PartStatus.NO_TARGET:
        return Message("ec.no_target", base, review=True)
    if status is PartStatus.TARGET:
        return Message("ec.target", {**base, "xs": fmt(r.xs[i]), "xh": fmt(r.xh[i])})
    group = ctx.group_names.get(int(ctx.group_ids[i]), "")
    params = {**base, "xs": fmt(r.xs[i]), "xh": fmt(r.xh[i]), "n": int(r.size[i]), "group": group}
    return Message("ec.part", params)
