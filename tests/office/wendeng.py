"""Wendeng as the demo has it, built without Django: the inputs of its three Word documents.

The demo (`qcounty.web.demo`, `qcounty.web.cockpit.demo`) fills 文登区's 2023 application with
its values in the 136-county synthetic reference (seed 7), all but item 17, and its accepted
2022 application with its values in the 2022 reference (seed 2022); the departments are the
framework's units under their seed names. The documents' benchmark and the tests that prove a
faster writer wrote the same content both build from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from qcounty.core import load_framework
from qcounty.core.cohort import County, parse_cohort
from qcounty.core.framework.model import Framework
from qcounty.core.results import CountyResult
from qcounty.core.scoring import CohortScore, score_cohort
from qcounty.core.selfassess import self_assess
from qcounty.core.synth import generate_cohort
from qcounty.office.quality_report import CampaignData, reference_levels

FRAMEWORK = "shandong-county-2022"
NAME, CITY = "文登区", "威海市"
LEFT_OPEN = 17  # the indicator a clerk fills in during the demo
ROUNDS = ((2022, 2022), (2023, 7))  # (evaluation year, seed of its reference)
GENERATED = dt.date(2023, 6, 26)


@dataclass(frozen=True)
class Wendeng:
    """The inputs of the score sheet, Annex 2 and the quality report."""

    framework: Framework
    year: int
    values: dict[str, Any]  # as stored by the web: JSON form
    result: CountyResult
    departments: dict[str, list[str]]
    campaigns: list[CampaignData]
    reference: CohortScore  # the 2023 reference of 136 counties, scored


def departments(framework: Framework) -> dict[str, list[str]]:
    """Return the demo's departments by unit (各相关部门 coordinated by the quality office)."""
    office = next(u.seed_names[0] for u in framework.units if u.id == "quality_office")
    out: dict[str, list[str]] = {}
    for unit in framework.units:
        name = unit.seed_names[0] if unit.seed_names else unit.name
        out[unit.id] = [office if unit.id == "related" else name]
    return out


def _campaign(
    framework: Framework, year: int, seed: int
) -> tuple[dict[str, Any], CampaignData, CohortScore]:
    data = generate_cohort(framework, counties=136, seed=seed, year=year)
    values = next(
        dict(c["values"]) for c in data["counties"] if (c["city"], c["name"]) == (CITY, NAME)
    )
    if year == ROUNDS[-1][0]:
        for spec in framework.indicator(LEFT_OPEN).inputs:
            values[spec.key] = None  # not reported
    reference = parse_cohort(data, framework)
    mine = {**data, "counties": [{"name": NAME, "city": CITY, "values": values}]}
    county: County = parse_cohort(mine, framework).counties[0]
    result = self_assess(framework, county, year, reference)
    score = score_cohort(framework, reference.counties, year)
    levels = reference_levels(score, result)
    scored = [x for x in framework.inputs() if not x.informational]
    campaign = CampaignData(
        year=year,
        campaign=f"{year}年山东省质量强县（市、区）创建",
        status="省级已接收" if year < ROUNDS[-1][0] else "填报中",
        result=result,
        inputs=len(scored),
        unreported=[x.label for x in scored if values.get(x.key) is None],
        reference=levels,
    )
    return values, campaign, score


@cache
def wendeng() -> Wendeng:
    """Return Wendeng's inputs (built once per process: generating two cohorts takes a while)."""
    framework = load_framework(FRAMEWORK)
    campaigns = []
    values: dict[str, Any] = {}
    for year, seed in ROUNDS:
        values, campaign, score = _campaign(framework, year, seed)
        campaigns.append(campaign)
    return Wendeng(
        framework=framework,
        year=ROUNDS[-1][0],
        values=values,
        result=campaigns[-1].result,
        departments=departments(framework),
        campaigns=campaigns,
        reference=score,
    )
