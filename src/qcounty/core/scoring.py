"""Score a cohort: gates, every criterion over all counties at once, caps, totals, ranks.

The score-only path is columnar (one numpy pass per criterion); explanations are built per
county on demand from the same outcomes, so they can never disagree with the points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qcounty.core.cohort import Cohort, County
from qcounty.core.framework.inputs import derived_sources
from qcounty.core.framework.model import Criterion, Framework, Indicator
from qcounty.core.framework.policies import EcGroup, Policies, TieBreak
from qcounty.core.messages import Message, fmt
from qcounty.core.results import (
    CountyResult,
    CriterionResult,
    GateResult,
    IndicatorResult,
    LevelScore,
    Status,
)
from qcounty.core.rules.base import Array, Context, Mask, Outcome, all_hold
from qcounty.core.rules.efficacy import Efficacy
from qcounty.core.table import Table, build_table

Targets = dict[str, dict[int, tuple[float, float]]]


@dataclass
class _Plan:
    """A criterion with what scoring needs precomputed once per cohort."""

    indicator: Indicator
    criterion: Criterion
    shown_keys: list[str]  # values shown as the criterion's inputs (rule values and sources)


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

    @property
    def counties(self) -> list[County]:
        return self.table.counties

    def index(self, name: str) -> int:
        """Return the position of the county with this name (or 'city+name')."""
        for i, c in enumerate(self.counties):
            if name in (c.name, c.city + c.name):
                return i
        raise KeyError(name)

    def ranked(self) -> list[int]:
        """Return county positions in ranking order, unranked counties last by total."""
        order = sorted(
            range(len(self.counties)),
            key=lambda i: (self.ranks[i] == 0, self.ranks[i], -self.totals[i], self.counties[i].name),
        )
        return order

    def level_points(self) -> tuple[Array, Array]:
        """Return first-level and second-level points (levels × counties)."""
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

    def county(self, i: int) -> CountyResult:
        """Return county i's full result with the explanation of every point."""
        c = self.counties[i]
        first, second = self.level_points()
        indicators: list[IndicatorResult] = []
        for number, ind in enumerate(self.framework.indicators()):
            criteria = [
                self._criterion(k, i)
                for k, plan in enumerate(self.plans)
                if plan.indicator is ind
            ]
            notes = self._notes(ind, i)
            raw, points = float(self.indicator_raw[number, i]), float(self.indicator_points[number, i])
            if raw > points + 1e-12:
                notes.append(
                    Message(
                        "cap.indicator",
                        {"text": ind.cumulative_cap, "raw": fmt(raw), "cap": fmt(ind.points)},
                    )
                )
            indicators.append(
                IndicatorResult(
                    number=ind.number,
                    name=ind.name,
                    max=ind.points,
                    raw=raw,
                    points=points,
                    tiered=ind.tiered,
                    criteria=criteria,
                    notes=notes,
                )
            )
        firsts = [
            LevelScore(f.name, f.points, float(first[j, i]))
            for j, f in enumerate(self.framework.first_level)
        ]
        seconds = [
            LevelScore(s.name, s.points, float(second[j, i]))
            for j, s in enumerate(s for f in self.framework.first_level for s in f.second_level)
        ]
        return CountyResult(
            name=c.name,
            city=c.city,
            tier=c.tier,
            status=Status(str(self.status[i])),
            total=float(self.totals[i]),
            rank=int(self.ranks[i]) or None,
            tier_rank=int(self.tier_ranks[i]) or None,
            gates=self._gates(i),
            first_level=firsts,
            second_level=seconds,
            indicators=indicators,
        )

    def results(self) -> list[CountyResult]:
        """Return every county's full result, in cohort order."""
        return [self.county(i) for i in range(len(self.counties))]

    def _criterion(self, k: int, i: int) -> CriterionResult:
        plan, outcome = self.plans[k], self.outcomes[k]
        crit = plan.criterion
        rule = crit.rule
        ctx = self.contexts[plan.indicator.tiered]
        raw = float(outcome.raw[i])
        points = float(self.criterion_points[k, i])
        messages = rule.explain(ctx, outcome, i, crit.points)
        if raw > points + 1e-12:
            params = {"cap": fmt(crit.points), "points": fmt(points), "raw": fmt(raw)}
            messages.append(Message("cap.criterion", params))
        table = self.table
        result = CriterionResult(
            id=crit.id,
            kind=rule.kind,
            max=crit.points,
            raw=raw,
            points=points,
            inputs={table.label(key): table.show(key, i) for key in plan.shown_keys},
            messages=messages,
        )
        if isinstance(rule, Efficacy):
            result.efficacy = rule.bounds(outcome, i)
            low, high = rule.range_share(outcome, i, self.policies)
            result.floor, result.ceiling = crit.points * low, crit.points * high
        return result

    def _notes(self, ind: Indicator, i: int) -> list[Message]:
        out: list[Message] = []
        for key in [*(x.key for x in ind.inputs), *(d.key for d in ind.derived)]:
            out += self.table.notes.get(key, {}).get(i, [])
        return out

    def _gates(self, i: int) -> list[GateResult]:
        out = []
        for gate in self.framework.gates:
            passed = bool(self.gate_passed[gate.id][i])
            lines = [c.explain(self.table, i) for c in gate.passes_when]
            if passed:
                lines.append(Message("gate.pass", {"name": gate.name}))
            else:
                failed = [m.render() for m in lines if m.code != "cond.true"]
                params = {"name": gate.name, "reason": "；".join(failed), "consequence": gate.consequence}
                lines.append(Message("gate.fail", params))
            out.append(GateResult(gate.id, gate.kind, gate.name, passed, lines))
        return out


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
        else:
            status[~passed] = Status.VETOED.value
    rankable = status == Status.ELIGIBLE.value
    group = rankable if policies.ec_group is EcGroup.ELIGIBLE else np.ones(n, dtype=bool)
    tiers = np.array([c.tier for c in table.counties], dtype=np.int64)
    everyone = "全体参评县" if policies.ec_group is EcGroup.ELIGIBLE else "全体县"
    contexts = {
        False: Context(
            table, policies, group, np.zeros(n, dtype=np.int64), {0: everyone}, targets or {}
        ),
        True: Context(
            table,
            policies,
            group,
            tiers,
            {t.tier: f"{t.name}{everyone}" for t in framework.tiers},
            targets or {},
        ),
    }

    plans = _plans(framework)
    outcomes: list[Outcome] = []
    criterion_points = np.empty((len(plans), n))
    indicators = framework.indicators()
    indicator_raw = np.zeros((len(indicators), n))
    position = {id(ind): j for j, ind in enumerate(indicators)}
    for k, plan in enumerate(plans):
        outcome = plan.criterion.rule.evaluate(contexts[plan.indicator.tiered], plan.criterion.points)
        outcomes.append(outcome)
        criterion_points[k] = np.minimum(outcome.raw, plan.criterion.points)
        indicator_raw[position[id(plan.indicator)]] += criterion_points[k]
    caps = np.array([ind.points for ind in indicators])[:, None]
    indicator_points = np.minimum(indicator_raw, caps)
    totals = indicator_points.sum(axis=0)

    first = _first_level(framework, indicator_points)
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
    )


