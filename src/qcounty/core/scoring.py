"""Score a cohort: gates, every criterion over all counties at once, caps, totals, ranks.

Columnar (a numpy pass per criterion); explanations come per county from the same outcomes.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

import numpy as np

from qcounty.core.cohort import Cohort, County
from qcounty.core.framework.inputs import derived_sources
from qcounty.core.framework.model import Criterion, Framework, Indicator
from qcounty.core.framework.policies import EcGroup, EcTierGroups, Policies
from qcounty.core.grades import Grades, grade_cohort, grade_notes
from qcounty.core.messages import Message, fmt
from qcounty.core.ranking import rank as _rank
from qcounty.core.results import (
    CountyResult,
    CriterionResult,
    Explanation,
    GateResult,
    IndicatorResult,
    LevelScore,
    Status,
)
from qcounty.core.rules.base import Array, Context, Mask, Outcome, all_hold
from qcounty.core.rules.efficacy import Efficacy
from qcounty.core.table import Table, build_table
from qcounty.core.tree import CountyNotes, TreePoints, county_notes, is_plain, total_of, tree_points
from qcounty.core.wording import wording

Targets = dict[str, dict[int, tuple[float, float]]]


@dataclass
class _Plan:
    """A criterion with what scoring needs precomputed once per cohort."""

    indicator: Indicator
    criterion: Criterion
    shown_keys: list[str]  # values shown as the criterion's inputs (rule values and sources)


@dataclass
class _Rows:
    """Per-county rows of the cohort's arrays (county → list over criteria or levels)."""

    raw: list[list[float]]
    points: list[list[float]]
    indicator_raw: list[list[float]]
    indicator_points: list[list[float]]
    first: list[list[float]]
    second: list[list[float]]
    floors: list[list[float]]
    ceilings: list[list[float]]
    layout: list[list[tuple[int, str, str, float, bool]]]  # per indicator: its criteria
    note_keys: list[list[str]]


@dataclass(frozen=True)
class Medians:
    """Medians of a group of eligible counties (levels in framework order)."""

    counties: int
    total: float
    first: list[float]
    second: list[float]


