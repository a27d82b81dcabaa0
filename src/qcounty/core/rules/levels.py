"""A level chosen from a list → its points.

Seed: item 8 "有政策文件，并有效落实，得2分；仅有政策文件，未落实，得1分；否则，不得分".
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from qcounty.core.framework.inputs import ChoiceInput
from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Context, Outcome, Rule


class Levels(Rule):
    kind: Literal["levels"]
    input: str
    points: dict[str, float]  # option id → points; every option must be listed
    summary = "按所选档次取对应分值"

    def values(self) -> list[str]:
        return [self.input]

    def check(self, inputs: dict[str, Any]) -> list[str]:
        spec = inputs.get(self.input)
        if not isinstance(spec, ChoiceInput):
            return [f"levels needs a choice input, '{self.input}' is not one"]
        ids = [o.id for o in spec.options]
        if sorted(ids) != sorted(self.points):
            return [f"levels must give points for exactly the options {ids}"]
        return []

    def _table(self, ctx: Context) -> np.ndarray[Any, np.dtype[np.float64]]:
        spec = ctx.table.framework.input_or_none(self.input)
        assert isinstance(spec, ChoiceInput)  # checked at load
        return np.array([self.points[o.id] for o in spec.options])

    def evaluate(self, ctx: Context, points: float) -> Outcome:
        code = ctx.table.col(self.input)
        missing = np.isnan(code)
        index = np.where(missing, 0, code).astype(int)
        return Outcome(np.where(missing, 0.0, self._table(ctx)[index]))

    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        label = ctx.table.label(self.input)
        if np.isnan(ctx.table.col(self.input)[i]):
            return [Message("levels.missing", {"label": label}, review=True)]
        params = {
            "label": label,
            "option": ctx.table.show(self.input, i),
            "points": fmt(outcome.raw[i]),
        }
        return [Message("levels.hit", params)]
