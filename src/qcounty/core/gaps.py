"""Gap analysis: where a county loses points, and which changes would win them back.

Candidate changes come from the rules themselves: each scoring primitive says what would raise
its points (a missing checklist item added, a flag's condition made true, a level raised, a
count raised to the next threshold, one more record of each kind, an efficacy-coefficient value
raised to the threshold or to the reference group's best value). Each candidate is applied to a
copy of the county's values and the county is rescored by the core against the reference, so
caps, cumulative caps and efficacy bounds are respected by construction: the gain is the new
total minus the current one. Texts are built from the framework's labels, never per indicator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from qcounty.core.cohort import Cohort, CohortError, County, check_record, check_value
from qcounty.core.efficacy import PartResult, PartStatus, mapping
from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountDerived,
    CountInput,
    CountsInput,
    Derived,
    GrowthDerived,
    Input,
    LinearDerived,
    NumberInput,
    PercentInput,
    RatioDerived,
    RecordPointsDerived,
    RecordsInput,
    Where,
    YearsCoveredDerived,
    derived_sources,
)
from qcounty.core.framework.model import Criterion, Framework, Indicator
from qcounty.core.framework.policies import Policies
from qcounty.core.messages import fmt
from qcounty.core.results import CountyResult
from qcounty.core.rules.base import Condition
from qcounty.core.rules.checklist import Checklist
from qcounty.core.rules.efficacy import Efficacy
from qcounty.core.rules.expert import Expert
from qcounty.core.rules.flag import Cases, Flag, FlagSum
from qcounty.core.rules.levels import Levels
from qcounty.core.rules.linear import LinearAbove
from qcounty.core.rules.per_item import PerItem
from qcounty.core.rules.thresholds import CountThresholds
from qcounty.core.scoring import CohortScore, score_table
from qcounty.core.table import Table, build_table

EPS = 1e-9
SHOWN = 0.005  # a gain that rounds to 0.00 is no gain to a reader
NEW_TITLE = "（拟新增）"
GOAL_BEST = "功效系数 d = 100"  # an efficacy part at the reference group's best value


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class IndicatorLoss:
    """An indicator's points, its maximum and its efficacy range (d = 60 … 100)."""

    number: int
    name: str
    points: float
    max: float
    floor: float
    ceiling: float

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


# ------------------------------------------------------------------ scoring against a reference


class Assessor:
    """Score one county against a fixed reference, building the reference's columns once.

    Equivalent to `selfassess.self_assess` (the county replaces a reference county of the
    same city and name, or joins the cohort, at the last position); building the table is
    row by row, so the reference's rows are built once and the county's row is stacked on.
    """

    def __init__(
        self,
        framework: Framework,
        year: int,
        reference: Cohort | None,
        *,
        city: str,
        name: str,
        policies: Policies | None = None,
    ) -> None:
        if reference is not None and reference.year != year:
            raise CohortError(
                [f"参照数据的评价年度（{reference.year}）与本县数据的评价年度（{year}）不一致。"]
            )
        self.framework = framework
        self.year = year
        self.policies = policies or framework.policies
        self.identity = (city, name)
        others = (
            []
            if reference is None
            else [c for c in reference.counties if (c.city, c.name) != self.identity]
        )
        self.base = build_table(framework, others, year)
        self.positions = {id(ind): j for j, ind in enumerate(framework.indicators())}

    def score(self, county: County) -> CohortScore:
        """Return the cohort score of the reference with the county last."""
        if (county.city, county.name) != self.identity:
            raise ValueError("the assessor was built for another county")
        table = _stack(self.base, build_table(self.framework, [county], self.year))
        return score_table(self.framework, table, policies=self.policies)

    def result(self, county: County) -> CountyResult:
        """Return the county's result, as `self_assess` would."""
        score = self.score(county)
        return score.county(score.table.n - 1)


def _stack(base: Table, one: Table) -> Table:
    """Return the table of base's counties followed by one's (columns are row-wise)."""
    n = base.n
    notes = {key: dict(rows) for key, rows in base.notes.items()}
    for key, rows in one.notes.items():
        for i, messages in rows.items():
            notes.setdefault(key, {})[n + i] = messages
    return Table(
        framework=base.framework,
        year=base.year,
        counties=[*base.counties, *one.counties],
        columns={k: np.concatenate([v, one.columns[k]]) for k, v in base.columns.items()},
        counted={k: [*v, *one.counted[k]] for k, v in base.counted.items()},
        notes=notes,
        zero_base={k: np.concatenate([v, one.zero_base[k]]) for k, v in base.zero_base.items()},
    )


# ------------------------------------------------------------------ the analysis


