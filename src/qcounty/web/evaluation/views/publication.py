"""Publishing a snapshot's list (公示 or final) and downloading its documents."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.evaluation import access, actions, forms
from qcounty.web.evaluation import publication as documents
from qcounty.web.evaluation.models import Publication
from qcounty.web.evaluation.views.results import scoring
from qcounty.web.responses import download, refusals

log = logging.getLogger(__name__)


@login_required
@require_POST
@scoring
def publish(request: AuthenticatedHttpRequest, snapshot_id: int) -> HttpResponse:
    user = access.actor(request)
    snapshot = access.get_snapshot(snapshot_id, user)
    seen = request.POST.get("seen", "")
    with refusals(actions.Refused) as refused:
        period = forms.publicity_period(request.POST)
        published = actions.publish(
            snapshot,
            request.POST.get("kind", ""),
            user,
            request.POST.get("notice", ""),
            without_publicity=request.POST.get("without_publicity") == "1",
            seen=int(seen) if seen.isascii() and seen.isdigit() else None,
            period=period,
            override_reason=request.POST.get("override_reason", ""),
        )
    if refused:
        return refused.redirect(request, "evaluation:snapshot", snapshot.pk)
    messages.success(request, _("已发布：{what}。").format(what=published))
    return redirect("evaluation:publication", published.pk)


@login_required
@require_GET
def publication_page(request: AuthenticatedHttpRequest, publication_id: int) -> HttpResponse:
    user = access.viewer(request)
    publication = access.get_publication(publication_id, user)
    others = (
        Publication.objects.filter(campaign=publication.campaign, kind=publication.kind)
        .exclude(pk=publication.pk)
        .select_related("published_by")
        .order_by("-version")
    )
    context = {
        "publication": publication,
        "campaign": publication.campaign,
        "figures": publication.figures,
        "meta": publication.figures["meta"],
        "others": others,
        "title": documents.TITLES[publication.kind],
        "unit": documents.meta(publication).unit,  # as frozen when published
    }
    return render(request, "evaluation/publication.html", context)


@login_required
@require_GET
def list_file(request: AuthenticatedHttpRequest, publication_id: int, fmt: str) -> HttpResponse:
    user = access.viewer(request)
    if fmt not in ("docx", "xlsx"):
        raise Http404
    publication = access.get_publication(publication_id, user)
    content, extension, content_type = documents.list_document(publication, fmt)
    return download(content, f"{documents.base_name(publication)}.{extension}", content_type)


@login_required
@require_GET
@scoring
def county_report(
    request: AuthenticatedHttpRequest, publication_id: int, position: int
) -> HttpResponse:
    user = access.viewer(request)
    publication = access.get_publication(publication_id, user)
    row = next((r for r in publication.figures["rows"] if r["position"] == position), None)
    if row is None:
        raise Http404
    try:
        content = documents.county_report(publication, position)
    except documents.ReportMismatch as e:
        log.error("publication %s, position %s: %s", publication.pk, position, e)
        messages.error(request, str(e))
        return redirect("evaluation:publication", publication.pk)
    name = _("{county}-得分报告-{name}.docx").format(
        county=row["city"] + row["county"], name=documents.base_name(publication)
    )
    return download(content, name, documents.DOCX)


@login_required
@require_GET
@scoring
def application_report(
    request: AuthenticatedHttpRequest, publication_id: int, application_id: int
) -> HttpResponse:
    """A county's score report from a published list: the province downloads any county's, a
    county office its own county's (the report the province sends back to each county)."""
    application = access.get_report_application(request, application_id)
    user = request.user
    publication = access.get_publication(publication_id, user)
    row = next(
        (r for r in publication.figures["rows"] if r["application_id"] == application.pk), None
    )
    if row is None:
        raise Http404
    try:
        content = documents.county_report(publication, row["position"])
    except documents.ReportMismatch as e:
        log.error("publication %s, application %s: %s", publication.pk, application.pk, e)
        messages.error(request, str(e))
        return redirect("adjudication:county_view", application.pk)
    name = _("{county}-得分报告-{name}.docx").format(
        county=row["city"] + row["county"], name=documents.base_name(publication)
    )
    return download(content, name, documents.DOCX)