@dataclass
class CohortScore:
    """Points of every county under one framework, evaluation year and set of policies."""

    framework: Framework
    policies: Policies
    table: Table
    status: np.ndarray[Any, np.dtype[np.str_]]
    gate_passed: dict[str, Mask]
    plans: list[_Plan]
    outcomes: list[Outcome]
    criterion_points: Array  # criteria × counties, after each criterion's cap
    indicator_raw: Array  # indicators × counties, before the cumulative cap
    indicator_points: Array  # indicators × counties
    totals: Array
    ranks: np.ndarray[Any, np.dtype[np.int64]]  # 0 where not ranked
    tier_ranks: np.ndarray[Any, np.dtype[np.int64]]
    contexts: dict[bool, Context] = field(default_factory=dict)
    tree: TreePoints | None = None  # None: every node a plain sum (first and second below)
    grades: Grades | None = None  # '' where the scheme has no grades or gives none

    @property
    def counties(self) -> list[County]:
        return self.table.counties

    def index(self, name: str) -> int:
        """Return the position of the county called `name` or `city + name` (威海市文登区)."""
        found = [i for i, c in enumerate(self.counties) if name in (c.name, c.city + c.name)]
        if len(found) > 1:
            names = "、".join(self.counties[i].city + self.counties[i].name for i in found)
            raise KeyError(f"“{name}”不止一个：{names}，请连同所属市一起写")
        if not found:
            short = wording(self.framework).short
            raise KeyError(f"数据中没有名为“{name}”的{short}")
        return found[0]

    def ranked(self) -> list[int]:
        """Return county positions in ranking order, unranked counties last by total."""
        order = sorted(
            range(len(self.counties)),
            key=lambda i: (
                self.ranks[i] == 0,
                self.ranks[i],
                -self.totals[i],
                self.counties[i].name,
            ),
        )
        return order

    def level_points(self) -> tuple[Array, Array]:
        """Return first-level and second-level points (levels × counties)."""
        if self.tree is not None:
            return self.tree.first_shown(), self.tree.second_shown()
        first, second = [], []
        row = 0
        for f in self.framework.first_level:
            f_sum = np.zeros(len(self.counties))
            for s in f.second_level:
                k = len(s.indicators)
                s_sum = self.indicator_points[row : row + k].sum(axis=0)
                second.append(s_sum)
                f_sum = f_sum + s_sum
                row += k
            first.append(f_sum)
        return np.array(first), np.array(second)

    def group_name(self, indicator: Indicator, i: int) -> str:
        """Return the name of county i's comparison group for the indicator (e.g. 第二梯队…)."""
        ctx = self.contexts[tiered(indicator, self.policies)]
        return ctx.group_names.get(int(ctx.group_ids[i]), "")

    def medians(self, tier: int | None = None) -> Medians:
        """Return the median total, first- and second-level points of the eligible counties
        (of one tier if given); NaN where no eligible county is in the group."""
        first, second = self.level_points()
        mask = self.status == Status.ELIGIBLE.value
        if tier is not None:
            mask = mask & (np.array([c.tier for c in self.counties]) == tier)
        n = int(mask.sum())
        if not n:
            nan = float("nan")
            return Medians(0, nan, [nan] * len(first), [nan] * len(second))
        return Medians(
            n,
            float(np.median(self.totals[mask])),
            [float(x) for x in np.median(first[:, mask], axis=1)],
            [float(x) for x in np.median(second[:, mask], axis=1)],
        )

    @cached_property
    def _rows(self) -> _Rows:
        """Return the cohort's arrays as per-county Python lists: cheap to index per county."""
        first, second = self.level_points()
        n_criteria, n = len(self.plans), len(self.counties)
        floors = np.full((n_criteria, n), np.nan)
        ceilings = np.full((n_criteria, n), np.nan)
        for k, (plan, outcome) in enumerate(zip(self.plans, self.outcomes, strict=True)):
            rule = plan.criterion.rule
            if isinstance(rule, Efficacy):
                low, high = rule.range_shares(outcome, self.policies)
                floors[k], ceilings[k] = plan.criterion.points * low, plan.criterion.points * high
        indicators = self.framework.indicators()
        position = {id(ind): j for j, ind in enumerate(indicators)}
        layout: list[list[tuple[int, str, str, float, bool]]] = [[] for _ in indicators]
        for k, plan in enumerate(self.plans):
            crit = plan.criterion
            ranged = isinstance(crit.rule, Efficacy)
            layout[position[id(plan.indicator)]].append(
                (k, crit.id, crit.rule.kind, crit.points, ranged)
            )
        note_keys = [
            [*(x.key for x in ind.inputs), *(d.key for d in ind.derived)] for ind in indicators
        ]
        return _Rows(
            raw=np.array([o.raw for o in self.outcomes]).T.tolist(),
            points=self.criterion_points.T.tolist(),
            indicator_raw=self.indicator_raw.T.tolist(),
            indicator_points=self.indicator_points.T.tolist(),
            first=first.T.tolist(),
            second=second.T.tolist(),
            floors=floors.T.tolist(),
            ceilings=ceilings.T.tolist(),
            layout=layout,
            note_keys=note_keys,
        )

    def county(self, i: int) -> CountyResult:
        """Return county i's full result: every number now, every reason when first read."""
        c = self.counties[i]
        rows = self._rows
        raw, points = rows.raw[i], rows.points[i]
        floors, ceilings = rows.floors[i], rows.ceilings[i]
        ind_raw, ind_points = rows.indicator_raw[i], rows.indicator_points[i]
        indicators: list[IndicatorResult] = []
        shape = (
            CountyNotes.empty() if self.tree is None else county_notes(self.framework, self.tree, i)
        )
        for j, ind in enumerate(self.framework.indicators()):
            criteria = [
                CriterionResult(
                    cid,
                    kind,
                    most,
                    raw[k],
                    points[k],
                    self,
                    (k, i),
                    floors[k] if ranged else None,
                    ceilings[k] if ranged else None,
                )
                for k, cid, kind, most, ranged in rows.layout[j]
            ]
            notes = self._notes(j, ind, i, ind_raw[j], ind_points[j])
            notes += shape.indicators.get(ind.number, [])
            indicators.append(
                IndicatorResult(
                    ind.number,
                    ind.name,
                    ind.points,
                    ind_raw[j],
                    ind_points[j],
                    ind.tiered,
                    criteria,
                    notes,
                )
            )
        first, second = rows.first[i], rows.second[i]
        seconds = [s for f in self.framework.first_level for s in f.second_level]
        return CountyResult(
            name=c.name,
            city=c.city,
            tier=c.tier,
            status=Status(str(self.status[i])),
            total=float(self.totals[i]),
            rank=int(self.ranks[i]) or None,
            tier_rank=int(self.tier_ranks[i]) or None,
            gates=self._gates(i),
            first_level=[
                LevelScore(f.name, f.points, first[j], shape.first.get(j, []), f.block.value)
                for j, f in enumerate(self.framework.first_level)
            ],
            second_level=[
                LevelScore(s.name, s.points, second[j], shape.second.get(j, []))
                for j, s in enumerate(seconds)
            ],
            indicators=indicators,
            **self._extras(i, shape.total),
        )

    def _extras(self, i: int, notes: list[Message]) -> dict[str, Any]:
        """Return county i's grade, blocks and their notes (nothing for a plain scheme)."""
        f = self.framework
        if self.tree is None and not f.grades:
            return {}
        grade = str(self.grades[i]) if self.grades is not None else ""
        notes = notes + grade_notes(f, grade, float(self.totals[i]), self.gate_passed, i)
        out: dict[str, Any] = {"grade": grade or None, "notes": notes}
        if self.tree is not None:
            out["base"] = float(self.tree.base[i])
            out["bonus"] = float(self.tree.bonus[i])
            out["deduction"] = float(self.tree.deduction[i])
            out["totaller"] = partial(total_of, f)
        return out

    def results(self) -> list[CountyResult]:
        """Return every county's full result, in cohort order."""
        # Hundreds of thousands of small objects: a cyclic collection pass in the middle
        # of building them costs more than building them, and they hold no cycles.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return [self.county(i) for i in range(len(self.counties))]
        finally:
            if enabled:
                gc.enable()

    def explain_criterion(self, k: int, i: int) -> Explanation:
        """Return why county i got its points on criterion k."""
        plan, outcome = self.plans[k], self.outcomes[k]
        crit = plan.criterion
        rule = crit.rule
        ctx = self.contexts[_tiered(plan.indicator, self.policies)]
        messages = rule.explain(ctx, outcome, i, crit.points)
        raw, points = float(outcome.raw[i]), float(self.criterion_points[k, i])
        if raw > points + 1e-12:
            params = {"cap": fmt(crit.points), "points": fmt(points), "raw": fmt(raw)}
            messages.append(Message("cap.criterion", params))
        table = self.table
        inputs = {table.label(key): table.show(key, i) for key in plan.shown_keys}
        efficacy = rule.bounds(outcome, i) if isinstance(rule, Efficacy) else []
        return Explanation(inputs, messages, efficacy)

    def _notes(self, j: int, ind: Indicator, i: int, raw: float, points: float) -> list[Message]:
        out: list[Message] = []
        notes = self.table.notes
        if notes:
            for key in self._rows.note_keys[j]:
                if key in notes:
                    out += notes[key].get(i, [])
        if raw > points + 1e-12:
            text = ind.cumulative_cap.rstrip("。")
            params = {"text": text, "raw": fmt(raw), "cap": fmt(ind.points)}
            out.append(Message("cap.indicator", params))
        return out

    def _gates(self, i: int) -> list[GateResult]:
        return [
            GateResult(g.id, g.kind, g.name, bool(self.gate_passed[g.id][i]), self, i)
            for g in self.framework.gates
        ]

    def explain_gate(self, gate_id: str, i: int) -> list[Message]:
        """Return why county i passed or failed a gate."""
        gate = next(g for g in self.framework.gates if g.id == gate_id)
        lines = [c.explain(self.table, i) for c in gate.passes_when]
        if self.gate_passed[gate.id][i]:
            lines.append(Message("gate.pass", {"name": gate.name}))
        else:
            failed = [m.render() for m in lines if m.code != "cond.true"]
            params = {
                "name": gate.name,
                "reason": "；".join(failed),
                "consequence": gate.consequence,
            }
            lines.append(Message("gate.fail", params))
        return lines