def points_lost(result: CountyResult) -> list[IndicatorLoss]:
    """Return the indicators that lose points, the most lost first (then by number)."""
    out = []
    for ind in result.indicators:
        if ind.lost <= EPS:
            continue
        low = sum(c.floor if c.floor is not None else c.points for c in ind.criteria)
        high = sum(c.ceiling if c.ceiling is not None else c.points for c in ind.criteria)
        out.append(
            IndicatorLoss(
                ind.number, ind.name, ind.points, ind.max, min(ind.max, low), min(ind.max, high)
            )
        )
    return sorted(out, key=lambda x: (-round(x.lost, 6), x.number))


def gap_analysis(
    framework: Framework,
    county: County,
    year: int,
    reference: Cohort | None,
    policies: Policies | None = None,
    *,
    assessor: Assessor | None = None,
) -> GapAnalysis:
    """Return the county's points lost per indicator and the actions ranked by gain."""
    assessor = assessor or Assessor(
        framework, year, reference, city=county.city, name=county.name, policies=policies
    )
    now = assessor.score(county)
    i = now.table.n - 1
    result = now.county(i)
    candidates = _candidates(framework, county, now, i)
    gaining = [a for c in candidates if (a := _rescore(assessor, county, now, i, c)) is not None]
    actions = _distinct(gaining, county.values)
    actions.sort(key=lambda a: (-round(a.gain, 6), -round(a.gain_high, 6), a.indicator, a.text))
    return GapAnalysis(
        result,
        points_lost(result),
        actions,
        len(candidates),
        no_gain=len(candidates) - len(gaining),
        dominated=len(gaining) - len(actions),
        county=county,
        assessor=assessor,
    )


def plan(analysis: GapAnalysis, n: int) -> GapPlan:
    """Return up to n actions chosen greedily, each gain re-measured on top of those chosen.

    An action's gain in `analysis.actions` is measured alone, so two ways of winning the same
    lost points (two kinds of record for item 15, whose cap leaves room for 2 points) each show
    the whole gain. Here the best action is chosen, its changes are applied, and every remaining
    action that could interact with it is rescored by the core on top of the changes chosen so
    far; an action whose points are already won gains nothing and is not chosen. The gains of
    the steps add up to the gain of all the steps together (which is rescored at each step).

    The total is the sum of the indicators' points, and an indicator's points depend only on
    the inputs its criteria read (the reference is fixed, the gates never change here), so an
    action's gain can only change when a chosen action changes an input read by an indicator
    the action itself touches: only those are rescored.
    """
    county, assessor = analysis.county, analysis.assessor
    if county is None or assessor is None:
        raise ValueError("the analysis does not say which county it analysed")
    framework = assessor.framework
    reads = _indicator_reads(framework)
    touches = [
        frozenset(j for j, keys in enumerate(reads) if keys & set(a.changes))
        for a in analysis.actions
    ]
    base = county.values
    state = dict(base)
    first = assessor.score(county)
    before = current = float(first.totals[first.table.n - 1])
    gains = {k: a.gain for k, a in enumerate(analysis.actions)}  # alone = on top of nothing
    changed: set[str] = set()
    steps: list[PlanStep] = []

    def total_with(values: dict[str, Any]) -> tuple[CohortScore, float]:
        score = assessor.score(replace(county, values=values))
        return score, float(score.totals[score.table.n - 1])

    while len(steps) < n and gains:
        k = min(gains, key=lambda k: (-round(gains[k], 6), k))
        if gains[k] < SHOWN:
            break
        action = analysis.actions[k]
        del gains[k]
        state = _merge(framework, base, state, action.changes)
        changed |= set(action.changes)
        score, after = total_with(state)
        j = score.table.n - 1
        low, high = _range(score, j, action.changes)
        gain = after - current
        all_low, all_high = _range(score, j, dict.fromkeys(changed))
        total = after - before
        steps.append(
            PlanStep(
                action=action,
                gain=gain,
                gain_low=min(gain, max(0.0, low - current)),
                gain_high=max(gain, high - current),
                total=total,
                total_low=min(total, max(0.0, all_low - before)),
                total_high=max(total, all_high - before),
            )
        )
        current = after
        for other in list(gains):
            if touches[other] & touches[k] or set(analysis.actions[other].changes) & set(
                action.changes
            ):
                merged = _merge(framework, base, state, analysis.actions[other].changes)
                gains[other] = total_with(merged)[1] - current
    changes = {key: state[key] for key in state if key in changed}
    return GapPlan(before=before, steps=steps, changes=changes)


def _indicator_reads(framework: Framework) -> list[set[str]]:
    """Return per indicator (in framework order) the input keys its criteria read."""
    out = []
    for ind in framework.indicators():
        keys: set[str] = set()
        for crit in ind.criteria:
            keys |= _reads(framework, crit)
        out.append(keys)
    return out


