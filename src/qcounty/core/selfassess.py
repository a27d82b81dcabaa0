"""Self-assessment: one county's score before there is a cohort.

Against a reference cohort, the county is scored as if it had joined it (bounds from the
reference's eligible counties and the county itself); against typed-in targets, bounds are the
targets. Either way every efficacy-coefficient criterion also reports its floor (d = 60) and
ceiling (d = 100), so the office sees the range rather than a false precision.
"""

from __future__ import annotations

from typing import Any

from qcounty.core.cohort import Cohort, CohortError, County
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import EcBounds
from qcounty.core.results import CountyResult
from qcounty.core.scoring import Targets, score_cohort

TARGETS_FORMAT = "qcounty-targets/1"


def self_assess(
    framework: Framework,
    county: County,
    year: int,
    reference: Cohort | Targets,
) -> CountyResult:
    """Return the county's result against a reference cohort or a set of targets."""
    if isinstance(reference, Cohort):
        others = [c for c in reference.counties if (c.city, c.name) != (county.city, county.name)]
        score = score_cohort(framework, [*others, county], year)
        return score.county(len(others))
    policies = framework.policies.model_copy(update={"ec_bounds": EcBounds.TARGETS})
    score = score_cohort(framework, [county], year, policies=policies, targets=reference)
    return score.county(0)


def parse_targets(data: Any, framework: Framework) -> Targets:
    """Return targets from a targets file: value key → tier (0 = all) → (x_s, x_h)."""
    if not isinstance(data, dict) or data.get("format") != TARGETS_FORMAT:
        raise CohortError([f"目标值文件的格式应为“{TARGETS_FORMAT}”。"])
    if data.get("framework") != framework.id:
        raise CohortError(
            [f"目标值文件所属评价体系为“{data.get('framework')}”，与“{framework.id}”不一致。"]
        )
    raw = data.get("targets")
    if not isinstance(raw, dict):
        raise CohortError(["目标值文件缺少“targets”对象。"])
    known = {
        part.value
        for ind in framework.indicators()
        for c in ind.criteria
        if c.rule.kind == "efficacy"
        for part in c.rule.parts
    }
    out: Targets = {}
    problems = []
    for key, spec in raw.items():
        if key not in known:
            problems.append(f"“{key}”不是按功效系数法计分的指标值。")
            continue
        tiers = spec.get("tiers") if isinstance(spec, dict) and "tiers" in spec else {"0": spec}
        if not isinstance(tiers, dict):
            problems.append(f"“{key}”的 tiers 应为“梯队: 目标值”的对象。")
            continue
        out[key] = {}
        for tier, bounds in tiers.items():
            try:
                low, high = float(bounds["unacceptable"]), float(bounds["satisfactory"])
                out[key][int(tier)] = (low, high)
            except (KeyError, TypeError, ValueError):
                problems.append(
                    f'“{key}”的目标值应写成 {{"satisfactory": 数字, "unacceptable": 数字}}。'
                )
    if problems:
        raise CohortError(problems)
    return out
