"""Data of the evaluation's ECharts charts, from numbers the core computed (lookups only)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qcounty.core.results import Status
from qcounty.web.evaluation.figures import medians, tier_names
from qcounty.web.evaluation.snapshots import Scored


def _r(x: float) -> float | None:
    return None if math.isnan(x) else round(float(x), 4)


BINS = 20  # the distribution chart's bars, from 0 to the indicator's maximum


def distribution(scored: Scored, i: int) -> dict[str, Any]:
    """Every indicator's histogram of the eligible counties' points, with county i's points.

    Binned here, not in the browser: the page carries 20 numbers an indicator, not one a county
    (2,850 counties made it about 900 KB).
    """
    score = scored.score
    county = score.counties[i]
    return {
        "name": county.city + county.name,
        "bins": BINS,
        "indicators": [
            {**bars, "mine": _r(score.indicator_points[j][i])}
            for j, bars in enumerate(_histograms(scored))
        ],
    }


def _histograms(scored: Scored) -> list[dict[str, Any]]:
    """Return each indicator's number, name, maximum and bar counts (once per snapshot)."""
    found: list[dict[str, Any]] | None = scored.memo.get("histograms")
    if found is not None:
        return found
    score = scored.score
    eligible = np.array([str(s) == Status.ELIGIBLE.value for s in score.status], dtype=bool)
    out = []
    for j, ind in enumerate(scored.framework.indicators()):
        points = np.asarray(score.indicator_points[j], dtype=float)[eligible]
        points = points[~np.isnan(points)]
        width = ind.points / BINS
        bins = np.zeros(len(points), dtype=int) if width <= 0 else np.floor(points / width)
        counts = np.bincount(np.clip(bins, 0, BINS - 1).astype(int), minlength=BINS)
        out.append(
            {
                "number": ind.number,
                "name": ind.name,
                "max": ind.points,
                "counts": [int(n) for n in counts],
            }
        )
    scored.memo["histograms"] = out
    return out


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


CHART_TOP = 30  # the ranking chart shows the first 30 counties …
UNCERTAIN = (0.05, 0.95)  # … and every county whose entry into the top N is uncertain


def uncertain(p_top: float | None) -> bool:
    """Return whether a county's entry into the top N is uncertain (5 % < P < 95 %)."""
    return p_top is not None and UNCERTAIN[0] < p_top < UNCERTAIN[1]


def uncertainty(result: dict[str, Any]) -> dict[str, Any]:
    """The ranking with its uncertainty intervals: the first 30 and the uncertain counties.

    A chart of every ranked county (116 and more) is unreadable; the ones a reader decides
    about are the leaders and those whose entry into the top N a small change could flip.
    Probabilities are in percent, as the page shows them.
    """
    ranked = [c for c in result["counties"] if c["rank"] is not None]
    ranked.sort(key=lambda c: (c["rank"], -(c["p_top"] or 0.0)))
    shown = [c for k, c in enumerate(ranked) if k < CHART_TOP or uncertain(c["p_top"])]
    return {
        "top": result["spec"]["top"],
        "ranked": len(ranked),
        "names": [c["city"] + c["name"] for c in shown],
        "rank": [c["rank"] for c in shown],
        "low": [c["rank_low"] for c in shown],
        "median": [c["rank_median"] for c in shown],
        "high": [c["rank_high"] for c in shown],
        "p_top": [None if c["p_top"] is None else round(100 * c["p_top"], 1) for c in shown],
        "uncertain": [uncertain(c["p_top"]) for c in shown],
    }
