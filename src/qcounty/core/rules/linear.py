"""Linear above a floor: step points per unit above the floor, nothing at or below it.

Seed: item 17 "注册计量师数量不少于3人，每增1人得0.1分，最高1分；等于或少于3人的，不得分".
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Context, Outcome, Rule


class LinearAbove(Rule):
    kind: Literal["linear_above"]
    value: str
    floor: float
    step: float = Field(gt=0)
    summary = "超过起点的部分按每单位分值计分，不超过起点不得分"

    def values(self) -> list[str]:
        return [self.value]

    def evaluate(self, ctx: Context, points: float) -> Outcome:
        x = np.nan_to_num(ctx.table.col(self.value), nan=self.floor)
        return Outcome(np.maximum(0.0, x - self.floor) * self.step)

    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        x = ctx.table.col(self.value)[i]
        label = ctx.table.label(self.value)
        if np.isnan(x):
            return [Message("value.missing", {"label": label}, review=True)]
        if x <= self.floor:
            return [
                Message("linear.below", {"label": label, "value": fmt(x), "floor": fmt(self.floor)})
            ]
        params = {
            "label": label,
            "value": fmt(x),
            "floor": fmt(self.floor),
            "excess": fmt(x - self.floor),
            "step": fmt(self.step),
            "raw": fmt(outcome.raw[i]),
        }
        return [Message("linear.above", params)]
