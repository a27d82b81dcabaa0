"""The figures of a scored snapshot as plain data: the ranking, the selection, the unranked.

What the results page shows and what a publication stores are the same data, built here from
the core's arrays (totals, ranks, first-level points, status); nothing is computed but lookups
and counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from qcounty.core.evaluate import Selection, select
from qcounty.core.results import Status
from qcounty.core.wording import wording
from qcounty.web.evaluation.snapshots import Scored


def tier_names(scored: Scored) -> dict[int, str]:
    """Return group number → name: the tiers, or the grouping attribute's options."""
    return wording(scored.framework).group_names


def unranked_reason(scored: Scored, i: int) -> str:
    """Return why a county is not ranked: the gates it failed, in the core's words."""
    score = scored.score
    reasons = []
    for gate in scored.framework.gates:
        if not score.gate_passed[gate.id][i]:
            reasons.append(score.explain_gate(gate.id, i)[-1].render())
    return "；".join(reasons)


def cached_ranking(scored: Scored, titles: int) -> dict[str, Any]:
    """Return `ranking` computed once per snapshot and titles (shared: copy before changing)."""
    key = ("ranking", titles)
    if key not in scored.memo:
        scored.memo[key] = ranking(scored, titles)
    found: dict[str, Any] = scored.memo[key]
    return found


@dataclass(frozen=True)
class Listing:
    """Which ranking rows a results page lists: by city, tier and a part of the name."""

    city: str = ""
    tier: int | None = None
    name: str = ""
    everything: bool = False  # the print view: every row found, on one page

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Listing:
        tier = query.get("tier", "")
        return cls(
            city=query.get("city", "").strip(),
            tier=int(tier) if tier.isdigit() else None,
            name=query.get("q", "").strip()[:50],
            everything=query.get("all") == "1",
        )

    @property
    def filtered(self) -> bool:
        return bool(self.city or self.tier is not None or self.name)

    def apply(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Return the rows this listing keeps, in their order."""
        if not self.filtered:
            return rows
        return [
            r
            for r in rows
            if (not self.city or r["city"] == self.city)
            and (self.tier is None or r["tier"] == self.tier)
            and (not self.name or self.name in r["city"] + r["county"])
        ]

    def query(self, **changes: Any) -> str:
        """Return the query string of this listing (for the page links), changed as asked."""
        params = {"city": self.city, "tier": self.tier, "q": self.name} | changes
        return urlencode({k: v for k, v in params.items() if v not in ("", None)})


def ranking(scored: Scored, titles: int) -> dict[str, Any]:
    """Return the ranking of the snapshot with the selection at `titles` (JSON-ready)."""
    score = scored.score
    framework = scored.framework
    chosen: Selection = select(score, titles)
    first, _ = score.level_points()
    names = tier_names(scored)
    words = wording(framework)
    ranks = [int(r) for r in score.ranks]
    shared = Counter(r for r in ranks if r)
    selected = set(chosen.selected)
    tied = set(chosen.tied_at_boundary)
    levels = [(f.name, f.points) for f in framework.first_level]
    rows = []
    for i in score.ranked():
        county = score.counties[i]
        status = Status(str(score.status[i]))
        rows.append(
            {
                "position": i,
                "application_id": scored.application_ids[i],
                "rank": ranks[i] or None,
                "tier_rank": int(score.tier_ranks[i]) or None,
                "shared": shared.get(ranks[i], 0) > 1,
                "county": county.name,
                "city": county.city,
                "tier": county.tier,
                "tier_name": names.get(county.tier, ""),
                "total": float(score.totals[i]),
                "grade": str(score.grades[i]) if score.grades is not None else "",
                "first_level": [
                    [name, float(first[j, i]), most] for j, (name, most) in enumerate(levels)
                ],
                "status": status.value,
                "status_zh": words.status(status),
                "selected": i in selected,
                "tied_at_boundary": i in tied,
                "reason": "" if status is Status.ELIGIBLE else unranked_reason(scored, i),
            }
        )
    return {
        "titles": titles,
        "counties": len(rows),
        "ranked": sum(1 for r in rows if r["rank"]),
        "selected": [r for r in rows if r["selected"]],
        "tied_at_boundary": [scored.score.counties[i].name for i in chosen.tied_at_boundary],
        "rows": rows,
        "levels": [name for name, _ in levels],
    }


def medians(scored: Scored, i: int) -> tuple[list[float], list[float]]:
    """Return the median first-level points of the cohort's and county i's tier's eligible
    counties, as the core computes them (NaN where the group has no eligible county)."""
    score = scored.score
    return score.medians().first, score.medians(score.counties[i].tier).first
