"""What a cohort file holds: formats, County, Cohort, the error, known counties, county JSON."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

COHORT_FORMAT = "qcounty-cohort/1"


COUNTY_FORMAT = "qcounty-county/1"


MAX_PROBLEMS = 50


@dataclass
class County:
    """One county's identity and validated input values (dates as `date`, lists as lists)."""

    name: str
    city: str
    tier: int  # the comparison group: the city's tier, or the grouping attribute's option (1 …)
    values: dict[str, Any] = field(default_factory=dict)
    synthetic: bool = False
    attributes: dict[str, str] = field(default_factory=dict)  # attribute key → option id


@dataclass
class Cohort:
    framework_id: str
    year: int
    counties: list[County]


class CohortError(Exception):
    """A cohort or county file that cannot be scored; `problems` are Chinese sentences."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class KnownCounty:
    city: str
    tier: int
    county: str
    kind: str


@cache
def shandong_counties() -> tuple[KnownCounty, ...]:
    """Return the 136 county-level divisions of Shandong shipped with qcounty."""
    text = (resources.files("qcounty") / "data" / "shandong_counties.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(KnownCounty(r["city"], int(r["city_tier"]), r["county"], r["kind"]) for r in rows)


def county_to_json(county: County) -> dict[str, Any]:
    """Return a county as it is written in a cohort file."""

    def plain(v: Any) -> Any:
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, list):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        return v

    out: dict[str, Any] = {"name": county.name, "city": county.city}
    if county.synthetic:
        out["synthetic"] = True
    if county.attributes:
        out["attributes"] = dict(county.attributes)
    out["values"] = {k: plain(v) for k, v in county.values.items()}
    return out
