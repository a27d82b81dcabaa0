"""An application's data in the plain form the office writers and reader use."""

from __future__ import annotations

from django.utils import timezone

from qcounty.office.template import TemplateMeta
from qcounty.web.campaigns.assignments import assignments
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.scoring import values_of

__all__ = ["departments_by_unit", "meta_of", "values_of"]


def departments_by_unit(application: Application) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    rows = assignments(application).select_related("department")
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
        city=county.city_name,
        department=department.name if department else None,
        application_id=application.pk,
        generated_at=timezone.localtime().isoformat(timespec="seconds"),
    )
