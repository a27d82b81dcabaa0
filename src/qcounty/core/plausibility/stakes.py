"""Points at stake and severity: rescore each flagged county with its value corrected."""

from __future__ import annotations

import dataclasses
from typing import Any

from qcounty.core.cohort import County
from qcounty.core.framework.model import Framework
from qcounty.core.plausibility.flags import SEVERITIES, Flag
from qcounty.core.results import Status
from qcounty.core.scoring import score_table
from qcounty.core.table import build_table

HIGH_STAKE = 1.0  # points: a flag that could move this much is high severity


def corrected(county: County, correction: dict[str, Any]) -> County:
    """Return a copy of the county with the corrected values (`key.option` for counts)."""
    values = dict(county.values)
    for key, value in correction.items():
        if key not in values and "." in key:
            base, option = key.rsplit(".", 1)
            if isinstance(values.get(base), dict):
                values[base] = {**values[base], option: value}
                continue
        values[key] = value
    return dataclasses.replace(county, values=values)


def with_stakes(
    framework: Framework, year: int, counties: list[County], flags: list[Flag]
) -> list[Flag]:
    """Return the flags with their points at stake and severity, riskiest first.

    One table holds the cohort and, after it, one corrected copy of a county per flag; one
    scoring gives every total. The corrected copies join the comparison groups beside the
    original (an approximation: a median or zero does not move the group's bounds).
    """
    position = {(c.city, c.name): i for i, c in enumerate(counties)}
    todo = [k for k, f in enumerate(flags) if f.correction and (f.city, f.county) in position]
    if not todo:
        return sort_flags(flags)
    extra = [corrected(counties[position[flags[k].city, flags[k].county]], flags[k].correction)
             for k in todo]  # fmt: skip
    score = score_table(framework, build_table(framework, [*counties, *extra], year))
    n = len(counties)
    out = list(flags)
    eligible = Status.ELIGIBLE.value
    for row, k in enumerate(todo):
        f = flags[k]
        i = position[f.city, f.county]
        before, after = float(score.totals[i]), float(score.totals[n + row])
        lost = score.status[i] == eligible and score.status[n + row] != eligible
        stake = max(0.0, before - after) if not lost else max(before, HIGH_STAKE)
        severity = "high" if stake >= HIGH_STAKE or lost else f.severity
        out[k] = dataclasses.replace(f, points_at_stake=round(stake, 2), severity=severity)
    return sort_flags(out)


def sort_flags(flags: list[Flag]) -> list[Flag]:
    """Return the flags riskiest first: severity, then points at stake, then county."""
    rank = {s: j for j, s in enumerate(SEVERITIES)}
    return sorted(flags, key=lambda f: (rank[f.severity], -f.points_at_stake, f.city, f.county))
