"""The gap analysis: points lost per indicator and the actions ranked by the gain rescored."""

from __future__ import annotations

from typing import Any

from qcounty.core.cohort import Cohort, County
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import Policies
from qcounty.core.gaps.assessor import Assessor, _range
from qcounty.core.gaps.candidates import _candidates
from qcounty.core.gaps.draft import _Candidate
from qcounty.core.gaps.results import EPS, SHOWN, GapAction, GapAnalysis, IndicatorLoss
from qcounty.core.results import CountyResult
from qcounty.core.scoring import CohortScore


def points_lost(result: CountyResult) -> list[IndicatorLoss]:
    """Return the indicators that lose points, the most at stake first (then by number).

    An indicator's points at stake are what its full points would add to the total, the
    others unchanged: its loss when the scheme adds plain sums; less when a capped group or
    node, a block or an aggregation above it takes part of the loss away.
    """
    out = []
    points = [ind.points for ind in result.indicators]
    totaller = result.totaller
    now = totaller(points) if totaller is not None else 0.0
    for j, ind in enumerate(result.indicators):
        if ind.lost <= EPS:
            continue
        low = sum(c.floor if c.floor is not None else c.points for c in ind.criteria)
        high = sum(c.ceiling if c.ceiling is not None else c.points for c in ind.criteria)
        if totaller is None:
            at_stake = ind.lost
        else:
            at_stake = max(0.0, totaller([*points[:j], ind.max, *points[j + 1 :]]) - now)
        out.append(
            IndicatorLoss(
                ind.number,
                ind.name,
                ind.points,
                ind.max,
                min(ind.max, low),
                min(ind.max, high),
                at_stake,
            )
        )
    return sorted(out, key=lambda x: (-round(x.at_stake, 6), -round(x.lost, 6), x.number))


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
