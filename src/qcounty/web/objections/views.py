"""Objections to the 公示 list: filing, the province's register, checking, settling, answering;
the working-day calendar. Each view checks access, reads the form, calls an action, renders."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web import uploads
from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.adjudication.effective import adjudicated_values
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evidence.checks import CONTENT_TYPES
from qcounty.web.objections import access, actions, calendar_actions, documents, forms
from qcounty.web.objections.models import CalendarDay, Objection, Settlement
from qcounty.web.objections.publicity import calendar, latest_proposed, status, today
from qcounty.web.reporting import fields
from qcounty.web.responses import download, refusals

CALENDAR_DAYS_SHOWN = 400


def _campaign(request: AuthenticatedHttpRequest) -> Campaign | None:
    """Return the campaign asked for, or the newest with a 公示 list (or the newest)."""
    campaigns = Campaign.objects.defer("reference_cohort").order_by("-pk")
    pk = forms.number_of(request.GET, "campaign")
    if pk is not None:
        return get_object_or_404(campaigns, pk=pk)
    publicised = campaigns.filter(publications__kind="proposed").distinct().first()
    return publicised or campaigns.first()


def _targets(user: User, campaign: Campaign) -> list[dict[str, Any]]:
    """Return the claims the user may object to: the list's counties, and a county's own."""
    publication = latest_proposed(campaign)
    if publication is None:
        return []
    county = user.county
    own = county.pk if county is not None and access.can_file(user) else None
    mine = (
        set(
            Application.objects.filter(campaign=campaign, county_id=own).values_list(
                "pk", flat=True
            )
        )
        if own
        else set()
    )
    rows: list[dict[str, Any]] = publication.figures["rows"]
    if not access.is_province(user):
        rows = [r for r in rows if r["selected"] or r["application_id"] in mine]
    return rows


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = access.viewer(request.user)
    campaign = _campaign(request)
    objections = Objection.objects.none()
    if campaign is not None:
        objections = (
            Objection.objects.filter(campaign=campaign)
            .select_related("application__county__parent", "assignee", "objector_organisation")
            .order_by("number")
        )
    context: dict[str, Any] = {
        "campaign": campaign,
        "campaigns": Campaign.objects.defer("reference_cohort").order_by("-pk"),
        "status": status(campaign) if campaign else None,
        "can_act": access.can_act(user),
        "can_file": access.can_file(user),
        "is_province": access.is_province(user),
        "token": uuid.uuid4().hex,
    }
    if access.is_province(user):
        context["objections"] = list(objections)
    else:
        county_id = user.county.pk if user.county is not None else None
        context["filed"] = [o for o in objections if o.objector_organisation_id == county_id]
        context["concerning"] = [o for o in objections if o.application.county_id == county_id]
        context["count"] = len(objections)
    if campaign is not None and context["can_file"]:
        context["targets"] = _targets(user, campaign)
        context["indicators"] = campaign.framework.indicators()
    return render(request, "objections/index.html", context)


@login_required
@require_POST
@uploads.upload_limits("EVIDENCE_MAX_BYTES", "MAX_UPLOAD_BYTES")
def file(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    user = request.user
    if not access.can_file(user):
        raise Http404
    campaign = get_object_or_404(Campaign.objects.defer("reference_cohort"), pk=campaign_id)
    back = f"{reverse('objections:index')}?campaign={campaign.pk}"
    if over_limit := uploads.refusal(request):
        messages.error(request, _("未提交：{reason}").format(reason=over_limit))
        return redirect(back)
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        objection = actions.file_objection(
            forms.claim(request.POST, campaign.pk),
            request.FILES.getlist("files"),
            user,
            request.POST.get("token", ""),
        )
    if refused:
        return refused.redirect(request, back)
    messages.success(request, _("已提交：{what}，省级已受理。").format(what=objection))
    return redirect("objections:detail", objection.pk)


@login_required
@require_http_methods(["GET", "POST"])
@uploads.upload_limits("EVIDENCE_MAX_BYTES", "MAX_UPLOAD_BYTES")
def register(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    """The province registers an objection received by letter, telephone or visit."""
    user = request.user
    if not access.can_act(user):
        raise Http404
    campaign = get_object_or_404(Campaign.objects.defer("reference_cohort"), pk=campaign_id)
    if request.method == "POST":
        with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
            if over_limit := uploads.refusal(request):
                raise actions.Refused(_("未登记：{reason}").format(reason=over_limit))
            post = request.POST
            objector = actions.Objector(
                post.get("channel", ""),
                post.get("objector", ""),
                post.get("contact", ""),
                forms.date_of(post, "received_on", _("收到日期")),
            )
            objection = actions.register_objection(
                forms.claim(post, campaign.pk),
                objector,
                request.FILES.getlist("files"),
                user,
                post.get("token", ""),
            )
        if not refused:
            messages.success(request, _("已登记：{what}。").format(what=objection))
            return redirect("objections:detail", objection.pk)
        refused.show(request)
    context = {
        "campaign": campaign,
        "status": status(campaign),
        "targets": _targets(user, campaign),
        "indicators": campaign.framework.indicators(),
        "channels": [c for c in Objection.Channel.choices if c[0] != Objection.Channel.ONLINE],
        "token": request.POST.get("token") or uuid.uuid4().hex,
        "form": request.POST,
        "today": today(),
    }
    return render(request, "objections/register.html", context)


@login_required
@require_GET
def detail(request: AuthenticatedHttpRequest, objection_id: int) -> HttpResponse:
    user = request.user
    objection = access.get_objection(user, objection_id)
    sees = access.sees_objector(user, objection)
    framework = objection.campaign.framework
    indicator = next((i for i in framework.indicators() if i.number == objection.indicator), None)
    settlements = list(objection.settlements.select_related("republished").order_by("-pk"))
    context: dict[str, Any] = {
        "objection": objection,
        "campaign": objection.campaign,
        "indicator_text": documents.indicator_text(objection),
        "county": documents.county_text(objection),
        "sees_objector": sees,
        "files": list(objection.files.all()) if sees else [],
        "can_act": access.can_act(user),
        "settlements": settlements,
        "confirmed": next((s for s in settlements if s.confirmed_at), None),
        "result": documents.result_text(objection),
    }
    if access.can_act(user):
        context["evaluators"] = User.objects.filter(role=User.Role.EVALUATOR, is_active=True)
        context["inputs"] = [
            x for x in (indicator.inputs if indicator else []) if not x.informational
        ]
        lists = [x for x in context["inputs"] if isinstance(x, RecordsInput)]
        context["records"] = [x.key for x in lists]
        if lists and objection.state == Objection.State.UPHELD:
            counted = adjudicated_values(objection.application)
            context["record_lists"] = [
                {
                    "spec": x,
                    "rows": [[r.get(f.key) for f in x.fields] for r in (counted.get(x.key) or [])],
                }
                for x in lists
            ]
        context["today"] = today()
    return render(request, "objections/detail.html", context)


@login_required
@require_POST
def step(request: AuthenticatedHttpRequest, objection_id: int) -> HttpResponse:
    """Move an objection on: start checking, uphold or reject, answer."""
    user = request.user
    objection = access.get_objection_for_province(user, objection_id)
    name = request.POST.get("step", "")
    post = request.POST
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        if name == "start_check":
            deadline = forms.date_of(post, "deadline", _("办理期限"))
            actions.start_check(objection, forms.assignee(post), deadline, user)
        elif name in ("uphold", "reject"):
            actions.conclude(objection, name == "uphold", post.get("finding", ""), user)
        elif name == "answer":
            actions.answer(objection, post.get("answer", ""), user)
        else:
            raise actions.Refused(_("未知的操作"))
    if refused:
        return refused.redirect(request, "objections:detail", objection.pk)
    messages.success(request, _("已保存。"))
    return redirect("objections:detail", objection.pk)


@login_required
@require_POST
def correct(request: AuthenticatedHttpRequest, objection_id: int) -> HttpResponse:
    """Correct the objected claim's value through the province's decision path."""
    user = request.user
    objection = access.get_objection_for_province(user, objection_id)
    key = request.POST.get("key", "")
    spec = objection.campaign.framework.input_or_none(key)
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        if spec is None or isinstance(spec, RecordsInput):
            raise actions.Refused(_("请选择要更正的数据项（记录列表请在省级核实工作台逐条更正）"))
        try:
            value = fields.parse_input(spec, request.POST)
        except ValueError as e:
            raise actions.Refused(
                _("“{label}”{problem}").format(label=spec.label, problem=e)
            ) from None
        actions.correct(objection, spec.key, value, request.POST.get("reason", ""), user)
    if refused:
        return refused.redirect(request, "objections:detail", objection.pk)
    messages.success(request, _("已更正“{label}”。").format(label=spec.label if spec else key))
    return redirect("objections:detail", objection.pk)


@login_required
@require_POST
def records(request: AuthenticatedHttpRequest, objection_id: int) -> HttpResponse:
    """Add a record the county left out, or leave one out, on the county's behalf."""
    user = request.user
    objection = access.get_objection_for_province(user, objection_id)
    post = request.POST
    spec = objection.campaign.framework.input_or_none(post.get("key", ""))
    reason = post.get("reason", "")
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        if not isinstance(spec, RecordsInput):
            raise actions.Refused(_("请选择记录列表"))
        if post.get("action") == "remove":
            index = forms.number_of(post, "index")
            actions.correct_records(objection, spec.key, reason, user, remove=index)
        else:
            one = QueryDict(mutable=True)
            for f in spec.fields:
                one[f.key] = post.get(f"new.{f.key}", "")
            try:
                record = fields.parse_record(spec, one)
            except ValueError as e:
                raise actions.Refused(_("新增的记录：{problem}").format(problem=e)) from None
            actions.correct_records(objection, spec.key, reason, user, add=record)
    if refused:
        return refused.redirect(request, "objections:detail", objection.pk)
    messages.success(request, _("已更正“{label}”。").format(label=spec.label if spec else ""))
    return redirect("objections:detail", objection.pk)


