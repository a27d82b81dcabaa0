"""Storing and removing evidence files."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.checks import Refused, check_name, sha256_of, sniff
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting import access
from qcounty.web.reporting.models import Record


@dataclass
class Stored:
    evidence: Evidence
    duplicate: bool  # the same content was already in this application: nothing stored again


def can_attach(user: User, application: Application, indicator: int) -> bool:
    """Return whether the user may add or remove evidence of this indicator."""
    framework = application.campaign.framework
    try:
        spec = framework.indicator(indicator)
    except StopIteration:
        return False
    editable = access.editable_keys(user, application)
    return any(x.key in editable for x in spec.inputs)


def store_evidence(
    application: Application,
    indicator: int,
    upload: UploadedFile,
    user: User,
    record: Record | None = None,
) -> Stored:
    """Check an upload by its content and store it under a random name, or refuse it."""
    if not can_attach(user, application, indicator):
        raise PermissionDenied
    name = check_name(upload.name or "")
    if upload.size == 0:
        raise Refused("文件是空的")
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise Refused(f"文件过大：最大 {limit // (1024 * 1024)} MB")
    kind = sniff(upload)
    digest = sha256_of(upload)
    existing = Evidence.objects.filter(application=application, sha256=digest).first()
    if existing is not None:
        return Stored(existing, duplicate=True)
    with transaction.atomic():
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
        evidence.file.save(name, upload, save=False)  # upload_to gives a random name
        evidence.save()
    return Stored(evidence, duplicate=False)


def remove_evidence(evidence: Evidence, user: User) -> None:
    if not can_attach(user, evidence.application, evidence.indicator):
        raise PermissionDenied
    storage_name = evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: evidence.file.storage.delete(storage_name))