def _merge(
    framework: Framework, base: dict[str, Any], state: dict[str, Any], changes: dict[str, Any]
) -> dict[str, Any]:
    """Return state with an action's changes (made against base) applied on top.

    Records and checklist options an action adds are added to those already there; a count
    per option it sets is set; any other value it sets replaces the one there.
    """
    out = dict(state)
    for key, new in changes.items():
        spec = framework.input_or_none(key)
        old, now = base.get(key), state.get(key)
        if isinstance(spec, RecordsInput) and isinstance(new, list):
            out[key] = [*(now or []), *new[len(old or []) :]]
        elif isinstance(spec, ChecklistInput) and isinstance(new, list):
            have = list(now or [])
            out[key] = have + [o for o in new if o not in have]
        elif isinstance(spec, CountsInput) and isinstance(new, dict):
            counts = dict(now or {})
            counts.update({o: v for o, v in new.items() if (old or {}).get(o) != v})
            out[key] = counts
        else:
            out[key] = new
    return out


def _distinct(actions: list[GapAction], values: dict[str, Any]) -> list[GapAction]:
    """Drop an action that does more of another one (same clause and inputs) for no more.

    Item 14.2 "2 项及以上 3 分；1 项 2 分" when the indicator's cap leaves room for 2 points:
    the second standard would gain nothing over the first.
    """

    def dominated(a: GapAction) -> bool:
        return any(
            b is not a
            and b.indicator == a.indicator
            and b.criterion == a.criterion
            and b.gain >= a.gain - EPS
            and b.gain_high >= a.gain_high - EPS
            and _does_less(b.changes, a.changes, values)
            for b in actions
        )

    return [a for a in actions if not dominated(a)]


def _does_less(small: dict[str, Any], large: dict[str, Any], values: dict[str, Any]) -> bool:
    """Return whether one set of changes goes part of the way of another, and no further."""
    if set(small) != set(large) or small == large:
        return False
    for key, s in small.items():
        big, now = large[key], values.get(key)
        if isinstance(s, list) and isinstance(big, list):
            if big[: len(s)] != s:
                return False
        elif (
            isinstance(s, int | float) and isinstance(big, int | float) and not isinstance(s, bool)
        ):
            base = 0.0 if not isinstance(now, int | float) else float(now)
            if not (min(base, big) <= s <= max(base, big)):
                return False
        elif s != big:
            return False
    return True


def gap_actions(
    framework: Framework,
    county: County,
    year: int,
    reference: Cohort | None,
    policies: Policies | None = None,
) -> list[GapAction]:
    """Return the actions that would win points back, ranked by points gained."""
    return gap_analysis(framework, county, year, reference, policies).actions


def _rescore(
    assessor: Assessor, county: County, now: CohortScore, i: int, c: _Candidate
) -> GapAction | None:
    values = county.values | c.changes
    new = assessor.score(County(county.name, county.city, county.tier, values, county.synthetic))
    j = new.table.n - 1
    before, after = float(now.totals[i]), float(new.totals[j])
    gain = after - before
    low, high = _range(new, j, c.changes)
    gain_low = min(gain, max(0.0, low - before))
    gain_high = max(gain, high - before)
    if gain_high < SHOWN:
        return None
    position = assessor.positions[id(c.indicator)]
    return GapAction(
        indicator=c.indicator.number,
        criterion=c.criterion.id,
        text="；".join(c.texts),
        goal=c.goal,
        changes=c.changes,
        gain=gain,
        gain_low=gain_low,
        gain_high=gain_high,
        points_now=float(now.indicator_points[position, i]),
        points_max=c.indicator.points,
        judged=c.judged,
    )


def _range(score: CohortScore, i: int, changes: dict[str, Any]) -> tuple[float, float]:
    """Return the total with the changed efficacy parts at d = 60 and at d = 100.

    Only the parts whose value the change moved take their ends; the other parts of the same
    criterion keep their estimate, and the indicator's cap still applies.
    """
    changed = set(changes)
    framework = score.framework
    ends = mapping(np.array([60.0, 100.0]), score.policies)
    extra: dict[int, tuple[float, float]] = {}  # indicator position → (low, high) change
    positions = {id(ind): j for j, ind in enumerate(framework.indicators())}
    for k, plan in enumerate(score.plans):
        rule = plan.criterion.rule
        if not isinstance(rule, Efficacy):
            continue
        parts: list[PartResult] = score.outcomes[k].detail["parts"]
        low = high = 0.0
        moved = False
        for part, r in zip(rule.parts, parts, strict=True):
            share = float(r.share[i])
            fixed = int(r.status[i]) == PartStatus.ZERO_BASE or math.isnan(float(r.d[i]))
            if _reads_key(framework, part.value) & changed and not fixed:
                moved = True
                low += part.weight * float(ends[0])
                high += part.weight * float(ends[1])
            else:
                low += part.weight * share
                high += part.weight * share
        if moved:
            now = float(score.criterion_points[k, i])
            points = plan.criterion.points
            j = positions[id(plan.indicator)]
            a, b = extra.get(j, (0.0, 0.0))
            extra[j] = (a + min(points, points * low) - now, b + min(points, points * high) - now)
    low_total = high_total = float(score.totals[i])
    indicators = framework.indicators()
    for j, (a, b) in extra.items():
        raw = float(score.indicator_raw[j, i])
        now = float(score.indicator_points[j, i])
        cap = indicators[j].points
        low_total += min(cap, raw + a) - now
        high_total += min(cap, raw + b) - now
    return low_total, high_total


