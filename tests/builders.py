"""Small hand-made cohorts for tests: every input present, nothing filled unless a test says so."""

from __future__ import annotations

from typing import Any

from qcounty.core import load_framework
from qcounty.core.cohort import County, parse_cohort
from qcounty.core.framework.model import Framework
from qcounty.core.scoring import CohortScore, score_cohort

SHANDONG = "shandong-county-2022"
YEAR = 2022  # the 2022 campaign: 近一年 = 2021, 近三年 = 2019–2021


def shandong() -> Framework:
    return load_framework(SHANDONG)


def passing_gates() -> dict[str, Any]:
    """Return gate values that pass: 20 stations, 4 three-star (20 %), 2 four-star (10 %)."""
    return {
        "pre.stations": 20,
        "pre.three_star": 4,
        "pre.four_star": 2,
        "veto.safety_accident": False,
        "veto.quality_incident": False,
        "veto.environment_incident": False,
        "veto.statistics_falsified": False,
    }


def blank_values(framework: Framework) -> dict[str, Any]:
    """Return every scored input as null (not reported), gates passing."""
    values: dict[str, Any] = {x.key: None for x in framework.inputs() if not x.informational}
    values.update(passing_gates())
    return values


def county_json(
    name: str,
    city: str,
    values: dict[str, Any],
    framework: Framework | None = None,
    synthetic: bool = False,
) -> dict[str, Any]:
    """Return a county as written in a cohort file; values override the blank ones."""
    framework = framework or shandong()
    merged = blank_values(framework) | values
    out: dict[str, Any] = {"name": name, "city": city, "values": merged}
    if synthetic:
        out["synthetic"] = True
    return out


def cohort_json(counties: list[dict[str, Any]], year: int = YEAR) -> dict[str, Any]:
    return {
        "format": "qcounty-cohort/1",
        "framework": SHANDONG,
        "evaluation_year": year,
        "counties": counties,
    }


def counties(data: dict[str, Any], framework: Framework | None = None) -> list[County]:
    return parse_cohort(data, framework or shandong()).counties


def score(data: dict[str, Any], framework: Framework | None = None, **kwargs: Any) -> CohortScore:
    """Validate the cohort data as a file would be, then score it."""
    framework = framework or shandong()
    return score_cohort(framework, parse_cohort(data, framework), **kwargs)
