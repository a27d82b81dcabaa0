"""Self-assessment: one county's score before there is a cohort.

Against a reference cohort, the county is scored as if it had joined it (bounds from the
reference's eligible counties and the county itself); against typed-in targets, bounds are the
targets. Either way every efficacy-coefficient criterion also reports its floor (d = 60) and
ceiling (d = 100), so the office sees the range rather than a false precision.
"""

from __future__ import annotations

from typing import Any

from qcounty.core.cohort import Cohort, CohortError, County
from qcounty.core.framework.checks import zero_range_defined
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import EcBounds, Policies
from qcounty.core.results import CountyResult
from qcounty.core.rules.efficacy import Efficacy
from qcounty.core.scoring import Targets, score_cohort
from qcounty.core.wording import wording

TARGETS_FORMAT = "qcounty-targets/1"


def self_assess(
    framework: Framework,
    county: County,
    year: int,
    reference: Cohort | Targets,
    policies: Policies | None = None,
) -> CountyResult:
    """Return the county's result against a reference cohort or a set of targets."""
    policies = policies or framework.policies
    if isinstance(reference, Cohort):
        if reference.year != year:
            raise CohortError(
                [
                    f"参照数据的评价年度（{reference.year}）与本{wording(framework).short}"
                    f"数据的评价年度（{year}）不一致。"
                ]
            )
        others = [c for c in reference.counties if (c.city, c.name) != (county.city, county.name)]
        score = score_cohort(framework, [*others, county], year, policies=policies)
        return score.county(len(others))
    policies = policies.model_copy(update={"ec_bounds": EcBounds.TARGETS})
    score = score_cohort(framework, [county], year, policies=policies, targets=reference)
    result = score.county(0)
    result.rank = result.tier_rank = None  # alone against targets, a rank means nothing
    return result


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
        part.value: ind.tiered
        for ind in framework.indicators()
        for c in ind.criteria
        if isinstance(c.rule, Efficacy)
        for part in c.rule.parts
    }
    tier_numbers = framework.group_numbers()  # the tiers, or the grouping attribute's options
    valid_tiers = {key: ({0} | tier_numbers) if tiered else {0} for key, tiered in known.items()}
    words = wording(framework)
    span = f"{min(tier_numbers)}–{max(tier_numbers)}" if tier_numbers else "0"
    tier_note = {
        key: f"按{words.grouping}评价，{words.grouping}写 {span} 或 0（全部）"
        if tiered
        else f"不分{words.grouping}，目标值对全部{words.short}适用"
        for key, tiered in known.items()
    }
    nth = "第 {tier} 梯队" if words.by_tier else f"第 {{tier}} 个{words.grouping}"
    out: Targets = {}
    problems = []
    for key, spec in raw.items():
        if key not in known:
            problems.append(f"“{key}”不是按功效系数法计分的指标值。")
            continue
        given = spec.get("tiers") if isinstance(spec, dict) and "tiers" in spec else {"0": spec}
        if not isinstance(given, dict):
            problems.append(f"“{key}”的 tiers 应为“{words.grouping}: 目标值”的对象。")
            continue
        out[key] = {}
        for tier, bounds in given.items():
            try:
                low, high = float(bounds["unacceptable"]), float(bounds["satisfactory"])
                if low == high and not zero_range_defined(framework):
                    problems.append(
                        f"“{key}”的满意值与不允许值都是 {low:g}，功效系数 d 的分母为零，无法计算："
                        "请写两个不同的值，或由评价体系在 policies 中写明 ec_zero_range"
                        "（full：恰为该值时 d = 100；sixty_flag：d = 60）。"
                    )
                    continue
                if int(tier) not in valid_tiers[key]:
                    which = nth.format(tier=tier)
                    problems.append(f"“{key}”没有{which}（该指标{tier_note[key]}）。")
                    continue
                out[key][int(tier)] = (low, high)
            except (KeyError, TypeError, ValueError):
                problems.append(
                    f'“{key}”的目标值应写成 {{"satisfactory": 数字, "unacceptable": 数字}}。'
                )
    if problems:
        raise CohortError(problems)
    return out
