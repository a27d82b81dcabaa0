"""A candidate change being built: the county's values copied, changed, and said in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qcounty.core.cohort import County, check_value
from qcounty.core.framework.inputs import (
    Derived,
)
from qcounty.core.framework.model import Criterion, Framework, Indicator
from qcounty.core.gaps.reads import _derived_of
from qcounty.core.scoring import CohortScore


@dataclass
class _Candidate:
    indicator: Indicator
    criterion: Criterion
    changes: dict[str, Any]
    texts: list[str]
    goal: str
    judged: bool


class _Impossible(Exception):
    """The change cannot be expressed as valid input values."""


class _Draft:
    """A copy of the county's values being changed, with the texts that say what changed."""

    def __init__(self, ctx: _Ctx) -> None:
        self.ctx = ctx
        self.values = dict(ctx.county.values)
        self.changed: list[str] = []
        self.texts: list[str] = []
        self.judged = False

    def set(self, key: str, value: Any, text: str) -> None:
        spec = self.ctx.framework.input_or_none(key)
        if spec is None or spec.informational or key in self.ctx.gate_keys:
            raise _Impossible
        try:
            self.values[key] = check_value(spec, value)
        except ValueError:
            raise _Impossible from None
        if key not in self.changed:
            self.changed.append(key)
        self.texts.append(text)
        self.judged = self.judged or spec.judged

    def candidate(self, indicator: Indicator, criterion: Criterion, goal: str) -> _Candidate:
        changes = {k: self.values[k] for k in self.changed}
        return _Candidate(indicator, criterion, changes, self.texts, goal, self.judged)


@dataclass
class _Ctx:
    framework: Framework
    county: County
    score: CohortScore
    i: int
    derived: dict[str, Derived] = field(init=False)
    gate_keys: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.derived = _derived_of(self.framework)
        self.gate_keys = {x.key for g in self.framework.gates for x in g.inputs}

    @property
    def year(self) -> int:
        return self.score.table.year

    def x(self, key: str) -> float:
        return float(self.score.table.col(key)[self.i])

    def label(self, key: str) -> str:
        return self.framework.value_label(key)

    def unit(self, key: str) -> str:
        return self.framework.value_unit(key)


Maker = Any  # a zero-argument function returning a _Candidate or raising _Impossible