def score_cohort(
    framework: Framework,
    counties: list[County] | Cohort,
    year: int | None = None,
    *,
    policies: Policies | None = None,
    targets: Targets | None = None,
) -> CohortScore:
    """Return the points of every county of the cohort under the framework."""
    if isinstance(counties, Cohort):
        year = counties.year if year is None else year
        counties = counties.counties
    year = framework.default_evaluation_year if year is None else year
    policies = policies or framework.policies
    table = build_table(framework, counties, year)
    return score_table(framework, table, policies=policies, targets=targets)


def score_table(
    framework: Framework,
    table: Table,
    *,
    policies: Policies | None = None,
    targets: Targets | None = None,
) -> CohortScore:
    """Return the points of every county of an already built table (the hot path)."""
    policies = policies or framework.policies
    n = table.n
    status = np.full(n, Status.ELIGIBLE.value, dtype="<U10")
    gate_passed: dict[str, Mask] = {}
    for gate in framework.gates:
        passed = all_hold(gate.passes_when, table)
        gate_passed[gate.id] = passed
        if gate.kind == "prerequisite":
            status[~passed & (status == Status.ELIGIBLE.value)] = Status.INELIGIBLE.value
        elif gate.kind == "veto":
            status[~passed] = Status.VETOED.value
        # a gate of kind "grade" leaves the status alone: it only forces the grade
    rankable = status == Status.ELIGIBLE.value
    group = rankable if policies.ec_group is EcGroup.ELIGIBLE else np.ones(n, dtype=bool)
    tiers = np.array([c.tier for c in table.counties], dtype=np.int64)
    words = wording(framework)
    everyone = words.everyone(policies.ec_group is EcGroup.ELIGIBLE)
    contexts = {
        False: Context(
            table,
            policies,
            group,
            np.zeros(n, dtype=np.int64),
            {0: everyone},
            targets or {},
            words.short,
        ),
        True: Context(
            table,
            policies,
            group,
            tiers,
            {k: f"{name}{everyone}" for k, name in words.group_names.items()},
            targets or {},
            words.short,
        ),
    }

    plans = _plans(framework)
    outcomes: list[Outcome] = []
    criterion_points = np.empty((len(plans), n))
    indicators = framework.indicators()
    indicator_raw = np.zeros((len(indicators), n))
    position = {id(ind): j for j, ind in enumerate(indicators)}
    for k, plan in enumerate(plans):
        outcome = plan.criterion.rule.evaluate(
            contexts[_tiered(plan.indicator, policies)], plan.criterion.points
        )
        outcomes.append(outcome)
        criterion_points[k] = np.minimum(outcome.raw, plan.criterion.points)
        indicator_raw[position[id(plan.indicator)]] += criterion_points[k]
    caps = np.array([ind.points for ind in indicators])[:, None]
    indicator_points = np.minimum(indicator_raw, caps)
    tree = None if is_plain(framework) else tree_points(framework, indicator_points)
    if tree is None:
        totals = indicator_points.sum(axis=0)
        first = _first_level(framework, indicator_points)
    else:
        totals = tree.totals
        first = tree.first_shown()[tree.base_firsts]
    grades = grade_cohort(framework, totals, rankable, gate_passed, policies.decimals)
    ranks = _rank(totals, first, rankable, policies, np.zeros(n, dtype=np.int64))
    tier_ranks = _rank(totals, first, rankable, policies, tiers)
    return CohortScore(
        framework=framework,
        policies=policies,
        table=table,
        status=status,
        gate_passed=gate_passed,
        plans=plans,
        outcomes=outcomes,
        criterion_points=criterion_points,
        indicator_raw=indicator_raw,
        indicator_points=indicator_points,
        totals=totals,
        ranks=ranks,
        tier_ranks=tier_ranks,
        contexts=contexts,
        tree=tree,
        grades=grades if framework.grades else None,
    )


