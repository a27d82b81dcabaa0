"""The evaluation scheme as typed objects: tree, inputs, rules, gates, tiers, windows, policies."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from qcounty.core.framework.groups import Attribute, group_problems
from qcounty.core.framework.inputs import (
    ChecklistInput,
    ChoiceInput,
    CountsInput,
    Derived,
    Input,
    RecordsInput,
    Strict,
)
from qcounty.core.framework.plausibility import Plausibility
from qcounty.core.framework.policies import Policies
from qcounty.core.framework.predecessor import Predecessor
from qcounty.core.framework.structure import (
    Aggregation,
    Block,
    CapGroup,
    GradeBand,
    GradeGate,
    NodeShape,
    TotalMode,
)
from qcounty.core.rules import RuleSpec
from qcounty.core.rules.base import Condition


class Window(Strict):
    """A span of whole years relative to the evaluation year Y (近一年 = Y−1 … Y−1)."""

    label: str
    start: int | None = None  # offset from Y; None = all earlier years (历年累计)
    end: int = -1

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.start is not None and self.start > self.end:
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        return self

    def years(self, year: int) -> tuple[int | None, int]:
        return (None if self.start is None else year + self.start, year + self.end)

    def contains(self, when: date, year: int) -> bool:
        first, last = self.years(year)
        return (first is None or when.year >= first) and when.year <= last

    def span(self, year: int) -> str:
        first, last = self.years(year)
        if first is None:
            return f"{last} 年及以前"
        return f"{first} 年" if first == last else f"{first}–{last} 年"


class Tier(Strict):
    tier: int = Field(ge=1)
    name: str
    cities: list[str] = Field(min_length=1)


class Unit(Strict):
    """A responsible unit (数据来源) as a role a county maps to its own department."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str  # the role, e.g. 市场监管部门
    seed_names: list[str] = Field(default_factory=list)  # how the seed's county names it


class Reading(Strict):
    """A place where the scheme's text is ambiguous, and the reading this file encodes."""

    id: str
    where: str
    text: str
    choice: str


class Gate(GradeGate):
    """The prerequisite (前置指标), the one-vote veto (一票否决项) or a gate on the grade only."""

    id: str
    kind: Literal["prerequisite", "veto", "grade"]
    name: str
    statement: str
    standard: str
    consequence: str
    units: list[str] = Field(min_length=1)
    data_source: str = ""  # the 数据来源 cell as the scheme's table prints it
    inputs: list[Input] = Field(default_factory=list)
    derived: list[Derived] = Field(default_factory=list)
    passes_when: list[Condition] = Field(min_length=1)  # all must hold


class Criterion(Strict):
    """One scoring clause of an indicator, with the seed's text verbatim."""

    id: str
    standard: str
    points: float = Field(gt=0)  # the clause's maximum ("最高 … 分"), or the item's points
    rule: RuleSpec


class Indicator(Strict):
    """A third-level indicator (numbered 1–43 in the Shandong scheme)."""

    number: int = Field(ge=1)
    name: str
    points: float = Field(gt=0)
    units: list[str] = Field(min_length=1)
    data_source: str = ""  # the 数据来源 cell as the scheme's table prints it; "": the units
    preamble: str = ""  # a line of the standard that applies to every clause (item 35)
    tiered: bool = False
    cumulative_cap: str = ""  # the seed's "累计不超过 N 分" when the clauses can add up to more
    inputs: list[Input] = Field(default_factory=list)
    derived: list[Derived] = Field(default_factory=list)
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _points_reachable(self) -> Indicator:
        total = sum(c.points for c in self.criteria)
        if total + 1e-9 < self.points:
            raise ValueError(f"criteria add up to {total}, less than the indicator's {self.points}")
        if total > self.points + 1e-9 and not self.cumulative_cap:
            raise ValueError(
                f"criteria add up to {total}, more than the indicator's {self.points}: "
                "quote the seed's cap in cumulative_cap"
            )
        return self


class SecondLevel(NodeShape):
    name: str
    points: float = Field(gt=0)
    indicators: list[Indicator] = Field(min_length=1)


class FirstLevel(NodeShape):
    name: str
    points: float = Field(gt=0)
    block: Block = Block.BASE
    second_level: list[SecondLevel] = Field(min_length=1)


