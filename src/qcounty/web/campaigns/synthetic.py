"""Fill a campaign with synthetic accepted applications (national-scale benchmarks and tests).

Values come from `qcounty.core.synth.generate_cohort`. A generated county that is one of
Shandong's and exists here without an application takes it; every other one gets a county
organisation named as synthetic (合成县0001, …) in the city its values were drawn for (one of
the framework's cities: the core reads a county's tier from its city's name, and refuses a
city the framework does not know). Everything is written with bulk inserts: 2,850 applications take seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from qcounty.core.framework.inputs import RecordsInput
from qcounty.core.synth import generate_cohort
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.models import InputValue, Record

Kind = Organisation.Kind
SYNTHETIC_PREFIX = "合成县"
BATCH = 5000


@dataclass
class Filled:
    applications: int
    real_counties: int  # Shandong's counties that got an application
    synthetic_counties: int  # synthetic county organisations created
    values: int
    records: int


@transaction.atomic
def fill_campaign(campaign: Campaign, applications: int, seed: int = 7) -> Filled:
    """Add `applications` accepted applications with synthetic values to the campaign."""
    framework = campaign.framework
    cohort = generate_cohort(framework, applications, seed=seed, year=campaign.evaluation_year)
    province = Organisation.objects.filter(kind=Kind.PROVINCE).order_by("id").first()
    if province is None:
        province = Organisation.objects.create(kind=Kind.PROVINCE, name="山东省")
    taken = set(campaign.applications.values_list("county_id", flat=True))
    free = {
        (city, name): pk
        for pk, name, city in Organisation.objects.filter(kind=Kind.COUNTY)
        .exclude(pk__in=taken)
        .values_list("pk", "name", "parent__name")
    }
    counties: list[int | None] = []
    for county in cohort["counties"]:
        found = (
            None if county.get("synthetic") else free.pop((county["city"], county["name"]), None)
        )
        counties.append(found)
    missing = [i for i, pk in enumerate(counties) if pk is None]
    cities = [cohort["counties"][i]["city"] for i in missing]
    created = _synthetic_counties(province, cities, framework.tier_of_city())
    for i, pk in zip(missing, created, strict=True):
        counties[i] = pk
    county_ids = [pk for pk in counties if pk is not None]  # all of them: the gaps are filled
    rows = Application.objects.bulk_create(
        Application(campaign=campaign, county_id=pk, status=Application.Status.ACCEPTED)
        for pk in county_ids
    )
    if not all(a.pk for a in rows):  # a backend that does not return ids (none supported today)
        by_county = dict(
            campaign.applications.filter(county_id__in=county_ids).values_list("county_id", "pk")
        )
        ids = [by_county[pk] for pk in county_ids]
    else:
        ids = [a.pk for a in rows]
    values, records = _rows(framework, ids, [c["values"] for c in cohort["counties"]])
    InputValue.objects.bulk_create(values, batch_size=BATCH)
    Record.objects.bulk_create(records, batch_size=BATCH)
    return Filled(len(ids), len(counties) - len(missing), len(missing), len(values), len(records))


def _synthetic_counties(
    province: Organisation, cities: list[str], tiers: dict[str, int]
) -> list[int]:
    """Create a synthetic county in each of these cities; return their ids in order."""
    if not cities:
        return []
    city_ids = {}
    for name in sorted(set(cities)):
        city, _ = Organisation.objects.get_or_create(
            kind=Kind.CITY, name=name, parent=province, defaults={"tier": tiers.get(name)}
        )
        city_ids[name] = city.pk
    last = 0
    for name in Organisation.objects.filter(
        kind=Kind.COUNTY, name__startswith=SYNTHETIC_PREFIX
    ).values_list("name", flat=True):
        found = re.fullmatch(SYNTHETIC_PREFIX + r"(\d+)", name)
        if found:
            last = max(last, int(found.group(1)))
    new = [
        Organisation(
            kind=Kind.COUNTY,
            name=f"{SYNTHETIC_PREFIX}{last + 1 + j:04d}",
            synthetic=True,
            parent_id=city_ids[city],
        )
        for j, city in enumerate(cities)
    ]
    Organisation.objects.bulk_create(new, batch_size=BATCH)
    names = [o.name for o in new]
    by_name = dict(
        Organisation.objects.filter(kind=Kind.COUNTY, name__in=names).values_list("name", "pk")
    )
    return [by_name[n] for n in names]


def _rows(
    framework: Any, ids: list[int], values: list[dict[str, Any]]
) -> tuple[list[InputValue], list[Record]]:
    """Return the stored values and records of each application, as a clerk would save them."""
    specs = framework.inputs()
    stored: list[InputValue] = []
    records: list[Record] = []
    for application_id, mine in zip(ids, values, strict=True):
        for spec in specs:
            if spec.key not in mine or mine[spec.key] is None:
                continue
            value = mine[spec.key]
            if isinstance(spec, RecordsInput):
                records += [
                    Record(application_id=application_id, key=spec.key, data=d) for d in value
                ]
                if value:
                    continue
            stored.append(InputValue(application_id=application_id, key=spec.key, value=value))
    return stored, records