def _reads(framework: Framework, criterion: Criterion) -> set[str]:
    """Return the input keys a criterion depends on, through derived values."""
    out: set[str] = set()
    for key in criterion.rule.values():
        out |= _reads_key(framework, key)
    return out


def _reads_key(framework: Framework, key: str) -> set[str]:
    """Return the input keys a value depends on, through derived values."""
    cache = _READS.setdefault(id(framework), (framework, {}))
    if cache[0] is not framework:
        cache = _READS[id(framework)] = (framework, {})
    if key not in cache[1]:
        cache[1][key] = _sources(framework, key)
    return cache[1][key]


_READS: dict[int, tuple[Framework, dict[str, set[str]]]] = {}


def _sources(framework: Framework, key: str) -> set[str]:
    derived = _derived_of(framework)
    out: set[str] = set()
    todo = [key]
    while todo:
        key = todo.pop()
        d = derived.get(key)
        if d is not None:
            todo += derived_sources(d)
        elif framework.input_or_none(key) is not None:
            out.add(key)
        elif "." in key:
            out.add(key.rsplit(".", 1)[0])  # a checklist or counts option's column
    return out


_DERIVED: dict[int, tuple[Framework, dict[str, Derived]]] = {}


def _derived_of(framework: Framework) -> dict[str, Derived]:
    cached = _DERIVED.get(id(framework))
    if cached is None or cached[0] is not framework:
        cached = (framework, {d.key: d for d in framework.derived()})
        _DERIVED[id(framework)] = cached
    return cached[1]


# ------------------------------------------------------------------ candidates


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


def _candidates(
    framework: Framework, county: County, score: CohortScore, i: int
) -> list[_Candidate]:
    ctx = _Ctx(framework, county, score, i)
    out: list[_Candidate] = []
    seen: set[str] = set()
    positions = {id(ind): j for j, ind in enumerate(framework.indicators())}
    for k, plan in enumerate(score.plans):
        crit, ind = plan.criterion, plan.indicator
        if float(score.criterion_points[k, i]) >= crit.points - EPS:
            continue  # nothing to win on this clause
        position = positions[id(ind)]
        if float(score.indicator_points[position, i]) >= ind.points - EPS:
            continue  # the indicator is at full points (its cumulative cap)
        for make in _generators(ctx, crit, ind, k):
            try:
                c = make()
            except _Impossible:
                continue
            if not c.changes:
                continue
            signature = repr(sorted(c.changes.items(), key=lambda kv: kv[0]))
            if signature not in seen:
                seen.add(signature)
                out.append(c)
    return out


Maker = Any  # a zero-argument function returning a _Candidate or raising _Impossible


def _generators(ctx: _Ctx, crit: Criterion, ind: Indicator, k: int) -> list[Maker]:
    """Return the candidate makers of one clause, read from its rule."""
    rule = crit.rule
    makers: list[Maker] = []

    def draft_of(conditions: list[Condition], goal: str) -> Maker:
        def make() -> _Candidate:
            d = _Draft(ctx)
            for cond in conditions:
                _satisfy(d, cond)
            return d.candidate(ind, crit, goal)

        return make

    if isinstance(rule, Flag):
        makers.append(draft_of(rule.when, ""))
    elif isinstance(rule, FlagSum):
        for item in rule.items:
            makers.append(draft_of(item.when, item.label))
    elif isinstance(rule, Cases):
        now = float(ctx.score.outcomes[k].raw[ctx.i])
        better = [case for case in rule.cases if case.points > now + EPS]
        for case in better:
            makers.append(draft_of(case.when, case.label))
    elif isinstance(rule, Levels):
        makers += _levels(ctx, rule, crit, ind)
    elif isinstance(rule, Checklist):
        makers += _checklist(ctx, rule, crit, ind)
    elif isinstance(rule, PerItem):
        for t in rule.terms:
            count = ctx.x(t.value)
            count = 0.0 if math.isnan(count) else count
            if t.cap is not None and count * t.each >= t.cap - EPS:
                continue
            makers.append(_reach_maker(ctx, crit, ind, t.value, count + 1, True, ""))
    elif isinstance(rule, CountThresholds):
        x = ctx.x(rule.value)
        higher = [s for s in rule.steps if math.isnan(x) or s.at_least > x]
        picks = {id(s): s for s in (higher[-1:] + higher[:1])}  # the next step and the top
        unit = _count_unit(ctx, rule.value)
        for s in picks.values():
            goal = f"达到“{fmt(s.at_least)}{_spaced(unit)}”档（{fmt(s.points)} 分）"
            makers.append(_reach_maker(ctx, crit, ind, rule.value, s.at_least, True, goal))
    elif isinstance(rule, LinearAbove):
        target = rule.floor + math.ceil(crit.points / rule.step - EPS)
        x = ctx.x(rule.value)
        if math.isnan(x) or x < target:
            goal = f"本条最高 {fmt(crit.points)} 分"
            makers.append(_reach_maker(ctx, crit, ind, rule.value, target, True, goal))
    elif isinstance(rule, Efficacy):
        makers += _efficacy(ctx, rule, crit, ind, k)
    elif isinstance(rule, Expert):
        pass  # a judged expert score is the evaluator's, not an action of the county
    return makers


