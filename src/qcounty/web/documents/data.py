"""An application's data in the plain form the office writers and reader use."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qcounty.core.framework.inputs import RecordsInput
from qcounty.office.template import TemplateMeta
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.reporting.models import InputValue, Record


def values_of(application: Application) -> dict[str, Any]:
    """Return every input's value as in a county file (records as lists; None: not reported)."""
    framework = application.campaign.framework
    stored = dict(InputValue.objects.filter(application=application).values_list("key", "value"))
    records: dict[str, list[dict[str, Any]]] = {}
    for key, data in (
        Record.objects.filter(application=application).order_by("id").values_list("key", "data")
    ):
        records.setdefault(key, []).append(data)
    out: dict[str, Any] = {}
    for spec in framework.inputs():
        if isinstance(spec, RecordsInput):
            out[spec.key] = records.get(spec.key, stored.get(spec.key))
        else:
            out[spec.key] = stored.get(spec.key)
    return out


def departments_by_unit(application: Application) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    rows = UnitAssignment.objects.filter(
        county_id=application.county_id, framework_id=application.campaign.framework_id
    ).select_related("department")
    for row in rows:
        out.setdefault(row.unit_id, []).append(row.department.name)
    return out


def meta_of(application: Application, department: Organisation | None) -> TemplateMeta:
    campaign = application.campaign
    county = application.county
    return TemplateMeta(
        framework_id=campaign.framework_id,
        framework_version=campaign.framework_version,
        campaign=campaign.name,
        evaluation_year=campaign.evaluation_year,
        county=county.name,
        city=county.parent.name if county.parent else "",
        department=department.name if department else None,
        application_id=application.pk,
        generated_at=timezone.localtime().isoformat(timespec="seconds"),
    )
