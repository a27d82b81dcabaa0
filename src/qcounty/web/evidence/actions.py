"""Storing and removing evidence files."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from qcounty.core.framework.inputs import Input
from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence import access
from qcounty.web.evidence.checks import Refused, check_name, sha256_of, sniff
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting.models import Record
from qcounty.web.review import audit
from qcounty.web.review.models import AuditEntry


@dataclass
class Stored:
    evidence: Evidence
    duplicate: bool  # the same content was already in this application: nothing stored again


def store_evidence(
    application: Application,
    indicator: int,
    upload: UploadedFile[bytes],
    user: User,
    record: Record | None = None,
) -> Stored:
    """Check an upload by its content and store it under a random name, or refuse it."""
    freeze.require_not_final(application)
    if not access.can_attach(user, application, indicator):
        raise PermissionDenied
    name = check_name(upload.name or "")
    if upload.size == 0:
        raise Refused(_("文件是空的"))
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise Refused(
            _("文件过大（{size}）：最大 {most}").format(
                size=filesizeformat(upload.size or 0), most=filesizeformat(limit)
            )
        )
    if record is not None and record.key not in {
        x.key for x in _indicator_inputs(application, indicator)
    }:
        raise Refused(_("所选记录不属于这一指标"))
    kind = sniff(upload)
    digest = sha256_of(upload)
    same = Evidence.objects.filter(application=application, sha256=digest)
    evidence = Evidence(
        application=application,
        indicator=indicator,
        record=record,
        original_name=name,
        kind=kind,
        size=upload.size,
        sha256=digest,
        uploaded_by=user,
    )
    with transaction.atomic():
        # under the application's lock, the same file sent twice at once is stored once
        Application.objects.select_for_update().filter(pk=application.pk).first()
        freeze.require_not_final(application)
        existing = same.filter(indicator=indicator).first()
        if existing is not None:
            return Stored(existing, duplicate=True)
        stored_once = same.first()
        if stored_once is not None:
            # the same content serves another indicator: one file, a row for each indicator
            evidence.file.name = stored_once.file.name
        else:
            evidence.file.save(name, upload, save=False)  # upload_to gives a random name
        evidence.save()
        audit.log(
            application,
            user,
            AuditEntry.Action.EVIDENCE_ADDED,
            indicator=indicator,
            record_id=record.pk if record else None,
            new={"name": name, "sha256": digest, "size": upload.size, "evidence": evidence.pk},
        )
    return Stored(evidence, duplicate=False)


def _indicator_inputs(application: Application, indicator: int) -> list[Input]:
    try:
        return list(application.campaign.framework.indicator(indicator).inputs)
    except StopIteration:
        return []


def remove_evidence(evidence: Evidence, user: User) -> None:
    freeze.require_not_final(evidence.application)
    if not access.can_attach(user, evidence.application, evidence.indicator):
        raise PermissionDenied
    storage_name = evidence.file.name
    storage = evidence.file.storage
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=evidence.application_id).first()
        current = Evidence.objects.filter(pk=evidence.pk).first()
        if current is None:
            return  # removed meanwhile (a double click): removed and logged once
        audit.log(
            evidence.application,
            user,
            AuditEntry.Action.EVIDENCE_REMOVED,
            indicator=current.indicator,
            record_id=current.record_id,
            old={"name": current.original_name, "sha256": current.sha256, "evidence": current.pk},
        )
        current.delete()
        # a stored evidence always has a name; its file goes once no other indicator uses it
        if storage_name and not Evidence.objects.filter(file=storage_name).exists():
            transaction.on_commit(lambda: storage.delete(storage_name))