def _reach_maker(
    ctx: _Ctx,
    crit: Criterion,
    ind: Indicator,
    key: str,
    target: float,
    higher: bool,
    goal: str,
    note: str = "",
) -> Maker:
    def make() -> _Candidate:
        d = _Draft(ctx)
        _reach(d, key, target, higher, note)
        return d.candidate(ind, crit, goal)

    return make


def _levels(ctx: _Ctx, rule: Levels, crit: Criterion, ind: Indicator) -> list[Maker]:
    spec = ctx.framework.input_or_none(rule.input)
    assert isinstance(spec, ChoiceInput)  # checked at load
    code = ctx.x(rule.input)
    now = 0.0 if math.isnan(code) else rule.points[spec.options[int(code)].id]
    old = "未填报" if math.isnan(code) else spec.options[int(code)].label
    better = sorted(
        (o for o in spec.options if rule.points[o.id] > now + EPS), key=lambda o: rule.points[o.id]
    )
    picks = {o.id: o for o in (better[:1] + better[-1:])}  # the next level and the top
    makers: list[Maker] = []
    for o in picks.values():

        def make(o: Any = o) -> _Candidate:
            d = _Draft(ctx)
            d.set(spec.key, o.id, f"{spec.label}：由“{old}”提升为“{o.label}”")
            return d.candidate(ind, crit, f"{fmt(rule.points[o.id])} 分档")

        makers.append(make)
    return makers


def _checklist(ctx: _Ctx, rule: Checklist, crit: Criterion, ind: Indicator) -> list[Maker]:
    spec = ctx.framework.input_or_none(rule.input)
    assert isinstance(spec, ChecklistInput)  # checked at load
    have = list(ctx.county.values.get(spec.key) or [])
    missing = [o for o in spec.options if o.id not in have]
    makers: list[Maker] = []
    for o in missing:

        def one(o: Any = o) -> _Candidate:
            d = _Draft(ctx)
            d.set(spec.key, [*have, o.id], f"{spec.label}：补上{_quoted(o.label)}")
            return d.candidate(ind, crit, "")

        makers.append(one)
    if len(missing) > 1:

        def every() -> _Candidate:
            d = _Draft(ctx)
            shown = "、".join(_quoted(o.label) for o in missing)
            d.set(spec.key, [*have, *(o.id for o in missing)], f"{spec.label}：补上{shown}")
            return d.candidate(ind, crit, f"{len(spec.options)} 项全部具备")

        makers.append(every)
    return makers


def _efficacy(ctx: _Ctx, rule: Efficacy, crit: Criterion, ind: Indicator, k: int) -> list[Maker]:
    makers: list[Maker] = []
    parts: list[PartResult] = ctx.score.outcomes[k].detail["parts"]
    for part, r in zip(rule.parts, parts, strict=True):
        status = PartStatus(int(r.status[ctx.i]))
        if status is PartStatus.ZERO_BASE:
            continue  # a growth rate over a zero base is for a person to review
        x = ctx.x(part.value)
        sign = 1.0 if part.higher_is_better else -1.0
        unit = ctx.unit(part.value)
        if part.threshold is not None and (math.isnan(x) or sign * x < sign * part.threshold):
            goal = f"达到 {fmt(part.threshold)}{_spaced(unit)}方可按功效系数法得分"
            makers.append(
                _efficacy_maker(
                    ctx, crit, ind, part.value, part.threshold, part.higher_is_better, goal, ""
                )
            )
        xh = float(r.xh[ctx.i])
        if math.isnan(xh) or (not math.isnan(x) and sign * x >= sign * xh - EPS):
            continue
        if part.threshold is not None and sign * xh < sign * part.threshold:
            continue
        makers.append(
            _efficacy_maker(
                ctx, crit, ind, part.value, xh, part.higher_is_better, GOAL_BEST, "参照组最好水平"
            )
        )
    return makers


