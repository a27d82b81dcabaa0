"""Writes of the scheme library: upload, publish, delete, and a campaign's claim on a version.

A version a campaign uses never changes and is never deleted: a new version supersedes it.
Each write locks the version's row first; a campaign claims its version under the same lock,
so a version cannot be deleted or replaced while a campaign is being set up on it.
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.schemes import library
from qcounty.web.schemes.checking import Problem, Refused, check_upload
from qcounty.web.schemes.models import SchemeVersion


def _refuse(message: str) -> Refused:
    return Refused([Problem(message)])


def upload_scheme(user: User, raw: bytes, file_name: str = "") -> SchemeVersion:
    """Keep an uploaded scheme as a draft (or replace an unused draft of the same version)."""
    checked = check_upload(raw, file_name)
    f = checked.framework
    if library.is_bundled(f.id, f.version):
        raise _refuse(
            _("“{id}” {version} 版是系统内置的评价体系，不能覆盖：请在文件中改用新的版本号").format(
                id=f.id, version=f.version
            )
        )
    if problems := library.predecessor_problems(f):
        raise Refused([checked.problem(path, message) for path, message in problems])
    now = timezone.now()
    fields = {
        "name": f.name[:200],
        "text": checked.text,
        "sha256": hashlib.sha256(checked.text.encode("utf-8")).hexdigest(),
        "file_name": file_name[:200],
        "uploaded_by": user,
        "uploaded_at": now,
    }
    try:
        with transaction.atomic():
            row = (
                SchemeVersion.objects.select_for_update()
                .filter(scheme_id=f.id, version=f.version)
                .first()
            )
            if row is None:
                return SchemeVersion.objects.create(scheme_id=f.id, version=f.version, **fields)
            _require_changeable(row)
            for name, value in fields.items():
                setattr(row, name, value)
            row.save()
            return row
    except IntegrityError:  # the same version uploaded at the same moment by someone else
        raise _refuse(_("同一版本正在被另一人上传，请刷新后重试")) from None


def _require_changeable(row: SchemeVersion) -> None:
    if library.is_used(row.scheme_id, row.version):
        raise _refuse(
            _("{version} 版已被创建周期使用，不能修改或删除：请以新的版本号上传，取代它").format(
                version=row.version
            )
        )
    if row.is_published:
        raise _refuse(
            _("{version} 版已发布，不能修改：请以新的版本号上传，取代它").format(
                version=row.version
            )
        )


def publish_scheme(user: User, pk: int) -> SchemeVersion:
    """Publish a draft, so that new campaigns can use it (publishing twice changes nothing)."""
    with transaction.atomic():
        row = SchemeVersion.objects.select_for_update().get(pk=pk)
        if not row.is_published:
            row.status = SchemeVersion.Status.PUBLISHED
            row.published_by = user
            row.published_at = timezone.now()
            row.save(update_fields=["status", "published_by", "published_at"])
        return row


def delete_scheme(user: User, pk: int) -> None:
    """Delete a version no campaign uses."""
    with transaction.atomic():
        row = SchemeVersion.objects.select_for_update().get(pk=pk)
        if library.is_used(row.scheme_id, row.version):
            raise _refuse(
                _(
                    "{version} 版已被创建周期使用，不能修改或删除：请以新的版本号上传，取代它"
                ).format(version=row.version)
            )
        row.delete()


def claim_for_campaign(scheme_id: str, version: str) -> None:
    """Hold the version for a campaign being saved; Refused unless bundled or published.

    Call inside the campaign's transaction: the row stays locked until it commits, so the
    version cannot be deleted or replaced under it.
    """
    if library.is_bundled(scheme_id, version):
        return
    row = (
        SchemeVersion.objects.select_for_update()
        .filter(scheme_id=scheme_id, version=version)
        .first()
    )
    if row is None:
        raise _refuse(
            _("评价体系库中没有“{id}” {version} 版").format(id=scheme_id, version=version)
        )
    if not row.is_published:
        raise _refuse(
            _("“{id}” {version} 版尚未发布，不能用于创建周期").format(id=scheme_id, version=version)
        )
