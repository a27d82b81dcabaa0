"""Reporting views: the form generated from the framework, saving field by field, the score.

Each view: check access, parse input, call an action, render a page or a partial.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qcounty.core.framework.inputs import Input, RecordsInput
from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.campaigns.views import campaigns_to_open
from qcounty.web.reporting import access, actions, fields, layout, queues, selfcheck
from qcounty.web.reporting.models import Record
from qcounty.web.reporting.scoring import assess
from qcounty.web.responses import refusals
from qcounty.web.review import board
from qcounty.web.statfeed.actions import Locked
from qcounty.web.words import words_of

SCORE_CHANGED = "score-changed"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the user's work queue: what waits for them, counts first, each item a link."""
    user: User = request.user  # type: ignore[assignment]
    role = queues.role_of(user)
    context: dict[str, Any] = {"role": role}
    if role == "clerk":
        context["items"] = queues.clerk_queue(user, _county_applications(user))
    elif role == "office":
        context["items"] = queues.office_queue(_county_applications(user))
        context["to_open"] = campaigns_to_open(user)
    elif role == "expert":
        context["queue"] = queues.expert_queue(user, request.GET)
    else:
        context["queue"] = queues.province_queue(user, request.GET)
    if role in ("expert", "province"):
        campaign = context["queue"].campaign
        context["words"] = words = words_of(campaign)
        context.update(tiers=queues.TIERS, sorts=queues.sort_labels(words))
    elif context["items"]:  # the county's latest application's scheme
        context["words"] = words_of(context["items"][0].application.campaign)
    return render(request, "reporting/home.html", context)


def _county_applications(user: User) -> list[Application]:
    """Return the applications of the user's county, the latest evaluation year first."""
    if user.county is None:
        return []
    rows = access.applications().filter(county=user.county)
    return list(rows.order_by("-campaign__evaluation_year", "-pk"))