def _plans(framework: Framework) -> list[_Plan]:
    derived = {d.key: d for d in framework.derived()}

    def shown(key: str) -> list[str]:
        d = derived.get(key)
        if d is None or d.kind in ("linear",):
            return [key]
        if d.kind in ("ratio", "growth"):
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


def _rank(
    totals: Array,
    first: Array,
    rankable: Mask,
    policies: Policies,
    groups: np.ndarray[Any, np.dtype[np.int64]],
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Return competition ranks (1, 2, 2, 4) within each group; 0 for unranked counties."""
    ranks = np.zeros(len(totals), dtype=np.int64)
    rounded = np.round(totals, policies.decimals)
    keys = [rounded]
    if policies.tie_break is TieBreak.FIRST_LEVEL:
        keys += [np.round(row, policies.decimals) for row in first[::-1]]
    for g in np.unique(groups[rankable]):
        members = np.flatnonzero(rankable & (groups == g))
        # lexsort sorts by the last key first: give it the keys in reverse, negated for descending
        order = members[np.lexsort([-k[members] for k in reversed(keys)])]
        previous: tuple[float, ...] | None = None
        rank = 0
        for position, i in enumerate(order, start=1):
            key = tuple(float(k[i]) for k in keys)
            if key != previous:
                rank = position
                previous = key
            ranks[i] = rank
    return ranks