@login_required
@require_POST
def settle(request: AuthenticatedHttpRequest, objection_id: int) -> HttpResponse:
    """Take the snapshot after the corrections and compare the lists (nothing published)."""
    user = request.user
    objection = access.get_objection_for_province(user, objection_id)
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        settlement = actions.preview_settlement(objection, user)
    if refused:
        return refused.redirect(request, "objections:detail", objection.pk)
    return redirect("objections:settlement", settlement.pk)


def _settlement(request: AuthenticatedHttpRequest, settlement_id: int) -> Settlement:
    if not access.can_act(request.user):
        raise Http404
    return get_object_or_404(
        Settlement.objects.select_related("objection__campaign", "republished", "after", "before"),
        pk=settlement_id,
    )


@login_required
@require_GET
def settlement(request: AuthenticatedHttpRequest, settlement_id: int) -> HttpResponse:
    found = _settlement(request, settlement_id)
    context = {
        "settlement": found,
        "objection": found.objection,
        "comparison": found.comparison,
        "titles": found.objection.campaign.titles,
    }
    return render(request, "objections/settlement.html", context)


@login_required
@require_POST
def confirm(request: AuthenticatedHttpRequest, settlement_id: int) -> HttpResponse:
    found = _settlement(request, settlement_id)
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        done = actions.confirm_settlement(found, request.user)
    if refused:
        return refused.redirect(request, "objections:settlement", found.pk)
    if done.republished is not None:
        messages.success(request, _("已确认，并重新发布：{what}。").format(what=done.republished))
    else:
        messages.success(request, _("已确认：拟认定名单不变，未重新发布。"))
    return redirect("objections:detail", found.objection_id)


