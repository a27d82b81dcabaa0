"""Points per item counted, each term with its own limit, the clause with its maximum.

Seed: item 4 "国家级表扬或激励2分/次，最高4分；省级1分/次，最高2分；市级0.5分/次，最高1分";
item 18 "示范项目得0.5分/个、入围项目0.3分/个，累计不超过0.5分".
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Context, Outcome, Rule, Spec


class ItemTerm(Spec):
    value: str
    each: float = Field(gt=0)
    cap: float | None = Field(default=None, gt=0)


class PerItem(Rule):
    kind: Literal["per_item"]
    terms: list[ItemTerm] = Field(min_length=1)
    summary = "按个数计分，每档可设上限，合计不超过本条分值"

    def values(self) -> list[str]:
        return [t.value for t in self.terms]

    def _term(self, ctx: Context, t: ItemTerm) -> np.ndarray:
        count = np.nan_to_num(ctx.table.col(t.value), nan=0.0)
        raw = count * t.each
        return raw if t.cap is None else np.minimum(raw, t.cap)

    def evaluate(self, ctx: Context, points: float) -> Outcome:
        return Outcome(sum((self._term(ctx, t) for t in self.terms), start=np.zeros(ctx.table.n)))

    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        lines = []
        for t in self.terms:
            count = ctx.table.col(t.value)[i]
            if np.isnan(count):
                lines.append(
                    Message("value.missing", {"label": ctx.table.label(t.value)}, review=True)
                )
                continue
            raw = count * t.each
            capped = ""
            if t.cap is not None and raw > t.cap:
                capped = Message("per_item.term_cap", {"cap": fmt(t.cap)}).render()
            params = {
                "label": ctx.table.label(t.value),
                "count": fmt(count),
                "each": fmt(t.each),
                "raw": fmt(raw),
                "capped": capped,
            }
            lines.append(Message("per_item.term", params))
        return lines
