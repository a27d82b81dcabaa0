"""The numbers of the gap analysis, the what-if and the rank estimate, for pages and the dashboard.

Nothing here computes a point: it reads the values that count for an application, asks the core
(`qcounty.core.gaps`, `qcounty.core.rankest`) and keeps the answers for the next request. The
values are those of the dashboard and the report (`reportdata.counted_values`): the county's own
while the application is with the county, the province's checked values once it is submitted.

Use from other code:

    gaps_for(application)   → GapAnalysis (result, losses per indicator, actions ranked by gain)
    plan_for(application)   → GapPlan: the top actions chosen one by one, gains re-measured
    gaps_and_plan(application) → both, reading the application's values once
    rank_for(application)   → RankEstimate, or None without a reference cohort
    rank_sentence(estimate) → the estimate in words (Chinese)
    what_if(application, values) → WhatIf (new result and rank beside the current ones)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _

from qcounty.core.cohort import County
from qcounty.core.framework.model import Framework
from qcounty.core.gaps import (
    Assessor,
    GapAnalysis,
    GapPlan,
    RecordKind,
    add_records,
    gap_analysis,
    plan,
)
from qcounty.core.rankest import RankEstimate, rank_in
from qcounty.core.results import CountyResult
from qcounty.core.wording import Wording
from qcounty.web.caching import Cache
from qcounty.web.campaigns.models import Application
from qcounty.web.cockpit.reportdata import counted_values
from qcounty.web.reporting.scoring import (
    assessor_of,
    county_from_values,
    fingerprint,
    reference_of,
)
from qcounty.web.words import SHANDONG

CACHED = 32  # analyses kept per process: one per application and state of its values
TOP = 10  # actions of the plan: 最值得做的十件事

_analyses: Cache[tuple[Any, ...], GapAnalysis] = Cache("gapdata.analyses", CACHED)
# the analysis's key and n → its plan
_plans: Cache[tuple[Any, ...], GapPlan] = Cache("gapdata.plans", CACHED)


def assessor_for(application: Application) -> Assessor:
    """Return the scorer of this county against its campaign's reference (built once)."""
    return assessor_of(application)


def gaps_for(application: Application) -> GapAnalysis:
    """Return the application's points lost and the actions that win points back."""
    return _analysis(application)[1]


def plan_for(application: Application, n: int = TOP) -> GapPlan:
    """Return the n actions that together win the most, each gain on top of those before.

    The actions are those of `gaps_for` (the same cached analysis); the core chooses them one
    at a time and rescores the rest on top of the changes chosen (`qcounty.core.gaps.plan`).
    """
    return gaps_and_plan(application, n)[1]


def gaps_and_plan(application: Application, n: int = TOP) -> tuple[GapAnalysis, GapPlan]:
    """Return `gaps_for` and `plan_for` of the application, reading its values once."""
    key, analysis = _analysis(application)
    return analysis, _plans.get_or_set((*key, n), lambda: plan(analysis, n))


def _analysis(application: Application) -> tuple[tuple[Any, ...], GapAnalysis]:
    """Return the analysis of the values that count now, and the key it is cached under."""
    values, _adjudicated = counted_values(application)
    campaign = application.campaign
    key = (
        application.pk,
        campaign.created_at,
        campaign.reference_version,
        _fingerprint(values),
    )
    analysis = _analyses.get_or_set(
        key,
        lambda: gap_analysis(
            campaign.framework,
            county_from_values(application, values),
            campaign.evaluation_year,
            None,
            assessor=assessor_for(application),
        ),
    )
    return key, analysis


def rank_for(application: Application, county: County | None = None) -> RankEstimate | None:
    """Return the estimated rank of the application (or of a what-if county), if there is a reference."""
    if reference_of(application.campaign) is None:
        return None
    county = county or county_from_values(application, counted_values(application)[0])
    score = assessor_for(application).score(county)
    return rank_in(score, score.table.n - 1, titles=application.campaign.titles)


