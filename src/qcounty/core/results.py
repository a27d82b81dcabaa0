"""What the engine returns: a county's points, criterion by criterion, with the reasons.

Numbers keep full precision; `round_to` and the writers round only when showing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from qcounty.core.messages import Message


class Status(StrEnum):
    ELIGIBLE = "eligible"  # passed the prerequisite and the veto: ranked
    INELIGIBLE = "ineligible"  # failed the prerequisite: not ranked
    VETOED = "vetoed"  # one-vote veto: not ranked


STATUS_ZH = {
    Status.ELIGIBLE: "参评",
    Status.INELIGIBLE: "取消创建资格",
    Status.VETOED: "一票否决",
}


@dataclass(slots=True)
class CriterionResult:
    id: str
    kind: str
    max: float
    raw: float  # before the criterion's cap
    points: float  # after the criterion's cap
    inputs: dict[str, str]  # label → value as shown, for every value the rule read
    messages: list[Message]
    efficacy: list[dict[str, Any]] = field(default_factory=list)  # per part: bounds, group, d
    floor: float | None = None  # self-assessment: points at d = 60 (EC criteria only)
    ceiling: float | None = None  # self-assessment: points at d = 100

    @property
    def lost(self) -> float:
        return self.max - self.points


@dataclass(slots=True)
class IndicatorResult:
    number: int
    name: str
    max: float
    raw: float  # sum of criteria after their caps
    points: float  # after the indicator's cumulative cap
    tiered: bool
    criteria: list[CriterionResult]
    notes: list[Message] = field(default_factory=list)  # records not counted, caps applied

    @property
    def lost(self) -> float:
        return self.max - self.points


@dataclass(slots=True)
class GateResult:
    id: str
    kind: str
    name: str
    passed: bool
    messages: list[Message]


@dataclass(slots=True)
class LevelScore:
    name: str
    max: float
    points: float


@dataclass(slots=True)
class CountyResult:
    name: str
    city: str
    tier: int
    status: Status
    total: float
    rank: int | None
    tier_rank: int | None
    gates: list[GateResult]
    first_level: list[LevelScore]
    second_level: list[LevelScore]
    indicators: list[IndicatorResult]

    @property
    def review_needed(self) -> list[str]:
        """Return the messages that ask a person to look (missing values, zero bases …)."""
        return [
            f"{ind.number}. {m.render()}"
            for ind in self.indicators
            for c in ind.criteria
            for m in c.messages
            if m.review
        ]

    def to_dict(self, decimals: int | None = None) -> dict[str, Any]:
        """Return the result as plain data (JSON), rounded only if decimals is given."""

        def r(x: float | None) -> float | None:
            if x is None or decimals is None:
                return x
            return round(x, decimals)

        return {
            "name": self.name,
            "city": self.city,
            "tier": self.tier,
            "status": self.status.value,
            "total": r(self.total),
            "rank": self.rank,
            "tier_rank": self.tier_rank,
            "gates": [
                {
                    "id": g.id,
                    "name": g.name,
                    "passed": g.passed,
                    "messages": [m.render() for m in g.messages],
                }
                for g in self.gates
            ],
            "first_level": [{"name": s.name, "max": s.max, "points": r(s.points)} for s in self.first_level],
            "second_level": [{"name": s.name, "max": s.max, "points": r(s.points)} for s in self.second_level],
            "indicators": [
                {
                    "number": ind.number,
                    "name": ind.name,
                    "max": ind.max,
                    "raw": r(ind.raw),
                    "points": r(ind.points),
                    "tiered": ind.tiered,
                    "notes": [m.render() for m in ind.notes],
                    "criteria": [
                        {
                            "id": c.id,
                            "rule": c.kind,
                            "max": c.max,
                            "raw": r(c.raw),
                            "points": r(c.points),
                            "inputs": c.inputs,
                            "efficacy": c.efficacy,
                            "floor": r(c.floor),
                            "ceiling": r(c.ceiling),
                            "messages": [m.render() for m in c.messages],
                            "review": [m.render() for m in c.messages if m.review],
                        }
                        for c in ind.criteria
                    ],
                }
                for ind in self.indicators
            ],
        }
