"""Evidence views: upload (checked by content), download (checked by access), remove."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qcounty.web import uploads
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence import access as evidence_access
from qcounty.web.evidence import actions
from qcounty.web.evidence.checks import CONTENT_TYPES, Refused
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting import access
from qcounty.web.reporting.models import Record
from qcounty.web.responses import refusals

EVIDENCE_CHANGED = "evidence-changed"


def _list(
    request: AuthenticatedHttpRequest, application: Application, indicator: int, **state: object
) -> HttpResponse:
    user = request.user
    items = Evidence.objects.filter(application=application, indicator=indicator).select_related(
        "uploaded_by", "record"
    )
    context = {
        "application": application,
        "indicator": indicator,
        "items": items,
        "editable": evidence_access.can_attach(user, application, indicator),
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
        **state,
    }
    response = render(request, "evidence/_list.html", context)
    if "notice" in state:  # the files changed: the 自查 panel checks the evidence again
        response["HX-Trigger"] = EVIDENCE_CHANGED
    return response


@login_required
@require_POST
@uploads.upload_limits("EVIDENCE_MAX_BYTES")
def upload(request: AuthenticatedHttpRequest, application_id: int, indicator: int) -> HttpResponse:
    user = request.user
    application = access.get_application_for_user(user, application_id)
    evidence_access.require_visible(user, application, indicator)
    if over_limit := uploads.refusal(request):
        return _list(
            request, application, indicator, error=_("未上传：{reason}").format(reason=over_limit)
        )
    upload_ = request.FILES.get("file")
    if upload_ is None:
        return _list(request, application, indicator, error=_("请选择要上传的文件"))
    record = None
    if request.POST.get("record"):
        record_id = request.POST["record"]
        if not (record_id.isascii() and record_id.isdigit()):
            raise Http404
        record = Record.objects.filter(application=application, pk=int(record_id)).first()
        if record is None:
            raise Http404
    with refusals(freeze.Frozen) as frozen, refusals(Refused) as refused:
        stored = actions.store_evidence(application, indicator, upload_, user, record)
    if frozen:
        return _list(request, application, indicator, error=frozen.message)
    if refused:
        reason = refused.message
        error = _("未上传“{name}”：{reason}").format(name=upload_.name, reason=reason)
        return _list(request, application, indicator, error=error)
    if stored.duplicate:
        e = stored.evidence
        when = timezone.localtime(e.uploaded_at)
        note = _("该文件已经上传过（{name}，{when}），未重复保存").format(
            name=e.original_name, when=f"{when:%Y-%m-%d %H:%M}"
        )
        return _list(request, application, indicator, notice=note)
    return _list(
        request,
        application,
        indicator,
        notice=_("已上传“{name}”").format(name=stored.evidence.original_name),
    )


@login_required
@require_GET
def download(request: AuthenticatedHttpRequest, evidence_id: int) -> FileResponse:
    user = request.user
    evidence = get_object_or_404(Evidence, pk=evidence_id)
    application = access.get_application_for_user(user, evidence.application_id)
    evidence_access.require_visible(user, application, evidence.indicator)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=CONTENT_TYPES.get(evidence.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def remove(request: AuthenticatedHttpRequest, evidence_id: int) -> HttpResponse:
    user = request.user
    evidence = get_object_or_404(Evidence, pk=evidence_id)
    application = access.get_application_for_user(user, evidence.application_id)
    evidence_access.require_visible(user, application, evidence.indicator)
    indicator = evidence.indicator
    name = evidence.original_name
    with refusals(freeze.Frozen) as frozen:
        actions.remove_evidence(evidence, user)
    if frozen:
        return _list(request, application, indicator, error=frozen.message)
    return _list(request, application, indicator, notice=_("已删除“{name}”").format(name=name))
