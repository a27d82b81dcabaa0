"""Cohort and county files: read, validate against a framework, report problems in Chinese.

A cohort file (JSON):

    {"format": "qcounty-cohort/1", "framework": "shandong-county-2022",
     "evaluation_year": 2022, "counties": [{"name": …, "city": …, "values": {…}}, …]}

Every scored input must be present in `values`; null means "not reported" (0 points, flagged).
See docs/cohort-format.md.

The package's modules: `model` (formats, `County`, `Cohort`, `CohortError`), `parse`
(`parse_cohort`, `parse_county`, checking by column), `fast` (the column fast paths) and
`checks` (`check_value`, `check_record`).
"""

from __future__ import annotations

from qcounty.core.cohort.checks import check_record, check_value
from qcounty.core.cohort.model import (
    COHORT_FORMAT,
    COUNTY_FORMAT,
    MAX_PROBLEMS,
    Cohort,
    CohortError,
    County,
    KnownCounty,
    county_to_json,
    shandong_counties,
)
from qcounty.core.cohort.parse import parse_cohort, parse_county, read_json

__all__ = [
    "COHORT_FORMAT",
    "COUNTY_FORMAT",
    "MAX_PROBLEMS",
    "Cohort",
    "CohortError",
    "County",
    "KnownCounty",
    "check_record",
    "check_value",
    "county_to_json",
    "parse_cohort",
    "parse_county",
    "read_json",
    "shandong_counties",
]
