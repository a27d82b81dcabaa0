"""What every scoring primitive shares: conditions, the evaluation context, the outcome."""

from __future__ import annotations

import math
from abc import abstractmethod
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict, model_validator

from qcounty.core.messages import Message, fmt

if TYPE_CHECKING:
    from qcounty.core.framework.policies import Policies
    from qcounty.core.table import Table

Array = np.ndarray[Any, np.dtype[np.float64]]
Mask = np.ndarray[Any, np.dtype[np.bool_]]

OPS: dict[str, str] = {
    "at_least": "≥",
    "above": ">",
    "at_most": "≤",
    "below": "<",
    "equals": "=",
}


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(Spec):
    """A test on one value: 'value ≥ 16', 'value is true' (DHIS2-style left, operator, right).

    In YAML a bare key is short for "that yes/no value is true".
    """

    value: str
    at_least: float | None = None
    above: float | None = None
    at_most: float | None = None
    below: float | None = None
    equals: float | bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_key(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"value": data, "equals": True}
        return data

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        given = [op for op in OPS if getattr(self, op) is not None]
        if len(given) != 1:
            raise ValueError("a condition needs exactly one of " + ", ".join(OPS))
        return self

    @cached_property
    def op(self) -> str:
        return next(op for op in OPS if getattr(self, op) is not None)

    @cached_property
    def operand(self) -> float:
        return float(getattr(self, self.op))

    def holds(self, x: float) -> bool:
        """Return whether the condition holds for one value (NaN never holds)."""
        y = self.operand
        match self.op:
            case "at_least":
                return x >= y
            case "above":
                return x > y
            case "at_most":
                return x <= y
            case "below":
                return x < y
            case _:
                return x == y

    def test(self, x: Array) -> Mask:
        """Return where the condition holds (a missing value never holds)."""
        y = self.operand
        with np.errstate(invalid="ignore"):
            match self.op:
                case "at_least":
                    return x >= y
                case "above":
                    return x > y
                case "at_most":
                    return x <= y
                case "below":
                    return x < y
                case _:
                    return np.asarray(x == y, dtype=bool)

    def describe(self, table: Table) -> str:
        """Return the test in words, e.g. '≥ 16 %'."""
        if self.op == "equals" and isinstance(self.equals, bool):
            return "是" if self.equals else "否"
        unit = table.unit(self.value)
        return f"{OPS[self.op]} {fmt(self.operand)}{(' ' + unit) if unit else ''}"

    def explain(self, table: Table, i: int) -> Message:
        """Return whether the condition holds for county i, with the value shown."""
        x = float(table.col(self.value)[i])
        label = table.label(self.value)
        if math.isnan(x):
            return Message("cond.missing", {"label": label}, review=True)
        holds = self.holds(x)
        params = {"label": label, "shown": table.show(self.value, i), "test": self.describe(table)}
        return Message("cond.true" if holds else "cond.false", params)


def all_hold_at(conditions: list[Condition], table: Table, i: int) -> bool:
    """Return whether every condition holds for county i (a scalar path for explanations)."""
    return all(c.holds(float(table.col(c.value)[i])) for c in conditions)


def all_hold(conditions: list[Condition], table: Table) -> Mask:
    """Return where every condition holds."""
    out = np.ones(table.n, dtype=bool)
    for c in conditions:
        out &= c.test(table.col(c.value))
    return out


@dataclass
class Context:
    """What a rule sees: the cohort's columns, the policies and the comparison groups."""

    table: Table
    policies: Policies
    group: Mask  # counties that form comparison groups (eligible, or all by policy)
    group_ids: np.ndarray[Any, np.dtype[np.int64]]  # 0 for the whole cohort, or the tier
    group_names: dict[int, str]
    targets: dict[str, dict[int, tuple[float, float]]] = field(default_factory=dict)
    unit: str = "县"  # the evaluated unit in messages (本县不在比较组内), the scheme's word
    group_masks: list[tuple[int, Mask]] = field(init=False)

    def __post_init__(self) -> None:
        # the comparison groups, found once rather than once per efficacy part
        self.group_masks = [(int(g), self.group_ids == g) for g in np.unique(self.group_ids)]


@dataclass
class Outcome:
    """What a rule computed for the whole cohort: points before the criterion's cap."""

    raw: Array
    detail: dict[str, Any] = field(default_factory=dict)


class Rule(Spec):
    """A scoring primitive: reads values, returns points for every county and explains them."""

    kind: str
    summary: ClassVar[str] = ""  # one line in Chinese, for the framework's documentation

    @abstractmethod
    def values(self) -> list[str]:
        """Return the keys this rule reads."""

    @abstractmethod
    def evaluate(self, ctx: Context, points: float) -> Outcome:
        """Return raw points for every county; `points` is the criterion's maximum."""

    @abstractmethod
    def explain(self, ctx: Context, outcome: Outcome, i: int, points: float) -> list[Message]:
        """Return why county i got its raw points."""

    def conditions(self) -> list[Condition]:
        """Return the conditions this rule tests, for load-time checks of their types."""
        return []

    def check(self, inputs: dict[str, Any]) -> list[str]:
        """Return problems with the rule's references that the types alone cannot catch."""
        return []