def rank_sentence(estimate: RankEstimate, words: Wording = SHANDONG) -> str:
    """Return the rank estimate in words, with its uncertainty (the unit in the scheme's words)."""
    if not estimate.eligible:
        return _("按参照数据估算：本{unit}{reasons}，不参加排名。").format(
            unit=words.short, reasons="；".join(r.rstrip("。") for r in estimate.reasons)
        )
    if estimate.best_rank == estimate.worst_rank:
        where = _("约第 {rank} 名").format(rank=estimate.rank)
    else:
        where = _("约第 {rank} 名（可能在第 {best}–{worst} 名之间）").format(
            rank=estimate.rank, best=estimate.best_rank, worst=estimate.worst_rank
        )
    text = _("按参照数据估算，{where}，共 {n} 个{cohort}").format(
        where=where, n=estimate.ranked, cohort=words.cohort
    )
    if estimate.tier_name:
        text += _("；在{tier}中约第 {rank} 名（第 {best}–{worst} 名），共 {n} 个").format(
            tier=estimate.tier_name,
            rank=estimate.tier_rank,
            best=estimate.tier_best_rank,
            worst=estimate.tier_worst_rank,
            n=estimate.tier_ranked,
        )
    if estimate.in_top:
        text += _("；已在前 {n} 名之内").format(n=estimate.titles)
    elif estimate.to_top:
        text += _("；距前 {n} 名（第 {n} 名 {nth} 分）还差 {gap} 分").format(
            n=estimate.titles, nth=f"{estimate.nth_total:.2f}", gap=f"{estimate.to_top:.2f}"
        )
    return text + _("。")


@dataclass
class WhatIf:
    current: CountyResult
    result: CountyResult
    current_rank: RankEstimate | None
    rank: RankEstimate | None

    @property
    def delta(self) -> float:
        return self.result.total - self.current.total

    def changed_indicators(self) -> list[ChangedIndicator]:
        """Return the indicators whose points differ (to 0.01) between the two."""
        out = []
        for now, then in zip(self.current.indicators, self.result.indicators, strict=True):
            if abs(then.points - now.points) >= 0.005:
                out.append(ChangedIndicator(now.number, now.name, now.points, then.points, now.max))
        return out


@dataclass(frozen=True)
class ChangedIndicator:
    number: int
    name: str
    points: float  # with the stored values
    what_if: float
    max: float

    @property
    def delta(self) -> float:
        return self.what_if - self.points


def what_if(
    application: Application,
    changes: dict[str, Any],
    added: list[tuple[RecordKind, int]] | None = None,
) -> WhatIf:
    """Score the application as if some inputs had other values; nothing is stored.

    `changes` maps input keys to values as the form stores them (already checked);
    `added` asks for hypothetical records of some kinds (n each). The base is the values that
    count (`counted_values`), as on the dashboard.
    """
    campaign = application.campaign
    stored, _adjudicated = counted_values(application)
    current = county_from_values(application, stored)
    county = county_from_values(application, stored | changes)
    values = dict(county.values)
    for kind, n in added or []:
        if n > 0:
            values[kind.records] = add_records(
                campaign.framework, campaign.evaluation_year, values, kind, n
            )
    county = replace(county, values=values)
    assessor = assessor_for(application)
    now, then = assessor.score(current), assessor.score(county)
    i = now.table.n - 1
    has_reference = reference_of(campaign) is not None
    titles = campaign.titles
    return WhatIf(
        current=now.county(i),
        result=then.county(i),
        current_rank=rank_in(now, i, titles=titles) if has_reference else None,
        rank=rank_in(then, i, titles=titles) if has_reference else None,
    )


def _fingerprint(values: dict[str, Any]) -> str:
    return fingerprint(values)


def short_names(framework: Framework) -> dict[int, str]:
    """Return each indicator's short name: its second-level indicator's (17 → 计量)."""
    return {
        ind.number: second.name
        for first in framework.first_level
        for second in first.second_level
        for ind in second.indicators
    }
