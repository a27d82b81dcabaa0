"""Writes to campaigns and applications."""

from __future__ import annotations

from typing import Any

from qcounty.core.cohort import parse_cohort
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation


def set_reference_cohort(campaign: Campaign, data: dict[str, Any]) -> None:
    """Replace the reference cohort after checking it against the campaign's framework."""
    parse_cohort(data, campaign.framework)  # raises CohortError with Chinese problems
    campaign.reference_cohort = data
    campaign.reference_version += 1
    campaign.save(update_fields=["reference_cohort", "reference_version"])


def open_application(campaign: Campaign, county: Organisation) -> Application:
    """Open (or return) the county's application in the campaign, with a section per department."""
    from qcounty.web.review.sections import ensure_sections  # review builds on campaigns
    from qcounty.web.statfeed.actions import apply_locks  # statfeed builds on campaigns

    application, created = Application.objects.get_or_create(campaign=campaign, county=county)
    ensure_sections(application)
    if created:
        apply_locks(application)  # inputs the province locked to the official figures
    return application
