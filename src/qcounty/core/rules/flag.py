"""Yes/no and threshold clauses: all conditions hold → the clause's points.

Seed: item 1 "有，得2分；无，不得分"; item 29 "药品监督检查覆盖率达100%…达标，得1分";
item 30 "监督抽查批次与当地常住人口比例达到1批次/千人…得2分".
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Condition, Context, Outcome, Rule, Spec, all_hold, all_hold_at


class Flag(Rule):
    kind: Literal["flag"]
    when: list[Condition] = Field(min_length=1)
    summary = "条件全部满足得满分，否则不得分"

    def values(self) -> list[str]:
        return [c.value for c in self.when]

    def conditions(self) -> list[Condition]:
        return list(self.when)

    def evaluate(self, ctx: Context, points: float) -> Outcome:
        return Outcome(np.where(all_hold(self.when, ctx.table), points, 0.0))

    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        lines = [c.explain(ctx.table, i) for c in self.when]
        hit = outcome.raw[i] > 0
        lines.append(Message("flag.hit", {"points": fmt(points)}) if hit else Message("flag.miss"))
        return lines


class SumItem(Spec):
    label: str
    when: list[Condition] = Field(min_length=1)
    points: float = Field(gt=0)


class FlagSum(Rule):
    """Independent parts, each with its own points (item 25: 部署 0.5 + 图谱 0.5 + 成效 1)."""

    kind: Literal["flag_sum"]
    items: list[SumItem] = Field(min_length=2)
    summary = "各项分别满足条件即得该项分，合计"

    def values(self) -> list[str]:
        return [c.value for item in self.items for c in item.when]

    def conditions(self) -> list[Condition]:
        return [c for item in self.items for c in item.when]

    def evaluate(self, ctx: Context, points: float) -> Outcome:
        raw = np.zeros(ctx.table.n)
        for item in self.items:
            raw += np.where(all_hold(item.when, ctx.table), item.points, 0.0)
        return Outcome(raw)

    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        lines = []
        for item in self.items:
            hit = all_hold_at(item.when, ctx.table, i)
            outcome_text = f"得 {fmt(item.points)} 分" if hit else "不得分"
            lines += [c.explain(ctx.table, i) for c in item.when]
            lines.append(Message("flag_sum.item", {"label": item.label, "outcome": outcome_text}))
        return lines


class Case(Spec):
    label: str
    when: list[Condition] = Field(min_length=1)
    points: float = Field(gt=0)


class Cases(Rule):
    """Graded outcomes, first match wins (item 27: 定期分析并发布 2；已开展未发布 1)."""

    kind: Literal["cases"]
    cases: list[Case] = Field(min_length=1)
    summary = "按顺序取第一个满足的情形的分值"

    def values(self) -> list[str]:
        return [c.value for case in self.cases for c in case.when]

    def conditions(self) -> list[Condition]:
        return [c for case in self.cases for c in case.when]

    def evaluate(self, ctx: Context, points: float) -> Outcome:
        raw = np.zeros(ctx.table.n)
        done = np.zeros(ctx.table.n, dtype=bool)
        for case in self.cases:
            hit = all_hold(case.when, ctx.table) & ~done
            raw[hit] = case.points
            done |= hit
        return Outcome(raw)

    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        seen: set[str] = set()
        lines = []
        for case in self.cases:
            for c in case.when:
                if c.value not in seen:
                    seen.add(c.value)
                    lines.append(c.explain(ctx.table, i))
        for case in self.cases:
            if all_hold_at(case.when, ctx.table, i):
                lines.append(
                    Message("cases.hit", {"label": case.label, "points": fmt(case.points)})
                )
                return lines
        lines.append(Message("cases.none"))
        return lines