def _efficacy_maker(
    ctx: _Ctx,
    crit: Criterion,
    ind: Indicator,
    key: str,
    target: float,
    higher: bool,
    goal: str,
    whose: str,
) -> Maker:
    """Make the value an efficacy part reads reach a target, said of that value.

    A derived value (a growth rate, a ratio, a weighted composite) is named as such, with its
    target to 2 decimals; a rate or ratio is followed by the input that reaches it ("，即…");
    a composite (weighted sum, points of records) is not: the inputs the reach moved are one
    of many ways to make it up (seven more 5A scenic spots for a tourism composite), not a
    target a county would set itself.
    """

    def make() -> _Candidate:
        d = _Draft(ctx)
        _reach(d, key, target, higher)
        mark = f"（{whose}）" if whose else ""
        derived = ctx.derived.get(key)
        if derived is None:
            d.texts = [d.texts[0] + mark, *d.texts[1:]]
        else:
            value = f"{_two(target)}{_spaced(ctx.unit(key))}"
            said = f"{ctx.label(key)}{_verb(higher)} {value}{mark}"
            if isinstance(derived, LinearDerived | RecordPointsDerived):
                d.texts = [said]
            else:
                d.texts = [f"{said}，即{'；'.join(d.texts)}"]
        return d.candidate(ind, crit, goal)

    return make


# ------------------------------------------------------------------ making a value reach a target


def _satisfy(d: _Draft, cond: Condition) -> None:
    """Change the draft so that the condition holds (nothing when it already does)."""
    x = d.ctx.x(cond.value)
    if not math.isnan(x) and cond.holds(x):
        return
    spec = d.ctx.framework.input_or_none(cond.value)
    if cond.op == "equals":
        if isinstance(spec, BoolInput) and isinstance(cond.equals, bool):
            d.set(spec.key, cond.equals, spec.label if cond.equals else f"{spec.label}：否")
            return
        _reach(d, cond.value, cond.operand, cond.operand >= (0 if math.isnan(x) else x))
        return
    higher = cond.op in ("at_least", "above")
    target = cond.operand
    if cond.op in ("above", "below"):
        step = 1.0 if _integral(d, cond.value) else 1e-4
        target = target + step if higher else target - step
    _reach(d, cond.value, target, higher)


def _integral(d: _Draft, key: str) -> bool:
    spec = d.ctx.framework.input_or_none(key)
    derived = d.ctx.derived.get(key)
    return isinstance(spec, CountInput) or isinstance(derived, CountDerived | YearsCoveredDerived)


def _reach(d: _Draft, key: str, target: float, higher: bool, note: str = "") -> None:
    """Change the draft so that value `key` reaches `target` (from below, or from above)."""
    ctx = d.ctx
    spec = ctx.framework.input_or_none(key)
    if spec is not None:
        _reach_input(d, spec, target, higher, note)
        return
    derived = ctx.derived.get(key)
    if derived is None:
        parent, _, option = key.rpartition(".")
        owner = ctx.framework.input_or_none(parent)
        if isinstance(owner, ChecklistInput) and higher and target > 0:
            have = list(d.values.get(parent) or [])
            label = next(o.label for o in owner.options if o.id == option)
            d.set(parent, [*have, option], f"{owner.label}：补上{_quoted(label)}")
            return
        if isinstance(owner, CountsInput):
            counts = dict(d.values.get(parent) or {})
            n = _whole(target, higher)
            counts[option] = n
            d.set(parent, counts, f"{ctx.label(key)}{_verb(higher)} {n}{_spaced(owner.unit)}")
            return
        raise _Impossible
    if isinstance(derived, RatioDerived):
        den = ctx.x(derived.denominator)
        if math.isnan(den) or den <= 0:
            raise _Impossible
        rest = sum(_zero(ctx.x(k)) for k in derived.numerator[1:])
        _reach(d, derived.numerator[0], target * den / derived.scale - rest, higher, note)
        return
    if isinstance(derived, GrowthDerived):
        base = ctx.x(derived.base)
        if math.isnan(base) or base == 0:
            raise _Impossible
        _reach(d, derived.current, base * (1 + target / 100.0), higher, note)
        return
    if isinstance(derived, LinearDerived):
        _reach_linear(d, derived, target, higher, note)
        return
    if isinstance(derived, CountDerived):
        now = _zero(ctx.x(key))
        n = math.ceil(target - now - EPS)
        if not higher or n <= 0:
            raise _Impossible
        _add_records(d, derived.records, derived.where, n, derived.label)
        return
    if isinstance(derived, YearsCoveredDerived):
        now = _zero(ctx.x(key))
        n = math.ceil(target - now - EPS)
        if not higher or n <= 0:
            raise _Impossible
        _add_records(d, derived.records, [], n, derived.label, spread=True)
        return
    if isinstance(derived, RecordPointsDerived):
        now = _zero(ctx.x(key))
        row = max(derived.points, key=lambda r: r.points)
        n = math.ceil((target - now) / row.points - EPS)
        if not higher or n <= 0:
            raise _Impossible
        avoid = [f.where for f in derived.factor if f.times < 1]
        _add_records(
            d,
            derived.records,
            row.where,
            n,
            _describe_kind(ctx, derived.records, row.where),
            avoid=avoid,
        )
        return
    raise _Impossible