def tiered(indicator: Indicator, policies: Policies) -> bool:
    """Whether the indicator's comparison group is the county's tier under these policies."""
    return indicator.tiered and policies.ec_tier_groups is EcTierGroups.TIERS


_tiered = tiered


_PLANS: dict[int, tuple[Framework, list[_Plan]]] = {}


def _plans(framework: Framework) -> list[_Plan]:
    cached = _PLANS.get(id(framework))
    if cached is not None and cached[0] is framework:
        return cached[1]
    plans = _make_plans(framework)
    _PLANS[id(framework)] = (framework, plans)
    return plans


def _make_plans(framework: Framework) -> list[_Plan]:
    derived = {d.key: d for d in framework.derived()}

    def shown(key: str) -> list[str]:
        # a ratio or growth rate is shown with the values it came from; a weighted sum, a
        # count or points from records alone (their terms are shown by the indicator)
        d = derived.get(key)
        if d is not None and d.kind in ("ratio", "growth"):
            return [*derived_sources(d), key]
        return [key]

    plans = []
    for ind in framework.indicators():
        for crit in ind.criteria:
            keys: list[str] = []
            for v in crit.rule.values():
                keys += [k for k in shown(v) if k not in keys]
            plans.append(_Plan(ind, crit, keys))
    return plans


def _first_level(framework: Framework, indicator_points: Array) -> Array:
    rows = []
    start = 0
    for f in framework.first_level:
        k = sum(len(s.indicators) for s in f.second_level)
        rows.append(indicator_points[start : start + k].sum(axis=0))
        start += k
    return np.array(rows)