@login_required
@require_GET
def file_download(request: AuthenticatedHttpRequest, file_id: int) -> FileResponse:
    found = access.get_file(request.user, file_id)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=found.original_name,
        content_type=CONTENT_TYPES.get(found.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def register_xlsx(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    if not access.is_province(request.user):
        raise Http404
    campaign = get_object_or_404(Campaign.objects.defer("reference_cohort"), pk=campaign_id)
    content, name = documents.register(campaign)
    return download(content, name, documents.XLSX)


@login_required
@require_GET
def reply_docx(request: AuthenticatedHttpRequest, objection_id: int) -> HttpResponse:
    objection = access.get_objection(request.user, objection_id)
    if not access.sees_objector(request.user, objection) or objection.answered_on is None:
        raise Http404
    content, name = documents.reply(objection)
    return download(content, name, documents.DOCX)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The working-day calendar: the province's holidays and 调休 working days."""
    user = access.viewer(request.user)
    if not access.is_province(user):
        raise Http404
    if request.method == "POST":
        if not access.can_edit_calendar(user):
            raise Http404
        with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
            day = forms.date_of(request.POST, "day", _("日期"))
            assert day is not None
            if request.POST.get("remove") == "1":
                calendar_actions.remove_calendar_day(day, user)
            else:
                calendar_actions.set_calendar_day(
                    day, request.POST.get("kind", ""), request.POST.get("name", ""), user
                )
        if refused:
            refused.show(request)
        else:
            messages.success(request, _("已保存节假日安排。"))
        return redirect("objections:calendar")
    now = today()
    context = {
        "days": CalendarDay.objects.filter(day__year__gte=now.year - 1)[:CALENDAR_DAYS_SHOWN],
        "kinds": CalendarDay.Kind.choices,
        "can_edit": access.can_edit_calendar(user),
        "today": now,
        "working_today": calendar().is_working_day(now),
    }
    return render(request, "objections/calendar.html", context)
