"""The province's workspace: check claims against evidence, correct, score and reconcile.

Each view: check access, parse input, call an action, render the indicator again (htmx) or
go back to the page (without JavaScript).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from qcounty.core.framework.inputs import Input, RecordsInput
from qcounty.web.accounts.models import User
from qcounty.web.adjudication import access, actions, flagged, progress, risk
from qcounty.web.adjudication.effective import adjudicated_values
from qcounty.web.adjudication.estimates import estimates
from qcounty.web.adjudication.models import Decision, Reconciliation
from qcounty.web.adjudication.workspace import (
    PREVIEW_KINDS,
    block_of,
    decisions_in_force,
    posted_records,
    workspace,
)
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation.figures import Listing
from qcounty.web.evaluation.publication import reports_of
from qcounty.web.evidence.checks import CONTENT_TYPES
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting import fields, layout
from qcounty.web.reporting.access import indicator_of_key
from qcounty.web.responses import refusals
from qcounty.web.review.board import field_label, readable

CHANGED = "adjudicated"
ROWS_PER_PAGE = 150  # a province's counties on one page; a national campaign paginated


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# ---------------------------------------------------------------- pages


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.is_province(user):
        raise Http404
    campaigns = progress.campaigns_with_applications()
    wanted = _number(request.GET.get("campaign"))
    campaign = next((c for c in campaigns if c.pk == wanted), campaigns[0] if campaigns else None)
    if campaign is None:
        return render(request, "adjudication/index.html", {"campaigns": campaigns})
    listing = Listing.from_query(request.GET)
    status = request.GET.get("status", "")
    status = status if status in Application.Status.values else ""
    unsettled_only = request.GET.get("open") == "1"
    everyone = progress.listed(campaign)
    found = [r for r in listing.apply(everyone) if not status or r["status"] == status]
    if unsettled_only:  # counted for every row found: the counting reads decisions, not values
        counts = progress.progress_by_id(campaign, [r["pk"] for r in found])
        found = [r for r in found if not counts[r["pk"]].settled]
    by_risk = request.GET.get("sort") == "risk"
    flags = risk.open_flags(campaign) if by_risk else {}  # a settled flag no longer counts
    if by_risk:  # a stable sort: equal risks keep their order by city and county
        found.sort(key=lambda r: risk.risk_key(flags.get(r["pk"], [])))
    page = Paginator(found, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = progress.campaign_progress(campaign, user, [r["pk"] for r in page.object_list])
    for p in rows:
        mine = flags.get(p.application.pk) if p.application is not None else None
        p.risk = risk.risk_of(mine) if mine is not None else None
    context = {
        "campaigns": campaigns,
        "campaign": campaign,
        "rows": rows,
        "page": page,
        "found": len(found),
        "listing": listing,
        "status": status,
        "unsettled_only": unsettled_only,
        "query": listing.query(
            campaign=campaign.pk,
            status=status,
            open="1" if unsettled_only else "",
            sort="risk" if by_risk else "",
        ),
        "by_risk": by_risk,
        "filtered": listing.filtered or bool(status) or unsettled_only or by_risk,
        "cities": sorted({r["city"] for r in everyone}),
        "tiers": sorted({r["tier"] for r in everyone if r["tier"] is not None}),
        "statuses": [
            (v, n) for v, n in Application.Status.choices if v != Application.Status.DRAFT
        ],
    }
    return render(request, "adjudication/index.html", context)


def _number(text: str | None) -> int | None:
    """Return a positive number from the query string, None for anything else."""
    return int(text) if text and text.isascii() and text.isdigit() else None


@login_required
@require_GET
def application_page(request: HttpRequest, application_id: int) -> HttpResponse:
    """Show the workspace with one group of indicators (a second-level indicator) open:
    `?section=N`, or the one holding `?indicator=N`, else the first; the others load on demand."""
    user = _user(request)
    application = access.get_application_for_province(user, application_id)
    sections = _sections(
        application,
        section=_number(request.GET.get("section")),
        indicator=_number(request.GET.get("indicator")),
    )
    opened = next((s for s in sections if s.open), None)
    ws = workspace(application, user, among=opened.indicators if opened else ())
    flags = flagged.workspace_flags(application)
    flagged.attach(ws, flags)
    context = {
        "application": application,
        "ws": ws,
        "sections": sections,
        "preview_kinds": PREVIEW_KINDS,
        "frozen": freeze.frozen_message(application.campaign_id),
        "flags": flags,
    }
    return render(request, "adjudication/application.html", context)


@login_required
@require_GET
def section_part(request: HttpRequest, application_id: int, number: int) -> HttpResponse:
    """Return one group of indicators of the workspace (htmx loads it in place)."""
    user = _user(request)
    application = access.get_application_for_province(user, application_id)
    sections = _sections(application, section=number)
    opened = next((s for s in sections if s.open and s.number == number), None)
    if opened is None:
        raise Http404
    ws = workspace(application, user, among=opened.indicators)
    flagged.attach(ws, flagged.workspace_flags(application, partial=True))
    context = {
        "application": application,
        "ws": ws,
        "sections": sections,
        "preview_kinds": PREVIEW_KINDS,
    }
    return render(request, "adjudication/_sections.html", context)


def _sections(
    application: Application, *, section: int | None = None, indicator: int | None = None
) -> list[layout.Section]:
    """Return the framework's groups of indicators, the one asked for open (else the first)."""
    out, _seconds = layout.outline(application.campaign.framework, None)
    chosen = (
        next((s for s in out if s.number == section), None)
        or next((s for s in out if indicator in s.indicators), None)
        or (out[0] if out else None)
    )
    if chosen is not None:
        chosen.open = True
    return out


