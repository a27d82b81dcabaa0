"""Run every plausibility check on a cohort, or on one county against its peers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from qcounty.core.cohort import Cohort, County
from qcounty.core.framework.model import Framework
from qcounty.core.plausibility import across, backing, change, consistency, peers
from qcounty.core.plausibility.flags import Context, Flag, Thresholds
from qcounty.core.plausibility.official import Figures, official_mismatches
from qcounty.core.plausibility.stakes import sort_flags, with_stakes

OWN_CHECKS = (
    consistency.parts_exceeding,
    consistency.ratios_disagreeing,
    consistency.dates_outside,
    consistency.duplicate_records,
    backing.unbacked_ticks,
    backing.uncounted,
)
CHANGE_CHECKS = (change.jumps, change.cumulative_falls, change.carry_overs)
Official = Mapping[tuple[str, str], Figures]  # (city, county) → its official figures


def check_cohort(
    framework: Framework,
    cohort: Cohort,
    previous: Cohort | None = None,
    *,
    today: date | None = None,
    thresholds: Thresholds | None = None,
    stakes: bool = True,
    official: Official | None = None,
) -> list[Flag]:
    """Return the flags of every county of the cohort, riskiest first."""
    return _check(framework, cohort, previous, None, today, thresholds, stakes, official)


def check_county(
    framework: Framework,
    county: County,
    peers_of: Cohort,
    previous: Cohort | None = None,
    *,
    today: date | None = None,
    thresholds: Thresholds | None = None,
    stakes: bool = True,
    official: Official | None = None,
) -> list[Flag]:
    """Return the flags on one county's own data, its peers being the rest of the cohort.

    The county replaces the cohort's county of the same city and name, or joins it. Flags
    name no other county in their message (the county's 自查 panel shows them as they are);
    `Flag.others` does, for the province only.
    """
    others = [c for c in peers_of.counties if (c.city, c.name) != (county.city, county.name)]
    cohort = Cohort(peers_of.framework_id, peers_of.year, [*others, county])
    return _check(framework, cohort, previous, len(others), today, thresholds, stakes, official)


def _check(
    framework: Framework,
    cohort: Cohort,
    previous: Cohort | None,
    one: int | None,
    today: date | None,
    thresholds: Thresholds | None,
    stakes: bool,
    official: Official | None = None,
) -> list[Flag]:
    ctx = Context(framework, cohort.year, today or date.today(), thresholds or Thresholds())
    counties = cohort.counties
    only = None if one is None else {one}
    mine = counties if one is None else [counties[one]]
    flags: list[Flag] = []
    before = {(c.city, c.name): c for c in previous.counties} if previous else {}
    for county in mine:
        for own in OWN_CHECKS:
            flags += own(ctx, county)
        if official:
            flags += official_mismatches(ctx, county, official.get((county.city, county.name)))
        last = before.get((county.city, county.name))
        if last is not None:
            for check in CHANGE_CHECKS:
                flags += check(ctx, county, last)
    flags += peers.outliers(ctx, counties, only)
    flags += across.same_claims(ctx, counties, only)
    flags += across.same_texts(ctx, counties, only)
    if not stakes:
        return sort_flags(flags)
    return with_stakes(framework, cohort.year, counties, flags)