def _reach_input(d: _Draft, spec: Input, target: float, higher: bool, note: str) -> None:
    if isinstance(spec, CountInput):
        n = _whole(target, higher)
        d.set(spec.key, n, f"{spec.label}{_verb(higher)} {n}{_spaced(spec.unit)}{note}")
    elif isinstance(spec, PercentInput | NumberInput):
        v = _rounded(target, higher)
        unit = "%" if isinstance(spec, PercentInput) else spec.unit
        d.set(spec.key, v, f"{spec.label}{_verb(higher)} {fmt(v, 4)}{_spaced(unit)}{note}")
    elif isinstance(spec, BoolInput) and higher and target > 0:
        d.set(spec.key, True, spec.label)
    else:
        raise _Impossible


def _reach_linear(
    d: _Draft, derived: LinearDerived, target: float, higher: bool, note: str
) -> None:
    """Move the first term that can move far enough (by weight, the largest first)."""
    ctx = d.ctx
    gap = target - _zero(ctx.x(derived.key))
    for term in sorted(derived.terms, key=lambda t: -abs(t.weight)):
        if term.weight == 0:
            continue
        trial = _Draft(ctx)
        trial.values = dict(d.values)
        try:
            step_up = (gap / term.weight) > 0
            _reach(trial, term.value, _zero(ctx.x(term.value)) + gap / term.weight, step_up, note)
        except _Impossible:
            continue
        d.values = trial.values
        d.changed += [k for k in trial.changed if k not in d.changed]
        d.texts += trial.texts
        d.judged = d.judged or trial.judged
        return
    raise _Impossible


# ------------------------------------------------------------------ hypothetical records


@dataclass(frozen=True)
class RecordKind:
    """A kind of record a scored list counts (one commendation at national level …)."""

    id: str
    records: str  # the records input's key
    label: str
    where: list[Where]
    avoid: list[list[Where]]  # field values that would reduce the record's worth


def record_kinds(framework: Framework) -> list[RecordKind]:
    """Return the kinds of records that scored record lists count, in framework order."""
    out: list[RecordKind] = []
    derived = framework.derived()
    for spec in framework.inputs():
        if not isinstance(spec, RecordsInput) or spec.informational:
            continue
        mine = [d for d in derived if getattr(d, "records", None) == spec.key]
        kinds: list[RecordKind] = []
        for d in mine:
            if isinstance(d, CountDerived):
                kinds.append(RecordKind(d.key, spec.key, d.label, list(d.where), []))
            elif isinstance(d, RecordPointsDerived):
                avoid = [list(f.where) for f in d.factor if f.times < 1]
                for n, row in enumerate(d.points):
                    label = _describe_where(spec, row.where)
                    kinds.append(
                        RecordKind(
                            f"{d.key}#{n}",
                            spec.key,
                            f"{spec.label}（{label}）",
                            list(row.where),
                            avoid,
                        )
                    )
        if not kinds:
            kinds.append(RecordKind(spec.key, spec.key, spec.label, [], []))
        out += kinds
    return out


def add_records(
    framework: Framework, year: int, values: dict[str, Any], kind: RecordKind, n: int
) -> list[dict[str, Any]]:
    """Return the records list of values with n hypothetical records of the kind added."""
    spec = framework.records_input(kind.records)
    have = list(values.get(kind.records) or [])
    return have + _new_records(framework, spec, year, have, kind.where, n, kind.avoid, spread=True)


def _add_records(
    d: _Draft,
    key: str,
    where: list[Where],
    n: int,
    label: str,
    *,
    spread: bool = False,
    avoid: list[list[Where]] | None = None,
) -> None:
    ctx = d.ctx
    spec = ctx.framework.records_input(key)
    have = list(d.values.get(key) or [])
    new = _new_records(ctx.framework, spec, ctx.year, have, where, n, avoid or [], spread=spread)
    detail = _describe_where(spec, where)
    years = ""
    if spread and spec.date_field:
        shown = sorted({r[spec.date_field].year for r in new})
        years = "（" + "、".join(f"{y} 年" for y in shown) + "）"
    what = f"“{spec.label}”" + (f"（{detail}）" if detail else "")
    text = f"新增 {n} 条{what}{years}"
    if label and label != spec.label and not detail:
        text += f"，使{label}达标"
    d.set(key, [*have, *new], text)


