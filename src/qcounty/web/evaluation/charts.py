"""Data of the evaluation's ECharts charts, from numbers the core computed (lookups only)."""

from __future__ import annotations

import math
from typing import Any

from qcounty.core.results import Status
from qcounty.web.evaluation.figures import medians, tier_names
from qcounty.web.evaluation.snapshots import Scored


def _r(x: float) -> float | None:
    return None if math.isnan(x) else round(float(x), 4)


def distribution(scored: Scored, i: int) -> dict[str, Any]:
    """Every indicator's points across the cohort, with county i to be marked."""
    score = scored.score
    eligible = [str(s) == Status.ELIGIBLE.value for s in score.status]
    return {
        "county": i,
        "names": [c.city + c.name for c in score.counties],
        "eligible": eligible,
        "indicators": [
            {
                "number": ind.number,
                "name": ind.name,
                "max": ind.points,
                "points": [_r(x) for x in score.indicator_points[j]],
            }
            for j, ind in enumerate(scored.framework.indicators())
        ],
    }


def radar(scored: Scored, i: int) -> dict[str, Any]:
    """County i's four first-level scores against the cohort's and its tier's medians."""
    score = scored.score
    first, _ = score.level_points()
    cohort, tier = medians(scored, i)
    county = score.counties[i]
    return {
        "levels": [{"name": f.name, "max": f.points} for f in scored.framework.first_level],
        "county": [_r(x) for x in first[:, i]],
        "cohort": [_r(x) for x in cohort],
        "tier": [_r(x) for x in tier],
        "county_name": county.city + county.name,
        "tier_name": tier_names(scored).get(county.tier, ""),
    }


def uncertainty(result: dict[str, Any]) -> dict[str, Any]:
    """The ranking with uncertainty bars, from a robustness run's stored figures."""
    ranked = [c for c in result["counties"] if c["rank"] is not None]
    ranked.sort(key=lambda c: (c["rank"], -(c["p_top"] or 0.0)))
    return {
        "top": result["spec"]["top"],
        "names": [c["city"] + c["name"] for c in ranked],
        "rank": [c["rank"] for c in ranked],
        "low": [c["rank_low"] for c in ranked],
        "median": [c["rank_median"] for c in ranked],
        "high": [c["rank_high"] for c in ranked],
        "p_top": [c["p_top"] for c in ranked],
    }
