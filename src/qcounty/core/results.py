"""What the engine returns: a county's points, criterion by criterion, with the reasons.

Numbers keep full precision; `round_to` and the writers round only when showing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

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


class CriterionResult:
    """A criterion's points for one county; its reasons are rendered when first read.

    Numbers are set eagerly; `inputs`, `messages` and `efficacy` come from the same outcome
    the points came from, built on first access so that scoring a large cohort stays cheap.
    """

    __slots__ = (
        "_at",
        "_explained",
        "_source",
        "ceiling",
        "floor",
        "id",
        "kind",
        "max",
        "points",
        "raw",
    )

    def __init__(
        self,
        id: str,
        kind: str,
        max: float,
        raw: float,
        points: float,
        source: Explainer,
        at: tuple[int, int],
        floor: float | None = None,
        ceiling: float | None = None,
    ) -> None:
        self.id, self.kind, self.max, self.raw, self.points = id, kind, max, raw, points
        self.floor, self.ceiling = floor, ceiling  # self-assessment range (EC criteria only)
        self._source, self._at = source, at  # (criterion, county) positions in the source
        self._explained: Explanation | None = None

    def _get(self) -> Explanation:
        if self._explained is None:
            self._explained = self._source.explain_criterion(*self._at)
        return self._explained

    @property
    def inputs(self) -> dict[str, str]:
        """Return label → value as shown, for every value the rule read."""
        return self._get().inputs

    @property
    def messages(self) -> list[Message]:
        return self._get().messages

    @property
    def efficacy(self) -> list[dict[str, Any]]:
        """Return, per efficacy part: value, weight, bounds, group size, d and status."""
        return self._get().efficacy

    @property
    def lost(self) -> float:
        return self.max - self.points


class Explainer(Protocol):
    """Where a result's reasons come from (the cohort score that computed its points)."""

    def explain_criterion(self, criterion: int, county: int) -> Explanation: ...

    def explain_gate(self, gate: str, county: int) -> list[Message]: ...


@dataclass(slots=True)
class Explanation:
    inputs: dict[str, str]
    messages: list[Message]
    efficacy: list[dict[str, Any]] = field(default_factory=list)


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


class GateResult:
    """Whether a county passed a gate; the reasons are rendered when first read."""

    __slots__ = ("_messages", "_source", "county", "id", "kind", "name", "passed")

    def __init__(
        self, id: str, kind: str, name: str, passed: bool, source: Explainer, county: int
    ) -> None:
        self.id, self.kind, self.name, self.passed = id, kind, name, passed
        self._source, self.county = source, county
        self._messages: list[Message] | None = None

    @property
    def messages(self) -> list[Message]:
        if self._messages is None:
            self._messages = self._source.explain_gate(self.id, self.county)
        return self._messages


@dataclass(slots=True)
class LevelScore:
    name: str
    max: float
    points: float  # negative for a deduction block: the points it takes off
    notes: list[Message] = field(default_factory=list)  # caps and aggregation in words
    block: str = "base"  # base, bonus or deduction (first-level nodes)


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
    grade: str | None = None  # the scheme's grade (A, 优秀 …) when it has grades
    base: float | None = None  # with bonus or deduction blocks: the base total
    bonus: float = 0.0
    deduction: float = 0.0  # points taken off by deduction blocks (positive)
    notes: list[Message] = field(default_factory=list)  # how the total and grade come about
    totaller: Callable[[list[float]], float] | None = None  # indicators' points → total

    def _total_with(self, end: str) -> float:
        points = []
        for ind in self.indicators:
            raw = sum(x if (x := getattr(c, end)) is not None else c.points for c in ind.criteria)
            points.append(min(ind.max, raw))
        return self.totaller(points) if self.totaller is not None else sum(points, 0.0)

    @property
    def full_marks(self) -> float:
        """Return the scheme's full marks: its base levels' maxima (a bonus block adds above
        them and a deduction block takes off below them: Taizhou's 100, not 100 + 5 + 3)."""
        return sum(s.max for s in self.first_level if s.block == "base")

    @property
    def floor(self) -> float:
        """Return the total with every efficacy-coefficient criterion at d = 60."""
        return self._total_with("floor")

    @property
    def ceiling(self) -> float:
        """Return the total with every efficacy-coefficient criterion at d = 100 (capped)."""
        return self._total_with("ceiling")

    @property
    def review_needed(self) -> list[str]:
        """Return the messages that ask a person to look (missing values, zero bases …)."""
        gates = [f"{g.name}：{m.render()}" for g in self.gates for m in g.messages if m.review]
        return gates + [
            f"{ind.number}. {m.render()}"
            for ind in self.indicators
            for c in ind.criteria
            for m in c.messages
            if m.review
        ]

    def _structure_dict(self, r: Callable[[float | None], float | None]) -> dict[str, Any]:
        """Return the grade, blocks and total notes, for schemes that have them."""
        if self.grade is None and self.base is None and not self.notes:
            return {}
        return {
            "grade": self.grade,
            "base": r(self.base),
            "bonus": r(self.bonus),
            "deduction": r(self.deduction),
            "notes": [m.render() for m in self.notes],
        }

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
            **self._structure_dict(r),
            "gates": [
                {
                    "id": g.id,
                    "name": g.name,
                    "passed": g.passed,
                    "messages": [m.render() for m in g.messages],
                }
                for g in self.gates
            ],
            "first_level": [_level(s, r) for s in self.first_level],
            "second_level": [_level(s, r) for s in self.second_level],
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


def _level(s: LevelScore, r: Callable[[float | None], float | None]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": s.name, "max": s.max, "points": r(s.points)}
    if s.notes:
        out["notes"] = [m.render() for m in s.notes]
    if s.block != "base":
        out["block"] = s.block
    return out
