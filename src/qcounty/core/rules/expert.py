"""An evaluator's judgement between 0 and the clause's points.

Seed: item 35 "医疗领域服务质量：根据提供的…材料，结合投诉纠纷、医疗质量安全事件等情况，进行综合评价打分"
(0.8 points). The county's own estimate may stand in until the evaluator scores.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Context, Outcome, Rule


class Expert(Rule):
    kind: Literal["expert"]
    input: str
    summary = "由评审专家在 0 至本条分值之间综合评价打分"

    def values(self) -> list[str]:
        return [self.input]

    def evaluate(self, ctx: Context, points: float) -> Outcome:
        x = ctx.table.col(self.input)
        return Outcome(np.clip(np.nan_to_num(x, nan=0.0), 0.0, points))

    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        if np.isnan(ctx.table.col(self.input)[i]):
            return [Message("expert.pending", review=True)]
        return [Message("expert.scored", {"value": fmt(outcome.raw[i])})]
