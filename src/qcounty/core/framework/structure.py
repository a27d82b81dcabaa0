"""What a scheme declares above the indicator: caps, aggregation, blocks, groups and grades.

Shandong's scheme needs none of it; other provinces' schemes do: Guangdong's 质保能力 (20 items,
330 points, "该项最高不超过210分"), bonus and deduction blocks outside the base full marks,
A/B/C/D bands with a veto that forces D, and totals aggregated as a geometric mean of d's.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from qcounty.core.framework.inputs import Strict


class Aggregation(StrEnum):
    """How a node's points come from its children's (each child's share = points / maximum)."""

    SUM = "sum"  # Σ child points (the default)
    GEOMETRIC = "geometric"  # maximum × Π share^(child maximum / Σ child maxima)
    MINIMUM = "minimum"  # maximum × the smallest share


class Block(StrEnum):
    """Where a first-level node counts: in the base full marks, or outside it."""

    BASE = "base"
    BONUS = "bonus"  # 加分项: added to the base total, up to the block's points
    DEDUCTION = "deduction"  # 扣分项: the points its items lose are taken off the total


class TotalMode(StrEnum):
    """What the total is when a scheme has bonus blocks."""

    CAPPED = "capped"  # base + bonus − deductions, never above total_points
    BASE_PLUS_BONUS = "base_plus_bonus"  # reported as is, e.g. 100 + 3 = 103


class NodeShape(Strict):
    """The fields a second- or first-level node adds to its name and points."""

    cap: float | None = Field(default=None, gt=0)  # the node's points when its items add up above
    cap_text: str = ""  # the scheme's words for the cap, e.g. 该项最高不超过210分
    aggregation: Aggregation = Aggregation.SUM

    @model_validator(mode="before")
    @classmethod
    def _points_from_cap(cls, data: Any) -> Any:
        # a capped node's points are its cap: writing both is allowed only when they agree
        if isinstance(data, dict) and data.get("cap") is not None and "points" not in data:
            return {**data, "points": data["cap"]}
        return data

    @model_validator(mode="after")
    def _cap_is_points(self) -> NodeShape:
        points = getattr(self, "points", None)
        if self.cap is not None and points is not None and abs(self.cap - points) > 1e-9:
            raise ValueError(
                f"points {points:g} and cap {self.cap:g} differ: a capped node's points are its cap"
            )
        return self


class CapGroup(Strict):
    """A named set of indicators of one second-level node whose points together are capped."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    cap: float = Field(gt=0)
    cap_text: str = ""
    indicators: list[int] = Field(min_length=2)  # indicator numbers


class GradeBand(Strict):
    """A grade and the lowest total that earns it (the last band may omit it: everything else)."""

    grade: str
    at_least: float | None = None
    label: str = ""  # the scheme's words, e.g. 90分及以上


class GradeGate(Strict):
    """The fields a gate adds: the grade it forces when it fails ("考核结果一律为D级")."""

    forces_grade: str | None = None