@login_required
@require_GET
def estimate_panel(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_province(user, application_id)
    context = {"application": application, "estimate": estimates(application)}
    return render(request, "adjudication/_estimate.html", context)


@login_required
@require_GET
def flags_panel(request: HttpRequest, application_id: int) -> HttpResponse:
    """Return the workspace's list of flags again (htmx, after a decision settled one)."""
    user = _user(request)
    application = access.get_application_for_province(user, application_id)
    flags = flagged.workspace_flags(application, partial=True)
    return render(request, "adjudication/_flags.html", {"application": application, "flags": flags})


@login_required
@require_GET
def county_view(request: HttpRequest, application_id: int) -> HttpResponse:
    """Show the county every decision the province took on its application (read-only)."""
    user = _user(request)
    application = access.get_application_for_county(user, application_id)
    framework = application.campaign.framework
    rows: list[dict[str, Any]] = []
    in_force = decisions_in_force(application)
    for d in Decision.objects.filter(application=application).select_related("decided_by"):
        spec = framework.input_or_none(d.key)
        rows.append(
            {
                "at": d.decided_at,
                "kind": d.get_kind_display(),
                "corrected": d.kind == Decision.Kind.CORRECTED,
                "indicator": _indicator_number(application, d.key),
                "field": field_label(framework, d.key),
                "claimed": _text(spec, d.claimed),
                "value": _text(spec, d.value),
                "reason": d.reason,
                "by": d.decided_by,
                "in_force": in_force.get(d.key) == d,
            }
        )
    for r in Reconciliation.objects.filter(application=application).select_related("decided_by"):
        spec = framework.input_or_none(r.key)
        rows.append(
            {
                "at": r.decided_at,
                "kind": _("专家评审认定（{method}，{n} 位专家）").format(
                    method=r.get_method_display(), n=len(r.scores)
                ),
                "corrected": True,
                "indicator": _indicator_number(application, r.key),
                "field": field_label(framework, r.key),
                "claimed": "",
                "value": _text(spec, r.value),
                "reason": r.note,
                "by": r.decided_by,
                "in_force": in_force.get(r.key) == r,
            }
        )
    rows.sort(key=lambda row: row["at"], reverse=True)
    context = {"application": application, "rows": rows, "reports": reports_of(application)}
    return render(request, "adjudication/county.html", context)


def _indicator_number(application: Application, key: str) -> int:
    indicator = indicator_of_key(application.campaign.framework, key)
    return indicator.number if indicator else 0


def _text(spec: Input | None, value: Any) -> str:
    if value is None:
        return _("未填报")
    if isinstance(spec, RecordsInput) and value == []:
        return _("无")
    return readable(spec, value)


@login_required
@require_GET
@xframe_options_sameorigin
def evidence(request: HttpRequest, evidence_id: int) -> FileResponse:
    """Serve an evidence file to the province: PDF and images inline, other kinds to download."""
    user = _user(request)
    item = get_object_or_404(Evidence, pk=evidence_id)
    access.get_application_for_province(user, item.application_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=item.kind not in PREVIEW_KINDS,
        filename=item.original_name,
        content_type=CONTENT_TYPES.get(item.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- decisions


@login_required
@require_POST
def decide(request: HttpRequest, application_id: int, key: str) -> HttpResponse:
    """Accept a claimed value (核实无误) or correct it (a reason is required)."""
    user = _user(request)
    application = access.get_application_for_province(user, application_id)
    if not access.can_decide(user):
        raise PermissionDenied
    spec = application.campaign.framework.input_or_none(key)
    if spec is None:
        return _unknown(request, application, key)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    state: dict[str, Any] = {"key": spec.key}
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        if action == "accept":
            actions.accept_value(application, spec.key, user)
            state["notice"] = _("已核实无误")
        elif action == "correct" and not isinstance(spec, RecordsInput):
            try:
                value = fields.parse_input(spec, request.POST)
            except ValueError as e:
                state["typed"] = {"value": request.POST.get("value", "")}
                raise actions.Refused(
                    _("“{label}”{problem}").format(label=spec.label, problem=e)
                ) from None
            actions.correct_value(application, spec.key, value, reason, user)
            state["notice"] = _("已更正")
        else:
            raise actions.Refused(_("未知的操作"))
    if refused:
        state.update(error=refused.message, reason=reason)
    return _respond(request, application, spec.key, state)


@login_required
@require_POST
def correct_records(request: HttpRequest, application_id: int, key: str) -> HttpResponse:
    """Correct a record list: leave records out (not counted) or change their fields."""
    user = _user(request)
    application = access.get_application_for_province(user, application_id)
    if not access.can_decide(user):
        raise PermissionDenied
    spec = application.campaign.framework.input_or_none(key)
    if not isinstance(spec, RecordsInput):
        return _unknown(request, application, key)
    reason = request.POST.get("reason", "")
    state: dict[str, Any] = {"key": spec.key}
    basis = adjudicated_values(application).get(spec.key) or []
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        records = []
        for n, one in enumerate(posted_records(spec, len(basis), request.POST), start=1):
            try:
                records.append(fields.parse_record(spec, one))
            except ValueError as e:
                raise actions.Refused(
                    _("第 {n} 条保留的记录：{problem}").format(n=n, problem=e)
                ) from None
        actions.correct_records(application, spec.key, records, reason, user)
        state["notice"] = _("已更正：计入 {n} 条记录").format(n=len(records))
    if refused:
        state.update(error=refused.message, reason=reason)
    return _respond(request, application, spec.key, state)


@login_required
@require_POST
def score(request: HttpRequest, application_id: int, key: str) -> HttpResponse:
    """An expert scores a judged item (scoring again keeps the earlier score as history)."""
    user = _user(request)
    application = access.get_application_for_province(user, application_id)
    if not access.can_score(user):
        raise PermissionDenied
    spec = application.campaign.framework.input_or_none(key)
    if spec is None:
        return _unknown(request, application, key)
    state: dict[str, Any] = {"key": spec.key}
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        try:
            value = fields.parse_input(spec, request.POST)
        except ValueError as e:
            state["typed_score"] = request.POST.get("value", "")
            raise actions.Refused(
                _("“{label}”{problem}").format(label=spec.label, problem=e)
            ) from None
        actions.score_judged(application, spec.key, value, request.POST.get("comment", ""), user)
        state["notice"] = _("评分已保存")
    if refused:
        state["error"] = refused.message
    return _respond(request, application, spec.key, state)


@login_required
@require_POST
def reconcile(request: HttpRequest, application_id: int, key: str) -> HttpResponse:
    """Settle a judged item from the experts' scores: their mean, or one expert's score."""
    user = _user(request)
    application = access.get_application_for_province(user, application_id)
    if not access.can_decide(user):
        raise PermissionDenied
    spec = application.campaign.framework.input_or_none(key)
    if spec is None:
        return _unknown(request, application, key)
    method = request.POST.get("method", "")
    state: dict[str, Any] = {"key": spec.key}
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        chosen = None
        if method == Reconciliation.Method.CHOSEN:
            picked = request.POST.get("score", "")
            scores = {str(s.pk): s for s in actions.latest_scores(application, spec.key)}
            if picked not in scores:
                raise actions.Refused(_("请选定一位专家的评分"))
            chosen = scores[picked].value
        actions.reconcile(
            application, spec.key, method, user, chosen=chosen, note=request.POST.get("note", "")
        )
        state["notice"] = _("已汇总认定")
    if refused:
        state["error"] = refused.message
    return _respond(request, application, spec.key, state)


# ---------------------------------------------------------------- answers


def _respond(
    request: HttpRequest, application: Application, key: str, state: dict[str, Any]
) -> HttpResponse:
    """Render the input's indicator again (htmx), or go back to it on the page."""
    number = _indicator_number(application, key)
    application.refresh_from_db(fields=["status"])
    if not _htmx(request):
        problem = state.get("error")
        if problem:
            messages.error(request, problem)
        elif state.get("notice"):
            messages.success(request, state["notice"])
        url = reverse("adjudication:application", args=[application.pk])
        return redirect(f"{url}?indicator={number}#indicator-{number}")
    ws = workspace(application, _user(request), only=number, **state)
    flagged.attach(ws, flagged.workspace_flags(application, partial=True))
    response = render(
        request,
        "adjudication/_indicator.html",
        {"application": application, "ws": ws, "b": block_of(ws), "preview_kinds": PREVIEW_KINDS},
    )
    if not state.get("error"):
        response["HX-Trigger"] = CHANGED
    return response


def _unknown(request: HttpRequest, application: Application, key: str) -> HttpResponse:
    """Refuse a decision on a key the framework does not have (a forged request)."""
    message = _("没有这一字段：{key}").format(key=key[:100])
    if _htmx(request):
        return HttpResponse(
            format_html('<p class="error" role="alert">{}</p>', message), status=400
        )
    messages.error(request, message)
    return redirect("adjudication:application", application.pk)
