"""Where a county would rank: against the reference cohort, overall and in its tier.

The county replaces the reference county of the same city and name, or joins the cohort
(as in self-assessment), and is ranked by the core with the others. Its efficacy-coefficient
points are an estimate, so the rank is given with the ranks its floor (every efficacy
criterion at d = 60) and its ceiling (d = 100) would have among the others' totals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qcounty.core.cohort import Cohort, County
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import Policies
from qcounty.core.gaps import Assessor
from qcounty.core.results import CountyResult, Status
from qcounty.core.rules.base import Mask
from qcounty.core.scoring import CohortScore
from qcounty.core.wording import wording


@dataclass(frozen=True)
class RankEstimate:
    status: Status
    reasons: list[str]  # why the county is not ranked (failed gates), empty when eligible
    total: float
    floor: float
    ceiling: float
    titles: int  # the campaign's top N
    # overall, among the eligible counties (the county included)
    rank: int | None
    best_rank: int | None  # at the ceiling
    worst_rank: int | None  # at the floor
    ranked: int  # eligible counties, the county included
    # in the county's tier (tiered scheme), same meaning
    tier: int
    tier_name: str
    tier_rank: int | None
    tier_best_rank: int | None
    tier_worst_rank: int | None
    tier_ranked: int
    # the campaign's top N
    nth_total: float | None  # the N-th highest total of the other eligible counties (if N)
    to_top: float | None  # points the total lacks to reach it (0: already there; None: gated)

    @property
    def eligible(self) -> bool:
        return self.status is Status.ELIGIBLE

    @property
    def in_top(self) -> bool:
        return self.rank is not None and self.rank <= self.titles


def estimate_rank(
    framework: Framework,
    county: County,
    year: int,
    reference: Cohort,
    *,
    titles: int = 10,
    policies: Policies | None = None,
    assessor: Assessor | None = None,
) -> RankEstimate:
    """Return the county's estimated rank against the reference, with its range."""
    assessor = assessor or Assessor(
        framework, year, reference, city=county.city, name=county.name, policies=policies
    )
    score = assessor.score(county)
    return rank_in(score, score.table.n - 1, titles=titles)


def rank_in(score: CohortScore, i: int, *, titles: int = 10) -> RankEstimate:
    """Return county i's rank estimate within an already scored cohort."""
    result = score.county(i)
    decimals = score.policies.decimals
    tiers = np.array([c.tier for c in score.counties])
    eligible = score.status == Status.ELIGIBLE.value
    others = eligible.copy()
    others[i] = False
    totals = np.round(score.totals, decimals)
    tier_others = others & (tiers == result.tier)
    # the group's name: a tier's (第二梯队), or an attribute's option (食品制造业)
    tier_name = wording(score.framework).group_names.get(result.tier, "")
    top = np.sort(totals[others])[::-1]
    nth = float(top[titles - 1]) if titles >= 1 and len(top) >= titles else None
    if result.status is not Status.ELIGIBLE:
        return RankEstimate(
            status=result.status,
            reasons=_reasons(result),
            total=result.total,
            floor=result.floor,
            ceiling=result.ceiling,
            titles=titles,
            rank=None,
            best_rank=None,
            worst_rank=None,
            ranked=int(others.sum()),
            tier=result.tier,
            tier_name=tier_name,
            tier_rank=None,
            tier_best_rank=None,
            tier_worst_rank=None,
            tier_ranked=int(tier_others.sum()),
            nth_total=nth,
            to_top=None,
        )

    def place(total: float, mask: Mask) -> int:
        # competition ranking, as the core ranks: 1 + the others strictly above
        return 1 + int((totals[mask] > round(total, decimals)).sum())

    rank = result.rank or place(result.total, others)
    tier_rank = result.tier_rank or place(result.total, tier_others)
    return RankEstimate(
        status=result.status,
        reasons=[],
        total=result.total,
        floor=result.floor,
        ceiling=result.ceiling,
        titles=titles,
        rank=rank,
        best_rank=min(rank, place(result.ceiling, others)),
        worst_rank=max(rank, place(result.floor, others)),
        ranked=int(others.sum()) + 1,
        tier=result.tier,
        tier_name=tier_name,
        tier_rank=tier_rank,
        tier_best_rank=min(tier_rank, place(result.ceiling, tier_others)),
        tier_worst_rank=max(tier_rank, place(result.floor, tier_others)),
        tier_ranked=int(tier_others.sum()) + 1,
        nth_total=nth,
        # fewer other eligible counties than titles: the county is in the top N already
        to_top=0.0 if nth is None else max(0.0, nth - round(result.total, decimals)),
    )


def _reasons(result: CountyResult) -> list[str]:
    """Return, for each failed gate, the core's sentence saying why."""
    return [g.messages[-1].render() for g in result.gates if not g.passed]