class Framework(Strict):
    """An evaluation scheme: another province's scheme is another file of this shape."""

    schema_: Literal["qcounty-framework/1"] = Field(alias="schema")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    version: str
    locale: str = "zh-hans"
    provider: str
    source: str
    total_points: float = Field(gt=0)
    default_evaluation_year: int
    evaluated_unit: str = "县（市、区）"  # what the scheme evaluates: 县（市、区） / 市 / 企业
    policies: Policies = Field(default_factory=Policies)
    windows: dict[str, Window]
    tiers: list[Tier] = Field(default_factory=list)
    attributes: list[Attribute] = Field(default_factory=list)  # given by the cohort file
    groups_by: str = ""  # the attribute whose options are the comparison groups; "": tiers
    units: list[Unit] = Field(min_length=1)
    readings: list[Reading] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list)
    first_level: list[FirstLevel] = Field(min_length=1)
    aggregation: Aggregation = Aggregation.SUM  # how the base first-level nodes make the total
    total_mode: TotalMode = TotalMode.CAPPED
    groups: list[CapGroup] = Field(default_factory=list)
    grades: list[GradeBand] = Field(default_factory=list)  # best first
    plausibility: Plausibility = Field(default_factory=Plausibility)
    # the version this one supersedes and how its indicators map (framework/lineage.py)
    predecessor: Predecessor | None = None

    # ------------------------------------------------------------------ lookups

    def indicators(self) -> list[Indicator]:
        return [i for f in self.first_level for s in f.second_level for i in s.indicators]

    def inputs(self) -> list[Input]:
        return [*(x for g in self.gates for x in g.inputs), *self._indicator_inputs()]

    def _indicator_inputs(self) -> list[Input]:
        return [x for i in self.indicators() for x in i.inputs]

    def derived(self) -> list[Derived]:
        return [
            *(d for g in self.gates for d in g.derived),
            *(d for i in self.indicators() for d in i.derived),
        ]

    @cached_property
    def _inputs_by_key(self) -> dict[str, Input]:
        return {x.key: x for x in self.inputs()}

    @cached_property
    def _labels(self) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for x in self.inputs():
            unit = getattr(x, "unit", "") or ("%" if x.type == "percent" else "")
            out[x.key] = (x.label, unit)
            if isinstance(x, ChecklistInput | CountsInput):
                for o in x.options:
                    out[f"{x.key}.{o.id}"] = (f"{x.label}·{o.label}", getattr(x, "unit", ""))
        for d in self.derived():
            out[d.key] = (d.label, d.unit)
        return out

    def input_or_none(self, key: str) -> Input | None:
        return self._inputs_by_key.get(key)

    def records_input(self, key: str) -> RecordsInput:
        x = self._inputs_by_key[key]
        if not isinstance(x, RecordsInput):
            raise KeyError(key)
        return x

    def value_label(self, key: str) -> str:
        return self._labels[key][0]

    def value_unit(self, key: str) -> str:
        return self._labels[key][1]

    def indicator(self, number: int) -> Indicator:
        return next(i for i in self.indicators() if i.number == number)

    def tier_of_city(self) -> dict[str, int]:
        return {city: t.tier for t in self.tiers for city in t.cities}

    def grouping_attribute(self) -> Attribute | None:
        """Return the attribute the comparison groups are by (None: the city tiers)."""
        return next((a for a in self.attributes if a.key == self.groups_by), None)

    def group_numbers(self) -> set[int]:
        """Return the comparison groups' numbers: the tiers, or 1, 2 … by the option order."""
        by = self.grouping_attribute()
        if by is None:
            return {t.tier for t in self.tiers}
        return set(range(1, len(by.options) + 1))

    def unit_name(self, unit_id: str) -> str:
        return next(u.name for u in self.units if u.id == unit_id)

    # ---------------------------------------------------------------- validation

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        # imported here: the checks module reads this one's classes
        from qcounty.core.framework.checks import check_framework

        problems = check_framework(self) + group_problems(self)
        problems += [("plausibility", m) for m in self.plausibility.problems(self._inputs_by_key)]
        if problems:
            summary = "; ".join(f"{path}: {message}" for path, message in problems)
            raise PydanticCustomError(
                "framework_problems", "{summary}", {"summary": summary, "problems": problems}
            )
        return self


def choice_options(x: Input) -> list[str]:
    """Return the option ids of a choice-like input (empty for others)."""
    if isinstance(x, ChoiceInput | ChecklistInput | CountsInput):
        return [o.id for o in x.options]
    return []
