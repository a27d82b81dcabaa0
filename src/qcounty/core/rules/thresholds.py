"""Count thresholds: the highest step reached gives its points.

Seed: item 14 "近三年主导制定国家标准2项及以上，得3分；1项，得2分；无，不得分".
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Context, Outcome, Rule, Spec


class Step(Spec):
    at_least: float
    points: float = Field(gt=0)


class CountThresholds(Rule):
    kind: Literal["count_thresholds"]
    value: str
    steps: list[Step] = Field(min_length=1)
    summary = "数量达到某一档次即得该档分值，取最高档"

    @model_validator(mode="after")
    def _steps_descend(self) -> CountThresholds:
        marks = [s.at_least for s in self.steps]
        if marks != sorted(marks, reverse=True):
            raise ValueError("steps must run from the highest threshold down")
        return self

    def values(self) -> list[str]:
        return [self.value]

    def evaluate(self, ctx: Context, points: float) -> Outcome:
        x = ctx.table.col(self.value)
        raw = np.zeros(ctx.table.n)
        done = np.zeros(ctx.table.n, dtype=bool)
        with np.errstate(invalid="ignore"):
            for step in self.steps:
                hit = (x >= step.at_least) & ~done
                raw[hit] = step.points
                done |= hit
        return Outcome(raw)

    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        x = ctx.table.col(self.value)[i]
        label = ctx.table.label(self.value)
        if np.isnan(x):
            return [Message("value.missing", {"label": label}, review=True)]
        for step in self.steps:
            if x >= step.at_least:
                params = {
                    "label": label,
                    "count": fmt(x),
                    "at_least": fmt(step.at_least),
                    "points": fmt(step.points),
                }
                return [Message("thresholds.hit", params)]
        return [Message("thresholds.none", {"label": label, "count": fmt(x)})]
