"""The evaluation scheme as typed objects: tree, inputs, rules, gates, tiers, windows, policies."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from qcounty.core.framework.inputs import (
    NUMERIC_TYPES,
    ChecklistInput,
    ChoiceInput,
    CountDerived,
    CountsInput,
    Derived,
    Input,
    RecordPointsDerived,
    RecordsInput,
    Strict,
    Where,
    derived_sources,
)
from qcounty.core.framework.policies import Policies
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


class Gate(Strict):
    """The prerequisite (前置指标) or the one-vote veto (一票否决项)."""

    id: str
    kind: Literal["prerequisite", "veto"]
    name: str
    statement: str
    standard: str
    consequence: str
    units: list[str] = Field(min_length=1)
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


class SecondLevel(Strict):
    name: str
    points: float = Field(gt=0)
    indicators: list[Indicator] = Field(min_length=1)


class FirstLevel(Strict):
    name: str
    points: float = Field(gt=0)
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
    policies: Policies = Field(default_factory=Policies)
    windows: dict[str, Window]
    tiers: list[Tier] = Field(default_factory=list)
    units: list[Unit] = Field(min_length=1)
    readings: list[Reading] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list)
    first_level: list[FirstLevel] = Field(min_length=1)

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

    def unit_name(self, unit_id: str) -> str:
        return next(u.name for u in self.units if u.id == unit_id)

    # ---------------------------------------------------------------- validation

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        problems = list(self._check_tree()) + list(self._check_references())
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _check_tree(self) -> list[str]:
        out = []
        first_total = sum(f.points for f in self.first_level)
        if abs(first_total - self.total_points) > 1e-9:
            out.append(f"first-level points add up to {first_total}, not {self.total_points}")
        for f in self.first_level:
            s_total = sum(s.points for s in f.second_level)
            if abs(s_total - f.points) > 1e-9:
                out.append(f"'{f.name}': second-level points add up to {s_total}, not {f.points}")
            for s in f.second_level:
                i_total = sum(i.points for i in s.indicators)
                if abs(i_total - s.points) > 1e-9:
                    out.append(f"'{s.name}': indicator points add up to {i_total}, not {s.points}")
        numbers = [i.number for i in self.indicators()]
        if numbers != list(range(1, len(numbers) + 1)):
            out.append("indicators must be numbered 1, 2, 3 … in order")
        return out

    def _check_references(self) -> list[str]:
        out: list[str] = []
        keys: dict[str, str] = {}
        for x in self.inputs():
            if x.key in keys:
                out.append(f"input key '{x.key}' is declared twice")
            keys[x.key] = x.type
            if isinstance(x, ChecklistInput | CountsInput):
                for o in x.options:
                    keys[f"{x.key}.{o.id}"] = "count"
            if isinstance(x, RecordsInput):
                for w in [x.window, *(x.window_by.windows.values() if x.window_by else [])]:
                    if w and w not in self.windows:
                        out.append(f"'{x.key}': unknown window '{w}'")
        for d in self.derived():
            for src in derived_sources(d):
                kind = keys.get(src)
                if kind is None:
                    out.append(f"derived '{d.key}' reads '{src}', which is not declared before it")
                elif d.kind in ("count", "years_covered", "record_points") and kind != "records":
                    out.append(f"derived '{d.key}' needs a record list, '{src}' is {kind}")
                elif d.kind not in ("count", "years_covered", "record_points") and kind not in (
                    *NUMERIC_TYPES,
                    "derived",
                    "checklist",
                    "counts",
                ):
                    out.append(f"derived '{d.key}' needs numbers, '{src}' is {kind}")
            if d.kind == "years_covered":
                spec = self._inputs_by_key.get(d.records)
                if isinstance(spec, RecordsInput) and not spec.window:
                    out.append(f"derived '{d.key}' needs a windowed record list")
            out += _check_where(d, self._inputs_by_key)
            if d.key in keys:
                out.append(f"value key '{d.key}' is declared twice")
            keys[d.key] = "derived"
        units = {u.id for u in self.units}
        tiers = {t.tier for t in self.tiers}
        if len(tiers) != len(self.tiers):
            out.append("two tiers share a number")
        for g in self.gates:
            out += [f"gate '{g.id}': unknown unit '{u}'" for u in g.units if u not in units]
            out += _check_conditions(f"gate '{g.id}'", g.passes_when, keys)
        for ind in self.indicators():
            where = f"indicator {ind.number}"
            out += [f"{where}: unknown unit '{u}'" for u in ind.units if u not in units]
            if ind.tiered and not self.tiers:
                out.append(f"{where} is tiered but the framework has no tiers")
            for c in ind.criteria:
                for v in c.rule.values():
                    if v not in keys:
                        out.append(f"{where} criterion {c.id}: unknown value '{v}'")
                    elif keys[v] in ("text", "date"):
                        out.append(f"{where} criterion {c.id}: '{v}' is {keys[v]}, not scorable")
                out += [f"{where} criterion {c.id}: {p}" for p in c.rule.check(self._inputs_by_key)]
                out += [
                    p
                    for p in _check_conditions(
                        f"{where} criterion {c.id}", c.rule.conditions(), keys
                    )
                    if "unknown value" not in p  # already reported above
                ]
        out += self._check_every_input_used()
        return out

    def _check_every_input_used(self) -> list[str]:
        read: set[str] = set()
        for d in self.derived():
            read.update(derived_sources(d))
        for g in self.gates:
            read.update(c.value for c in g.passes_when)
        for ind in self.indicators():
            for c in ind.criteria:
                read.update(c.rule.values())
        read.update(k.rsplit(".", 1)[0] for k in list(read))  # an option's key uses its field
        return [
            f"input '{x.key}' is read by no rule: use it, or mark it informational"
            for x in self.inputs()
            if not x.informational and x.key not in read
        ]


def _check_conditions(where: str, conditions: list[Condition], keys: dict[str, str]) -> list[str]:
    out = []
    for c in conditions:
        kind = keys.get(c.value)
        if kind is None:
            out.append(f"{where}: unknown value '{c.value}'")
        elif isinstance(c.equals, bool) and kind != "bool":
            out.append(f"{where}: '{c.value}' is {kind}, so it cannot be true or false")
        elif not isinstance(c.equals, bool) and kind == "bool":
            out.append(
                f"{where}: '{c.value}' is yes/no: test it with a bare key or equals true/false"
            )
    return out


def _check_where(d: Derived, inputs: dict[str, Input]) -> list[str]:
    """Return problems with the record filters of a derived value (fields and option ids)."""
    records = inputs.get(getattr(d, "records", ""))
    if not isinstance(records, RecordsInput):
        return []
    filters: list[Where] = []
    if isinstance(d, CountDerived):
        filters = d.where
    elif isinstance(d, RecordPointsDerived):
        filters = [w for row in d.points for w in row.where] + [
            w for f in d.factor for w in f.where
        ]
    out = []
    for w in filters:
        f = records.field(w.field)
        if f is None:
            out.append(f"derived '{d.key}': '{records.key}' has no field '{w.field}'")
            continue
        wanted = w.equals if isinstance(w.equals, list) else [w.equals]
        if f.type == "bool":
            if any(not isinstance(v, bool) for v in wanted):
                out.append(
                    f"derived '{d.key}': field '{w.field}' is yes/no: filter it with true or false"
                )
        elif f.type == "choice":
            ids = {o.id for o in f.options}
            unknown = [v for v in wanted if v not in ids]
            if unknown:
                out.append(f"derived '{d.key}': field '{w.field}' has no option {unknown}")
        else:
            out.append(
                f"derived '{d.key}': field '{w.field}' is {f.type}: filter on choice or yes/no fields"
            )
    return out


def choice_options(x: Input) -> list[str]:
    """Return the option ids of a choice-like input (empty for others)."""
    if isinstance(x, ChoiceInput | ChecklistInput | CountsInput):
        return [o.id for o in x.options]
    return []