@login_required
@require_GET
def application_page(request: HttpRequest, application_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    application = access.get_application_for_user(user, application_id)
    units = access.visible_units(user, application)
    editable = access.editable_keys(user, application)
    read = layout.read_stored(application)  # the sections' and the gates': read once
    sections = layout.sections(
        application,
        units,
        editable,
        section=_number(request.GET.get("section")),
        indicator=_number(request.GET.get("indicator")),
        read=read,
    )
    context = {
        "application": application,
        "gates": layout.gate_fields(application, units, editable, read),
        "sections": sections,
        "editable_any": bool(editable),
        "result": assess(application),
        "units": units,
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
        "review": board.panel(user, application),
        "frozen": freeze.frozen_message_of(application),
        "selfcheck": user.role in (User.Role.COUNTY_OFFICE, User.Role.CLERK),
    }
    return render(request, "reporting/application.html", context)


def _selfcheck(user: User, application: Application, units: set[str] | None) -> dict[str, Any]:
    """Return the 自查 panel's context: shown to the county only, never to the province."""
    if user.role not in (User.Role.COUNTY_OFFICE, User.Role.CLERK):
        raise Http404  # the province reads the flags in its workspace
    return {
        "flags": selfcheck.panel(application, units),
        "may_explain": access.may_explain(user, application),
    }


@login_required
@require_GET
def section_part(request: HttpRequest, application_id: int, number: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    application = access.get_application_for_user(user, application_id)
    units = access.visible_units(user, application)
    editable = access.editable_keys(user, application)
    sections = layout.sections(application, units, editable, section=number)
    if not any(s.open and s.number == number for s in sections):
        raise Http404
    context = {
        "application": application,
        "sections": sections,
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
    }
    return render(request, "reporting/_sections.html", context)


def _number(text: str | None) -> int | None:
    """Return a positive number from the query string, None for anything else."""
    return int(text) if text and text.isascii() and text.isdigit() else None


def _refuses_frozen(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a write refused because the campaign's final list is out with the field or list
    it targets, read-only, saying why (htmx swaps only successful answers into the page)."""

    @wraps(view)
    def wrapped(request: HttpRequest, application_id: int, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, application_id, **kwargs)
        except freeze.Frozen as frozen:
            user: User = request.user  # type: ignore[assignment]
            application = access.get_application_for_user(user, application_id)
            if "record_id" in kwargs:
                key = get_object_or_404(Record, pk=kwargs["record_id"], application=application).key
            else:
                key = kwargs["key"]
            spec = _input(application, key)
            if isinstance(spec, RecordsInput):
                return _records_partial(request, application, spec, error=str(frozen))
            field = layout.field(application, spec, editable=False, error=str(frozen))
            context = {"field": field, "application": application}
            return render(request, "reporting/_field.html", context)

    return wrapped


@login_required
@require_POST
@_refuses_frozen
def save_field(request: HttpRequest, application_id: int, key: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    application = access.get_application_for_user(user, application_id)
    spec = _input(application, key)
    if isinstance(spec, RecordsInput):
        raise Http404
    try:
        value = fields.parse_input(spec, request.POST)
    except ValueError as e:
        # a valid value is checked under the row lock (actions.save_value), once
        access.require_editable(user, application, key)
        field = layout.field(application, spec, editable=True, error=str(e), typed=request.POST)
        return render(
            request, "reporting/_field.html", {"field": field, "application": application}
        )
    expected = request.POST.get("version", "")
    try:
        row = actions.save_value(
            application,
            key,
            value,
            user,
            int(expected) if expected.isascii() and expected.isdigit() else None,
        )
    except actions.Conflict as conflict:
        message = _("已被他人修改：请核对后再保存（您填写的内容未保存）")
        field = layout.field(
            application, spec, editable=True, error=message, typed=request.POST, conflict=conflict
        )
        return render(
            request, "reporting/_field.html", {"field": field, "application": application}
        )
    except Locked as locked:
        field = layout.field(application, spec, editable=False, error=str(locked))
        return render(
            request, "reporting/_field.html", {"field": field, "application": application}
        )
    field = layout.field(application, spec, editable=True, saved=True, row=row)
    response = render(
        request, "reporting/_field.html", {"field": field, "application": application}
    )
    response["HX-Trigger"] = SCORE_CHANGED
    return response


@login_required
@require_POST
@_refuses_frozen
def add_record(request: HttpRequest, application_id: int, key: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    application = access.get_application_for_user(user, application_id)
    spec = _records_input(application, key)
    access.require_editable(user, application, key)
    try:
        data = fields.parse_record(spec, request.POST)
    except ValueError as e:
        return _records_partial(request, application, spec, error=str(e), typed=request.POST)
    actions.add_record(application, spec, data, user, once=True)
    warning = fields.window_warning(
        application.campaign.framework, spec, data, application.campaign.evaluation_year
    )
    return _records_partial(request, application, spec, saved=True, warning=warning, changed=True)


@login_required
@require_POST
@_refuses_frozen
def update_record(request: HttpRequest, application_id: int, record_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    application = access.get_application_for_user(user, application_id)
    record = get_object_or_404(Record, pk=record_id, application=application)
    spec = _records_input(application, record.key)
    access.require_editable(user, application, record.key)
    try:
        data = fields.parse_record(spec, request.POST)
    except ValueError as e:
        return _records_partial(
            request, application, spec, error=str(e), editing=record.pk, typed=request.POST
        )
    expected = request.POST.get("version", "")
    try:
        actions.update_record(
            record, data, user, int(expected) if expected.isascii() and expected.isdigit() else None
        )
    except actions.Conflict:
        message = _("已被他人修改：请核对后再保存（您填写的内容未保存）")
        return _records_partial(
            request, application, spec, error=message, editing=record.pk, typed=request.POST
        )
    warning = fields.window_warning(
        application.campaign.framework, spec, data, application.campaign.evaluation_year
    )
    return _records_partial(request, application, spec, saved=True, warning=warning, changed=True)


@login_required
@require_POST
@_refuses_frozen
def delete_record(request: HttpRequest, application_id: int, record_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    application = access.get_application_for_user(user, application_id)
    record = get_object_or_404(Record, pk=record_id, application=application)
    spec = _records_input(application, record.key)
    actions.delete_record(record, user)
    return _records_partial(request, application, spec, changed=True)


@login_required
@require_POST
@_refuses_frozen
def no_records(request: HttpRequest, application_id: int, key: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    application = access.get_application_for_user(user, application_id)
    spec = _records_input(application, key)
    actions.declare_no_records(application, spec, user)
    return _records_partial(request, application, spec, saved=True, changed=True)


@login_required
@require_GET
def score_panel(request: HttpRequest, application_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    application = access.get_application_for_user(user, application_id)
    return render(
        request,
        "reporting/_score.html",
        {"application": application, "result": assess(application)},
    )


def _input(application: Application, key: str) -> Input:
    spec = application.campaign.framework.input_or_none(key)
    if spec is None:
        raise Http404
    return spec


def _records_input(application: Application, key: str) -> RecordsInput:
    spec = _input(application, key)
    if not isinstance(spec, RecordsInput):
        raise Http404
    return spec


def _records_partial(
    request: HttpRequest,
    application: Application,
    spec: RecordsInput,
    *,
    changed: bool = False,
    **state: Any,
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    editable = spec.key in access.editable_keys(user, application)
    block = layout.records(application, spec, editable=editable, **state)
    response = render(
        request, "reporting/_records.html", {"block": block, "application": application}
    )
    if changed:
        response["HX-Trigger"] = SCORE_CHANGED
    return response


@login_required
@require_GET
def selfcheck_panel(request: HttpRequest, application_id: int) -> HttpResponse:
    """Return the 自查 panel (htmx loads it after the page, and again after every save)."""
    user: User = request.user  # type: ignore[assignment]
    application = access.get_application_for_user(user, application_id)
    units = access.visible_units(user, application)
    context = {"application": application, "selfcheck": _selfcheck(user, application, units)}
    return render(request, "reporting/_selfcheck.html", context)


@login_required
@require_POST
def flag_note(request: HttpRequest, application_id: int) -> HttpResponse:
    """Store the county's explanation of a 自查 flag, then show the panel again."""
    user: User = request.user  # type: ignore[assignment]
    application = get_object_or_404(access.applications(), pk=application_id)
    access.require_may_explain(user, application)  # another county: refused, saying why
    ident = request.POST.get("flag", "")
    with refusals(actions.Refused) as refused:
        actions.explain_flag(application, user, ident, request.POST.get("text", ""))
    if request.headers.get("HX-Request") == "true":
        units = access.visible_units(user, application)
        context = {
            "application": application,
            "selfcheck": _selfcheck(user, application, units),
            "error": refused.message,
            "saved": not refused,
        }
        return render(request, "reporting/_selfcheck.html", context)
    if refused:
        refused.show(request)
    else:
        messages.success(request, _("说明已保存，将随申报报送省级。"))
    page = reverse("reporting:application", args=[application.pk])
    return redirect(f"{page}#selfcheck")
