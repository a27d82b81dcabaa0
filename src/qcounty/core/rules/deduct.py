"""A deduction per occurrence: full points less so much each time, at most so much in all.

Public text: "每发现一次扣0.5分，最多扣2分" (Anhui, Taizhou and Jiangsu 质量工作考核 rules); in a
deduction block (扣分项) the points lost are taken off the total.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Context, Outcome, Rule


class Deduct(Rule):
    kind: Literal["deduct"]
    value: str  # how many times it was found
    each: float = Field(gt=0)
    at_most: float | None = Field(default=None, gt=0)  # 最多扣; the clause's points if not given
    summary = "每发现一次扣相应分值，扣分有上限（不超过本条分值）"

    def values(self) -> list[str]:
        return [self.value]

    def _limit(self, points: float) -> float:
        return points if self.at_most is None else min(self.at_most, points)

    def evaluate(self, ctx: Context, points: float) -> Outcome:
        count = np.nan_to_num(ctx.table.col(self.value), nan=0.0)
        deducted = np.minimum(np.maximum(count, 0.0) * self.each, self._limit(points))
        return Outcome(points - deducted)

    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        count = float(ctx.table.col(self.value)[i])
        label = ctx.table.label(self.value)
        unit = ctx.table.unit(self.value) or "次"  # the scheme's word: 每发生一起 → 起
        if np.isnan(count):
            return [Message("deduct.missing", {"label": label}, review=True)]
        if count <= 0:
            return [Message("deduct.none", {"label": label, "count": fmt(count), "unit": unit})]
        raw = count * self.each
        limit = self._limit(points)
        capped = ""
        if raw > limit + 1e-12:
            capped = Message("deduct.capped", {"raw": fmt(raw), "at_most": fmt(limit)}).render()
        params = {
            "label": label,
            "count": fmt(count),
            "unit": unit,
            "each": fmt(self.each),
            "deducted": fmt(points - float(outcome.raw[i])),
            "capped": capped,
        }
        return [Message("deduct.some", params)]
