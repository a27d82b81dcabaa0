"""The evaluation's demo: the province holds the 2023 campaign's other counties' applications.

Every county of the campaign's synthetic reference cohort applies with its reference values and
is accepted by the province, except 文登区 (its application is the county-side demo, in draft)
and the ten 烟台市 counties whose workbooks are in the demo's bulk-import zip (the province
imports those during the demo). A first snapshot is taken, so the evaluator sees results at once.
Rows are written in bulk (no review sections, no audit entries: the applications arrive accepted).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation.actions import take_snapshot
from qcounty.web.evaluation.models import CohortSnapshot
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.models import InputValue, Record

COUNTY_SIDE = ("威海市", "文登区")
BULK_CITY, BULK_COUNTIES = "烟台市", 10  # as web/demo.py's _write_workbooks picks them
BATCH = 2_000


def bulk_imported(reference: dict[str, Any]) -> set[tuple[str, str]]:
    """Return the (city, county) of the counties in the demo's bulk-import zip."""
    counties = [c for c in reference["counties"] if c["city"] == BULK_CITY][:BULK_COUNTIES]
    return {(c["city"], c["name"]) for c in counties}


def demo_counties(reference: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the reference counties whose applications the demo creates, accepted."""
    left_out = bulk_imported(reference) | {COUNTY_SIDE}
    return [c for c in reference["counties"] if (c["city"], c["name"]) not in left_out]


@transaction.atomic
def load_demo_evaluation(campaign: Campaign, today: dt.date) -> CohortSnapshot | None:
    """Fill and accept the other counties' applications, then take a first snapshot (once)."""
    reference = campaign.reference_cohort
    if not reference:
        return None
    organisations = {
        (o.parent.name, o.name): o
        for o in Organisation.objects.filter(kind=Organisation.Kind.COUNTY).select_related("parent")
        if o.parent is not None
    }
    opened = set(Application.objects.filter(campaign=campaign).values_list("county_id", flat=True))
    wanted = []
    for c in demo_counties(reference):
        county = organisations.get((c["city"], c["name"]))
        if county is not None and county.pk not in opened:
            wanted.append((county, c["values"]))
    if wanted:
        _accepted_applications(campaign, wanted)
    if CohortSnapshot.objects.filter(campaign=campaign).exists():
        return None
    evaluator = User.objects.filter(role=User.Role.EVALUATOR).order_by("id").first()
    if (
        evaluator is None
        or not Application.objects.filter(
            campaign=campaign, status=Application.Status.ACCEPTED
        ).exists()
    ):
        return None
    return take_snapshot(
        campaign, evaluator, note=f"演示：{today:%Y-%m-%d} 省级已接收的申报", confirmed=True
    )


def _accepted_applications(
    campaign: Campaign, wanted: list[tuple[Organisation, dict[str, Any]]]
) -> None:
    Application.objects.bulk_create(
        Application(campaign=campaign, county=county, status=Application.Status.ACCEPTED)
        for county, _ in wanted
    )
    ids = dict(
        Application.objects.filter(
            campaign=campaign, county__in=[county for county, _ in wanted]
        ).values_list("county_id", "id")
    )
    specs = campaign.framework.inputs()
    values: list[InputValue] = []
    records: list[Record] = []
    for county, data in wanted:
        application_id = ids[county.pk]
        for spec in specs:
            value = data.get(spec.key)
            if value is None:
                continue
            if isinstance(spec, RecordsInput) and value:
                records += [
                    Record(application_id=application_id, key=spec.key, data=d) for d in value
                ]
            else:
                values.append(InputValue(application_id=application_id, key=spec.key, value=value))
    InputValue.objects.bulk_create(values, batch_size=BATCH)
    Record.objects.bulk_create(records, batch_size=BATCH)