def _new_records(
    framework: Framework,
    spec: RecordsInput,
    year: int,
    have: list[dict[str, Any]],
    where: list[Where],
    n: int,
    avoid: list[list[Where]],
    *,
    spread: bool,
) -> list[dict[str, Any]]:
    """Return n records that pass the spec's checks, match where and count in their window."""
    fixed: dict[str, Any] = {}
    for w in where:
        fixed[w.field] = w.equals[0] if isinstance(w.equals, list) else w.equals
    for clause in avoid:
        for w in clause:
            if w.field not in fixed and isinstance(w.equals, bool):
                fixed[w.field] = not w.equals
    years = _window_years(framework, spec, fixed, year)
    covered: set[int] = set()
    if spec.date_field:
        covered = {
            r[spec.date_field].year for r in have if isinstance(r.get(spec.date_field), date)
        }
    order = [y for y in years if y not in covered] if spread else []
    order += [y for y in reversed(years) if y not in order] or [year - 1]
    out = []
    for m in range(n):
        record: dict[str, Any] = {}
        for f in spec.fields:
            if f.key in fixed:
                record[f.key] = fixed[f.key]
            elif f.key == spec.date_field:
                record[f.key] = date(order[m % len(order)], 6, 30)
            elif not f.required:
                record[f.key] = None
            elif f.type == "choice":
                record[f.key] = f.options[0].id
            elif f.type == "bool":
                record[f.key] = True
            elif f.type in ("count", "number"):
                record[f.key] = 0
            else:
                record[f.key] = NEW_TITLE
        try:
            out.append(check_record(spec, record))
        except ValueError:
            raise _Impossible from None
    return out


def _window_years(
    framework: Framework, spec: RecordsInput, fixed: dict[str, Any], year: int
) -> list[int]:
    window_id = spec.window
    if spec.window_by and fixed.get(spec.window_by.field) in spec.window_by.windows:
        window_id = spec.window_by.windows[fixed[spec.window_by.field]]
    if not window_id:
        return [year - 1]
    first, last = framework.windows[window_id].years(year)
    if first is None:
        return [last]
    return list(range(first, last + 1))


def _describe_where(spec: RecordsInput, where: list[Where]) -> str:
    parts = []
    for w in where:
        f = spec.field(w.field)
        if f is None:
            continue
        wanted = w.equals if isinstance(w.equals, list) else [w.equals]
        shown = []
        for v in wanted:
            if isinstance(v, bool):
                shown.append("是" if v else "否")
            else:
                shown.append(next((o.label for o in f.options if o.id == v), str(v)))
        parts.append(f"{f.label}：{'或'.join(shown)}")
    return "；".join(parts)


def _describe_kind(ctx: _Ctx, records: str, where: list[Where]) -> str:
    return _describe_where(ctx.framework.records_input(records), where)


# ------------------------------------------------------------------ small helpers


def _zero(x: float) -> float:
    return 0.0 if math.isnan(x) else x


def _whole(target: float, higher: bool) -> int:
    return math.ceil(target - EPS) if higher else math.floor(target + EPS)


def _rounded(target: float, higher: bool) -> float:
    """Round toward the side where the target is reached, to a precision a person would type."""
    places = 0 if abs(target) >= 100 else 2 if abs(target) >= 1 else 4
    scaled = target * 10**places
    whole = math.ceil(scaled - EPS) if higher else math.floor(scaled + EPS)
    return whole / 10**places if places else float(whole)


def _two(target: float) -> str:
    """Return a derived value's target to 2 decimals (the input that reaches it is exact)."""
    return f"{round(target, 2):.2f}".rstrip("0").rstrip(".")


def _count_unit(ctx: _Ctx, key: str) -> str:
    """Return the unit of a count: its own, or the one its label ends with (“主导制定国家标准（项）”)."""
    unit = ctx.unit(key)
    if unit:
        return unit
    label = ctx.label(key)
    if label.endswith("）") and "（" in label:
        inside = label[label.rindex("（") + 1 : -1]
        if 0 < len(inside) <= 2:
            return inside
    return ""


def _verb(higher: bool) -> str:
    return "达到" if higher else "降至"


def _spaced(unit: str) -> str:
    return f" {unit}" if unit else ""


def _quoted(label: str) -> str:
    return label if label.startswith("“") else f"“{label}”"
