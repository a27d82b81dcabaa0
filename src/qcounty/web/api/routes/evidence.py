"""Evidence (佐证材料): listed as the form lists it, uploaded through the form's own checks."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status

from qcounty.web import uploads
from qcounty.web.api.auth import UPLOAD, WRITE
from qcounty.web.api.errors import ApiError, invalid
from qcounty.web.api.routes.applications import viewed
from qcounty.web.api.routes.responses import answers
from qcounty.web.api.schemas.common import Page, Paging, page
from qcounty.web.evidence import access as evidence_access
from qcounty.web.evidence import actions
from qcounty.web.evidence.checks import Refused
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting import access
from qcounty.web.reporting.models import Record

router = Router(tags=["佐证材料"])


class EvidenceItem(Schema):
    id: int
    indicator: int
    record_id: int | None
    name: str
    kind: str
    size: int
    sha256: str
    uploaded_at: Any


class Stored(EvidenceItem):
    duplicate: bool = Field(description="同一文件已上传过：未重复保存，返回已有的那份")


class EvidenceFilter(Schema):
    indicator: int | None = Field(None, ge=1, le=1000)


def _item(evidence: Evidence) -> dict[str, Any]:
    return {
        "id": evidence.pk,
        "indicator": evidence.indicator,
        "record_id": evidence.record_id,
        "name": evidence.original_name,
        "kind": evidence.kind,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "uploaded_at": evidence.uploaded_at,
    }


@router.get(
    "/applications/{application_id}/evidence",
    response=answers(Page[EvidenceItem]),
    url_name="evidence",
    summary="佐证材料列表",
)
def list_evidence(
    request: HttpRequest, application_id: int, paging: Query[Paging], where: Query[EvidenceFilter]
) -> dict[str, Any]:
    """List the evidence of the indicators the token sees."""
    user, application = viewed(request, application_id)
    units = access.visible_units(user, application)
    framework = application.campaign.framework
    numbers = [i.number for i in framework.indicators() if access.indicator_visible(units, i)]
    if where.indicator is not None:
        numbers = [n for n in numbers if n == where.indicator]
    rows = Evidence.objects.filter(application=application, indicator__in=numbers)
    return page(rows.order_by("indicator", "id"), paging, _item)


@router.post(
    "/applications/{application_id}/evidence",
    response=answers(Stored, 201, write=True),
    auth=UPLOAD,
    url_name="upload_evidence",
    summary="上传佐证材料",
)
def upload_evidence(
    request: HttpRequest,
    application_id: int,
    indicator: Form[int],
    file: File[UploadedFile | None] = None,
    record: Form[int | None] = None,
) -> Status[dict[str, Any]]:
    """Upload an evidence file of an indicator (or one of its records), checked by content."""
    user, application = viewed(request, application_id)
    evidence_access.require_visible(user, application, indicator)
    if over_limit := uploads.refusal(request):
        # the file was stopped while it streamed in (its limit), so the form has none
        raise ApiError(413, "too_large", over_limit)
    if file is None:
        raise invalid("file", _("请选择要上传的文件"))
    chosen = None
    if record is not None:
        chosen = Record.objects.filter(application=application, pk=record).first()
        if chosen is None:
            raise invalid("record", _("所选记录不存在"))
    try:
        stored = actions.store_evidence(application, indicator, file, user, chosen)
    except Refused as refused:
        raise invalid(
            "file", _("未上传“%(name)s”：%(reason)s") % {"name": file.name, "reason": refused}
        ) from None
    return Status(201, {**_item(stored.evidence), "duplicate": stored.duplicate})


@router.delete(
    "/evidence/{evidence_id}",
    response=answers(None, 204, write=True),
    auth=WRITE,
    url_name="delete_evidence",
    summary="删除佐证材料",
)
def delete_evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Remove an evidence file, as the form removes it."""
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    user, application = viewed(request, evidence.application_id)
    evidence_access.require_visible(user, application, evidence.indicator)
    actions.remove_evidence(evidence, user)
    return HttpResponse(status=204)
