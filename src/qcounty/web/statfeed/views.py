"""The province's statistical feed pages: upload, preview, confirm; the template; the locks.

Each view: check access, parse input, call an action, render a page or redirect.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qcounty.web import uploads
from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.campaigns.models import Campaign
from qcounty.web.organisations.models import Organisation
from qcounty.web.responses import download
from qcounty.web.statfeed import access, actions, files
from qcounty.web.statfeed.actions import FeedRefused, Row
from qcounty.web.statfeed.figures import feedable_inputs, is_feedable, locked_keys
from qcounty.web.statfeed.models import FeedBatch, OfficialFigure
from qcounty.web.words import words_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.defer("reference_cohort")


def _campaign(text: str | None) -> Campaign | None:
    """Return the campaign a form names, or the latest one when it names none."""
    rows = _campaigns()
    if text and text.isascii() and text.isdigit():
        return rows.filter(pk=int(text)).first()
    return rows.order_by("-evaluation_year", "-pk").first()


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _index(
    request: AuthenticatedHttpRequest, campaign: Campaign | None, **extra: Any
) -> HttpResponse:
    context: dict[str, Any] = {"campaigns": _campaigns(), "campaign": campaign, **extra}
    if campaign is not None:
        framework = campaign.framework
        fed = dict(
            OfficialFigure.objects.filter(campaign=campaign)
            .values("key")
            .annotate(n=Count("id"))
            .values_list("key", "n")
        )
        locked = locked_keys(campaign.pk)
        context["inputs"] = [
            {"key": x.key, "label": x.label, "fed": fed.get(x.key, 0), "locked": x.key in locked}
            for x in feedable_inputs(framework)
        ]
        context["batches"] = FeedBatch.objects.filter(campaign=campaign).select_related("by")[:20]
    return render(request, "statfeed/index.html", context)


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show the upload form, the template download, the inputs with figures and their locks."""
    access.require_feeder(request.user)
    return _index(request, _campaign(request.GET.get("campaign")))


@login_required
@require_POST
@uploads.upload_limits("WORKBOOK_MAX_BYTES")
def preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Check an uploaded feed and show what it would change, with a button to apply it."""
    user = access.require_feeder(request.user)
    campaign = _campaign(request.POST.get("campaign"))
    if campaign is None:
        raise Http404
    source = request.POST.get("source", "").strip()
    as_of_text = request.POST.get("as_of", "")
    form = {"source": source, "as_of": as_of_text}
    try:
        if refused := uploads.refusal(request):
            raise FeedRefused([refused])
        upload = request.FILES.get("file")
        if upload is None:
            raise FeedRefused([_("请选择要上传的 .csv 或 .xlsx 文件。")])
        rows = files.read_rows(upload.name or "", upload.read())
        plan = actions.plan_feed(
            campaign,
            rows,
            source=source,
            as_of=_date(as_of_text),
            province=access.province_of(user),
        )
    except FeedRefused as e:
        return _index(request, campaign, problems=e.problems, form=form)
    context = {
        "campaign": campaign,
        "plan": plan,
        "file_name": upload.name,
        "rows_json": json.dumps(
            [[r.line, r.city, r.county, r.field, r.value] for r in rows], ensure_ascii=False
        ),
        "form": form,
    }
    return render(request, "statfeed/preview.html", context)


def _rows(text: str) -> list[Row]:
    """Return the rows the preview page sent back, or raise FeedRefused."""
    try:
        data = json.loads(text)
        rows = [
            Row(line=int(line), city=str(city), county=str(county), field=str(key), value=value)
            for line, city, county, key, value in data
        ]
    except (ValueError, TypeError):
        raise FeedRefused([_("提交的数据有误，请重新上传文件。")]) from None
    if any(not isinstance(r.value, str | int | float | type(None)) for r in rows):
        raise FeedRefused([_("提交的数据有误，请重新上传文件。")])
    return rows


@login_required
@require_POST
def confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Apply a previewed feed (checked again as a whole), then show its batch."""
    user = access.require_feeder(request.user)
    campaign = _campaign(request.POST.get("campaign"))
    if campaign is None:
        raise Http404
    source = request.POST.get("source", "")
    form = {"source": source, "as_of": request.POST.get("as_of", "")}
    try:
        result = actions.apply_feed(
            campaign,
            _rows(request.POST.get("rows", "")),
            source=source,
            as_of=_date(form["as_of"]),
            user=user,
            file_name=request.POST.get("file_name", ""),
            province=access.province_of(user),
        )
    except FeedRefused as e:
        return _index(request, campaign, problems=e.problems, form=form)
    if result.batch is None:
        messages.info(request, _("这批数据与系统中的统计部门数据相同，未重复写入。"))
        return redirect(f"{reverse('statfeed:index')}?campaign={campaign.pk}")
    messages.success(
        request,
        _("已写入统计部门数据：新增 %(created)d 项，更新 %(changed)d 项，未变 %(unchanged)d 项。")
        % {
            "created": result.batch.created,
            "changed": result.batch.changed,
            "unchanged": result.batch.unchanged,
        },
    )
    return redirect("statfeed:batch", result.batch.pk)


@login_required
@require_GET
def batch(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    """Show one applied feed: its source, who fed it, and every figure it changed."""
    b = access.get_batch_for_user(request.user, batch_id)
    framework = b.campaign.framework
    labels = {x.key: x.label for x in feedable_inputs(framework)}
    detail = [
        {"city": city, "county": county, "label": labels.get(key, key), "old": old, "new": new}
        for city, county, key, old, new in b.detail
    ]
    return render(request, "statfeed/batch.html", {"batch": b, "detail": detail})


@login_required
@require_GET
def template_file(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Download an .xlsx listing the province's counties for one input (current figures filled)."""
    user = access.require_feeder(request.user)
    campaign = _campaign(request.GET.get("campaign"))
    if campaign is None:
        raise Http404
    spec = campaign.framework.input_or_none(request.GET.get("key", ""))
    if spec is None or not is_feedable(spec):
        raise Http404
    counties = Organisation.objects.filter(
        kind=Organisation.Kind.COUNTY, parent__kind=Organisation.Kind.CITY
    ).select_related("parent")
    province = access.province_of(user)
    if province is not None:
        counties = counties.filter(parent__parent=province)
    listed = sorted(counties, key=lambda c: (c.parent_id or 0, c.pk))
    figures = dict(
        OfficialFigure.objects.filter(campaign=campaign, key=spec.key).values_list(
            "county_id", "value"
        )
    )
    return download(files.template(spec, listed, figures), f"统计部门数据-{spec.label}.xlsx", XLSX)


@login_required
@require_POST
def lock(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Lock an input of the campaign to its official figures, or unlock it."""
    user: User = access.require_feeder(request.user)
    campaign = _campaign(request.POST.get("campaign"))
    if campaign is None:
        raise Http404
    key = request.POST.get("key", "")
    back = f"{reverse('statfeed:index')}?campaign={campaign.pk}#locks"
    try:
        if request.POST.get("locked") == "1":
            result = actions.lock_input(campaign, key, user)
        else:
            result = actions.unlock_input(campaign, key, user)
    except actions.Locked as refused:
        messages.error(request, str(refused))
        return redirect(back)
    unit = words_of(campaign).short
    if result.locked and result.changed:
        messages.success(
            request,
            _("已锁定：各%(unit)s以统计部门数据为准（写入 %(n)d 个%(unit)s的填报值）。")
            % {"n": result.values_set, "unit": unit},
        )
    elif result.changed:
        messages.success(request, _("已解除锁定：各%(unit)s可以重新填报该字段。") % {"unit": unit})
    return redirect(back)
