"""Objection files, checked as evidence uploads are (name, size, content) before anything is kept."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from qcounty.web.evidence import checks

MAX_FILES = 10


class UploadRefused(ValueError):
    """A file the objection cannot keep; the message is a Chinese sentence."""


@dataclass(frozen=True)
class CheckedUpload:
    upload: UploadedFile[bytes]
    name: str
    kind: str
    sha256: str


def check_uploads(uploads: list[UploadedFile[bytes]]) -> list[CheckedUpload]:
    """Check each file as evidence uploads are checked (name, size, content), or refuse."""
    if len(uploads) > MAX_FILES:
        raise UploadRefused(_("一件异议最多附 {n} 个文件").format(n=MAX_FILES))
    out = []
    limit = settings.EVIDENCE_MAX_BYTES
    for upload in uploads:
        try:
            name = checks.check_name(upload.name or "")
            if not upload.size:
                raise checks.Refused(_("文件是空的"))
            if upload.size > limit:
                raise checks.Refused(
                    _("文件过大（{size}）：最大 {most}").format(
                        size=filesizeformat(upload.size), most=filesizeformat(limit)
                    )
                )
            kind = checks.sniff(upload)
            digest = checks.sha256_of(upload)
        except checks.Refused as e:
            raise UploadRefused(
                _("未登记异议：文件“{name}”{reason}").format(name=upload.name, reason=e)
            ) from None
        out.append(CheckedUpload(upload, name, kind, digest))
    return out
