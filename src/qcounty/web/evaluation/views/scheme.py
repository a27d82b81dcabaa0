"""The campaign's scheme as its evaluation table (Annex 1), for the province to print or send."""

from __future__ import annotations

from functools import lru_cache

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qcounty.core import load_framework
from qcounty.office.scheme_table import scheme_table_docx, scheme_table_xlsx
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.campaigns.models import Campaign
from qcounty.web.evaluation import access
from qcounty.web.responses import download

TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_GET
def scheme_table(request: AuthenticatedHttpRequest, campaign_id: int, fmt: str) -> HttpResponse:
    """The evaluation table of the campaign's scheme as Word or Excel (the scheme, no results)."""
    access.viewer(request)
    if fmt not in TYPES:
        raise Http404
    campaign = get_object_or_404(Campaign.objects.defer("reference_cohort"), pk=campaign_id)
    framework = campaign.framework
    name = _("{name}（{version}）评价指标体系表").format(
        name=framework.name, version=framework.version
    )
    content = _table(framework.id, framework.version, fmt)
    return download(content, f"{name}.{fmt}", TYPES[fmt])


@lru_cache(maxsize=8)
def _table(framework_id: str, version: str, fmt: str) -> bytes:
    """Return the table of a scheme version (the same bytes for every campaign that uses it)."""
    framework = load_framework(framework_id)
    writer = scheme_table_docx if fmt == "docx" else scheme_table_xlsx
    return writer(framework)
