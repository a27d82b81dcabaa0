"""The greedy plan: actions chosen one at a time, each rescored on top of those chosen."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from qcounty.core.framework.inputs import (
    ChecklistInput,
    CountsInput,
    RecordsInput,
)
from qcounty.core.framework.model import Framework
from qcounty.core.gaps.assessor import _range
from qcounty.core.gaps.reads import _indicator_reads
from qcounty.core.gaps.results import SHOWN, GapAnalysis, GapPlan, PlanStep
from qcounty.core.scoring import CohortScore


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
    the action itself touches: only those are rescored. A scheme with caps above the indicator,
    blocks or aggregation does not add plain sums (a capped group shares its cap, a geometric
    mean weighs every share by the others): there every remaining action is rescored.
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
    if first.tree is not None:
        everything = frozenset(range(len(reads)))
        touches = [everything for _ in analysis.actions]
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
