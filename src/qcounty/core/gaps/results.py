"""The analysis's results: points lost per indicator, actions, a plan and its steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qcounty.core.cohort import County
from qcounty.core.gaps.assessor import Assessor
from qcounty.core.results import CountyResult

EPS = 1e-9


SHOWN = 0.005  # a gain that rounds to 0.00 is no gain to a reader


NEW_TITLE = "（拟新增）"


GOAL_BEST = "该项得满分"  # an efficacy part at the reference group's best value


@dataclass(frozen=True)
class IndicatorLoss:
    """An indicator's points, its maximum and its efficacy range (d = 60 … 100)."""

    number: int
    name: str
    points: float
    max: float
    floor: float
    ceiling: float
    at_stake: float = -1.0  # what full points here would add to the total (-1: its loss)

    def __post_init__(self) -> None:
        if self.at_stake < 0:
            object.__setattr__(self, "at_stake", self.lost)

    @property
    def lost(self) -> float:
        return self.max - self.points


@dataclass(frozen=True)
class GapAction:
    """A change that would win points back, with the gain the core computed for it."""

    indicator: int
    criterion: str
    text: str  # what to do, in Chinese, built from the framework's labels
    goal: str  # the level, case or bound the change reaches
    changes: dict[str, Any]  # input key → new value (the core's typed form)
    gain: float  # new total − current total, against the reference
    gain_low: float  # with the changed efficacy criteria at d = 60
    gain_high: float  # … at d = 100
    points_now: float  # the indicator's points now
    points_max: float  # the indicator's maximum
    judged: bool = False  # touches a value the province's experts settle

    @property
    def ranged(self) -> bool:
        return self.gain_high - self.gain_low > SHOWN


@dataclass
class GapAnalysis:
    result: CountyResult
    losses: list[IndicatorLoss]  # indicators that lose points, most lost first
    actions: list[GapAction]  # ranked by gain, each measured alone
    candidates: int  # how many candidate changes were rescored
    no_gain: int = 0  # of them, rescored to no gain (shown as 0.00): not listed
    dominated: int = 0  # … doing more than another action of the clause for no more: not listed
    county: County | None = field(default=None, repr=False)  # the county analysed
    assessor: Assessor | None = field(default=None, repr=False)  # its scorer

    @property
    def lost_total(self) -> float:
        """Return what the total lacks of every indicator at full points, as the scheme adds up.

        The indicators' losses added up when the scheme adds plain sums; with caps above the
        indicator, blocks or aggregation, the total at full points less the total now.
        """
        totaller = self.result.totaller
        if totaller is None:
            return sum(x.lost for x in self.losses)
        indicators = self.result.indicators
        full = totaller([ind.max for ind in indicators])
        return max(0.0, full - totaller([ind.points for ind in indicators]))


@dataclass(frozen=True)
class PlanStep:
    """An action of a plan, with what it adds on top of the steps before it."""

    action: GapAction  # as listed (its gain measured alone)
    gain: float  # new total − total after the steps before
    gain_low: float  # with the efficacy parts this step moves at d = 60
    gain_high: float  # … at d = 100
    total: float  # the gain of this step and every step before, together
    total_low: float
    total_high: float

    @property
    def ranged(self) -> bool:
        return self.gain_high - self.gain_low > SHOWN

    @property
    def total_ranged(self) -> bool:
        return self.total_high - self.total_low > SHOWN


@dataclass
class GapPlan:
    """Actions chosen one at a time, each the best on top of those chosen before."""

    before: float  # the county's total now
    steps: list[PlanStep]
    changes: dict[str, Any]  # every step's changes applied together (input → new value)

    @property
    def gain(self) -> float:
        return self.steps[-1].total if self.steps else 0.0

    @property
    def after(self) -> float:
        return self.before + self.gain

    @property
    def gain_low(self) -> float:
        return self.steps[-1].total_low if self.steps else 0.0

    @property
    def gain_high(self) -> float:
        return self.steps[-1].total_high if self.steps else 0.0

    @property
    def ranged(self) -> bool:
        return self.gain_high - self.gain_low > SHOWN
