"""The live self-assessment: an application's stored values, scored by qcounty.core.

Nothing here computes a point: it turns stored values into the core's County and asks the core.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from qcounty.core.cohort import Cohort, County, check_value, parse_cohort
from qcounty.core.cohort.attributes import group_of
from qcounty.core.framework.inputs import RecordsInput
from qcounty.core.framework.model import Framework
from qcounty.core.gaps import Assessor
from qcounty.core.results import CountyResult
from qcounty.core.scoring import score_cohort
from qcounty.web.caching import Cache
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.fields import plain
from qcounty.web.reporting.models import InputValue, Record

CACHED = 64  # assessors and results kept per process (one per application and state of values)
CACHED_REFERENCES = 16  # parsed reference cohorts: one per campaign and reference version

_references: Cache[tuple[int, object, int], Cohort | None] = Cache(
    "scoring.references", CACHED_REFERENCES
)
_assessors: Cache[tuple[Any, ...], Assessor] = Cache("scoring.assessors", CACHED)
_results: Cache[tuple[Any, ...], CountyResult] = Cache("scoring.results", CACHED)


def values_of(application: Application) -> dict[str, Any]:
    """Return every input's stored value as in a county file (records as lists; None: not reported)."""
    framework = application.campaign.framework
    stored = dict(InputValue.objects.filter(application=application).values_list("key", "value"))
    records: dict[str, list[dict[str, Any]]] = {}
    rows = Record.objects.filter(application=application).order_by("id").values_list("key", "data")
    for key, data in rows:
        records.setdefault(key, []).append(data)
    return {
        spec.key: records.get(spec.key, stored.get(spec.key))
        if isinstance(spec, RecordsInput)
        else stored.get(spec.key)
        for spec in framework.inputs()
    }


def county_of(application: Application) -> County:
    """Return the application's data as the core reads it (unreported inputs are None)."""
    return county_from_values(application, values_of(application))


def county_from_values(application: Application, raw_values: dict[str, Any]) -> County:
    """Return stored values (as `values_of` gives them) of the application as a core County."""
    framework = application.campaign.framework
    values: dict[str, Any] = {}
    for spec in framework.inputs():
        raw = raw_values[spec.key]
        try:
            values[spec.key] = None if raw is None else check_value(spec, raw)
        except ValueError:
            values[spec.key] = None  # checked when saved; a value the framework no longer accepts
    county = application.county
    attributes = attributes_of(framework, county)
    return County(
        name=county.name,
        city=county.city_name,
        tier=group_of_unit(framework, county, attributes),
        values=values,
        synthetic=county.synthetic,
        attributes=attributes,
    )


def attributes_of(framework: Framework, unit: Organisation) -> dict[str, str]:
    """Return the unit's attributes the scheme declares (others are another scheme's)."""
    declared = {a.key for a in framework.attributes}
    raw = unit.attributes if isinstance(unit.attributes, dict) else {}
    return {k: str(v) for k, v in raw.items() if k in declared}


def group_of_unit(framework: Framework, unit: Organisation, attributes: dict[str, str]) -> int:
    """Return the unit's comparison group: its grouping attribute's option, or its city's tier."""
    if framework.grouping_attribute() is not None:
        return group_of(framework, unit.city_name, attributes, {})
    city = unit.city
    return (city.tier or 0) if city is not None else 0


def reference_of(campaign: Campaign) -> Cohort | None:
    """Return the campaign's reference cohort, parsed once per process and version."""
    cache_key = (campaign.pk, campaign.created_at, campaign.reference_version)

    def parse() -> Cohort | None:
        # pages load campaigns without this large field: read it only when it is not cached
        data = (
            Campaign.objects.filter(pk=campaign.pk)
            .values_list("reference_cohort", flat=True)
            .first()
        )
        return parse_cohort(data, campaign.framework) if data else None

    return _references.get_or_set(cache_key, parse)


def assessor_of(application: Application) -> Assessor:
    """Return the scorer of this county against its campaign's reference (built once)."""
    campaign = application.campaign
    county = application.county
    city = county.city_name
    key = (campaign.pk, campaign.created_at, campaign.reference_version, city, county.name)
    return _assessors.get_or_set(
        key,
        lambda: Assessor(
            campaign.framework,
            campaign.evaluation_year,
            reference_of(campaign),
            city=city,
            name=county.name,
        ),
    )


def fingerprint(values: dict[str, Any]) -> str:
    """Return a digest of stored values (as `values_of` gives them), to key what depends on them."""
    text = json.dumps(plain(values), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def assess(application: Application) -> CountyResult:
    """Return the application's self-assessed score against the campaign's reference.

    Scored once per state of the values: the score panel asks again after every save, and a
    value saved back to what it was scores as before.
    """
    return assess_values(application, values_of(application))


def assess_values(application: Application, values: dict[str, Any]) -> CountyResult:
    """Return the self-assessed score of these values (as `values_of` gives them) of the
    application, scored once per state of the values (the province's decisions give another)."""
    campaign = application.campaign
    key = (
        application.pk,
        campaign.created_at,
        campaign.reference_version,
        fingerprint(values),
    )

    def score() -> CountyResult:
        county = county_from_values(application, values)
        if reference_of(campaign) is None:
            return score_cohort(campaign.framework, [county], campaign.evaluation_year).county(0)
        return assessor_of(application).result(county)

    return _results.get_or_set(key, score)
