"""Hand-built cohorts for the plausibility checks: synthetic counties of one tier."""

from __future__ import annotations

from datetime import date
from typing import Any

from qcounty.core.cohort import Cohort, parse_cohort
from qcounty.core.plausibility import Flag, check_cohort
from tests.builders import cohort_json, county_json, shandong

TODAY = date(2022, 6, 1)


def cohort(*values: dict[str, Any], peers: int = 0, city: str = "济南市") -> Cohort:
    """Return a cohort of the given counties (县1, 县2 …) and `peers` blank ones, one city."""
    rows = [county_json(f"县{j + 1}", city, v, synthetic=True) for j, v in enumerate(values)]
    rows += [county_json(f"同伴{j + 1}", city, {}, synthetic=True) for j in range(peers)]
    return parse_cohort(cohort_json(rows), shandong())


def flags(c: Cohort, previous: Cohort | None = None, kind: str | None = None) -> list[Flag]:
    out = check_cohort(shandong(), c, previous, today=TODAY)
    return [f for f in out if kind is None or f.kind == kind]
