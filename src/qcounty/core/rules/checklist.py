"""A checklist: full points when every item is present, a deduction per missing item, floor 0.

Seed: item 3 "每一项均开展得3分；缺少一项扣0.5分，扣完为止" (7 activities);
item 10 (9 funding areas, −0.5 each); item 21 (5 risk domains, −1 each).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field

from qcounty.core.framework.inputs import ChecklistInput
from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Context, Outcome, Rule


class Checklist(Rule):
    kind: Literal["checklist"]
    input: str
    deduct: float = Field(gt=0)
    none_scores_zero: bool = False  # "没有制定的不得分": nothing present gives nothing
    summary = "全部具备得满分，缺少一项扣相应分值，扣完为止"

    def values(self) -> list[str]:
        return [self.input]

    def check(self, inputs: dict[str, Any]) -> list[str]:
        if not isinstance(inputs.get(self.input), ChecklistInput):
            return [f"checklist needs a checklist input, '{self.input}' is not one"]
        return []

    def _spec(self, ctx: Context) -> ChecklistInput:
        spec = ctx.table.framework.input_or_none(self.input)
        assert isinstance(spec, ChecklistInput)  # checked at load
        return spec

    def evaluate(self, ctx: Context, points: float) -> Outcome:
        total = len(self._spec(ctx).options)
        have = ctx.table.col(self.input)
        raw = np.maximum(0.0, points - self.deduct * (total - have))
        if self.none_scores_zero:
            raw = np.where(have == 0, 0.0, raw)
        return Outcome(np.where(np.isnan(have), 0.0, raw))

    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        spec = self._spec(ctx)
        if np.isnan(ctx.table.col(self.input)[i]):
            return [Message("checklist.missing", {"label": spec.label}, review=True)]
        missing = [o.label for o in spec.options if ctx.table.col(f"{self.input}.{o.id}")[i] < 1]
        if self.none_scores_zero and len(missing) == len(spec.options):
            return [Message("checklist.none", {"label": spec.label})]
        if not missing:
            params = {"label": spec.label, "total": len(spec.options), "points": fmt(points)}
            return [Message("checklist.all", params)]
        params = {
            "label": spec.label,
            "missing_n": len(missing),
            "missing": "、".join(missing),
            "deduct": fmt(self.deduct),
            "points": fmt(outcome.raw[i]),
        }
        return [Message("checklist.some", params)]
