"""Candidate changes per rule kind, read from each clause's rule."""

from __future__ import annotations

import math
from typing import Any

from qcounty.core.cohort import County
from qcounty.core.efficacy import PartResult, PartStatus
from qcounty.core.framework.inputs import (
    ChecklistInput,
    ChoiceInput,
    LinearDerived,
    RecordPointsDerived,
)
from qcounty.core.framework.model import Criterion, Framework, Indicator
from qcounty.core.gaps.draft import Maker, _Candidate, _Ctx, _Draft, _Impossible
from qcounty.core.gaps.reach import _reach, _satisfy
from qcounty.core.gaps.results import EPS, GOAL_BEST
from qcounty.core.gaps.texts import _count_unit, _quoted, _spaced, _two, _verb
from qcounty.core.messages import fmt
from qcounty.core.rules.base import Condition
from qcounty.core.rules.checklist import Checklist
from qcounty.core.rules.efficacy import Efficacy
from qcounty.core.rules.flag import Cases, Flag, FlagSum
from qcounty.core.rules.levels import Levels
from qcounty.core.rules.linear import LinearAbove
from qcounty.core.rules.per_item import PerItem
from qcounty.core.rules.thresholds import CountThresholds
from qcounty.core.scoring import CohortScore


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


def _generators(ctx: _Ctx, crit: Criterion, ind: Indicator, k: int) -> list[Maker]:
    """Return the candidate makers of one clause, read from its rule."""
    rule = crit.rule
    if isinstance(rule, Flag | FlagSum | Cases):
        return _conditions(ctx, rule, crit, ind, k)
    if isinstance(rule, Levels):
        return _levels(ctx, rule, crit, ind)
    if isinstance(rule, Checklist):
        return _checklist(ctx, rule, crit, ind)
    if isinstance(rule, PerItem):
        return _per_item(ctx, rule, crit, ind)
    if isinstance(rule, CountThresholds):
        return _count_thresholds(ctx, rule, crit, ind)
    if isinstance(rule, LinearAbove):
        return _linear_above(ctx, rule, crit, ind)
    if isinstance(rule, Efficacy):
        return _efficacy(ctx, rule, crit, ind, k)
    # an Expert rule: a judged expert score is the evaluator's, not an action of the county
    return []


def _draft_maker(
    ctx: _Ctx, crit: Criterion, ind: Indicator, conditions: list[Condition], goal: str
) -> Maker:
    def make() -> _Candidate:
        d = _Draft(ctx)
        for cond in conditions:
            _satisfy(d, cond)
        return d.candidate(ind, crit, goal)

    return make


def _conditions(
    ctx: _Ctx, rule: Flag | FlagSum | Cases, crit: Criterion, ind: Indicator, k: int
) -> list[Maker]:
    """Make a flag's condition true, each item of a flag sum, or each case worth more now."""
    if isinstance(rule, Flag):
        return [_draft_maker(ctx, crit, ind, rule.when, "")]
    if isinstance(rule, FlagSum):
        return [_draft_maker(ctx, crit, ind, item.when, item.label) for item in rule.items]
    now = float(ctx.score.outcomes[k].raw[ctx.i])
    better = [case for case in rule.cases if case.points > now + EPS]
    return [_draft_maker(ctx, crit, ind, case.when, case.label) for case in better]


def _per_item(ctx: _Ctx, rule: PerItem, crit: Criterion, ind: Indicator) -> list[Maker]:
    """Raise each uncapped count by one."""
    makers: list[Maker] = []
    for t in rule.terms:
        count = ctx.x(t.value)
        count = 0.0 if math.isnan(count) else count
        if t.cap is not None and count * t.each >= t.cap - EPS:
            continue
        makers.append(_reach_maker(ctx, crit, ind, t.value, count + 1, True, ""))
    return makers


def _count_thresholds(
    ctx: _Ctx, rule: CountThresholds, crit: Criterion, ind: Indicator
) -> list[Maker]:
    """Raise the count to the next step and to the top step."""
    x = ctx.x(rule.value)
    higher = [s for s in rule.steps if math.isnan(x) or s.at_least > x]
    picks = {id(s): s for s in (higher[-1:] + higher[:1])}  # the next step and the top
    unit = _count_unit(ctx, rule.value)
    makers: list[Maker] = []
    for s in picks.values():
        goal = f"达到“{fmt(s.at_least)}{_spaced(unit)}”档（{fmt(s.points)} 分）"
        makers.append(_reach_maker(ctx, crit, ind, rule.value, s.at_least, True, goal))
    return makers


def _linear_above(ctx: _Ctx, rule: LinearAbove, crit: Criterion, ind: Indicator) -> list[Maker]:
    """Raise the value to where the clause gives its most points."""
    target = rule.floor + math.ceil(crit.points / rule.step - EPS)
    x = ctx.x(rule.value)
    if math.isnan(x) or x < target:
        goal = f"本条最高 {fmt(crit.points)} 分"
        return [_reach_maker(ctx, crit, ind, rule.value, target, True, goal)]
    return []


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
