"""Making a value reach a target: an input set, or the inputs a derived value reads moved."""

from __future__ import annotations

import math

from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    CountDerived,
    CountInput,
    CountsInput,
    GrowthDerived,
    Input,
    LinearDerived,
    NumberInput,
    PercentInput,
    RatioDerived,
    RecordPointsDerived,
    YearsCoveredDerived,
)
from qcounty.core.gaps.draft import _Draft, _Impossible
from qcounty.core.gaps.records import _add_records
from qcounty.core.gaps.results import EPS
from qcounty.core.gaps.texts import _describe_kind, _quoted, _spaced, _verb
from qcounty.core.messages import fmt
from qcounty.core.rules.base import Condition


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
        _reach_option(d, key, target, higher)
        return
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
    if isinstance(derived, CountDerived | YearsCoveredDerived | RecordPointsDerived):
        _reach_records(d, derived, target, higher)
        return
    raise _Impossible


def _reach_option(d: _Draft, key: str, target: float, higher: bool) -> None:
    """Reach a target on one option of a checklist (tick it) or of counts (set its count)."""
    ctx = d.ctx
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


def _reach_records(
    d: _Draft,
    derived: CountDerived | YearsCoveredDerived | RecordPointsDerived,
    target: float,
    higher: bool,
) -> None:
    """Raise a value counted from records by adding hypothetical records."""
    ctx = d.ctx
    now = _zero(ctx.x(derived.key))
    if isinstance(derived, CountDerived):
        n = math.ceil(target - now - EPS)
        if not higher or n <= 0:
            raise _Impossible
        _add_records(d, derived.records, derived.where, n, derived.label)
        return
    if isinstance(derived, YearsCoveredDerived):
        n = math.ceil(target - now - EPS)
        if not higher or n <= 0:
            raise _Impossible
        _add_records(d, derived.records, [], n, derived.label, spread=True)
        return
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
