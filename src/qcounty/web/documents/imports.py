"""Importing a filled template: a dry run first, then an all-or-nothing write through the actions."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.core.framework.inputs import RecordsInput
from qcounty.core.wording import wording
from qcounty.office.reader import Change, ParsedWorkbook, Problem, read_workbook
from qcounty.office.words import coordinator, cycle
from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.documents.data import values_of
from qcounty.web.documents.models import PendingImport
from qcounty.web.reporting import access, actions
from qcounty.web.reporting.models import Record
from qcounty.web.review.sections import ensure_sections, section_inputs
from qcounty.web.statfeed.figures import figures_of


def department_keys(application: Application, department_id: int | None) -> set[str]:
    """Return the input keys of a department's section of the application."""
    section = next(
        (s for s in ensure_sections(application) if s.department_id == department_id), None
    )
    return {o.spec.key for o in section_inputs(section)} if section else set()


PENDING = "imports"  # storage folder of uploaded workbooks waiting for their commit


@dataclass
class Plan:
    refused: str = ""  # the whole workbook is refused (another county, campaign, version …)
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # to be corrected in the workbook
    locked: list[Problem] = field(default_factory=list)  # changes the user may not make now
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def can_commit(self) -> bool:
        return not self.refused and not self.problems and not self.locked and bool(self.changes)


def plan_import(application: Application, user: User, data: bytes) -> Plan:
    """Return what importing this workbook would change, and every problem, without writing."""
    framework = application.campaign.framework
    parsed: ParsedWorkbook = read_workbook(data, framework, max_bytes=settings.WORKBOOK_MAX_BYTES)
    refused = _refusal(application, user, parsed)
    if refused:
        return Plan(refused=refused, problems=parsed.problems)
    editable = access.editable_keys(user, application)
    # an input locked to the official figure (statfeed) is the province's
    official = {k for k, f in figures_of(application).items() if f.locked}
    changes = parsed.changes(values_of(application))  # an unchanged value is never a problem
    locked = [
        Problem(c.sheet, c.row, c.label, _locked_message(application, user, c, official))
        for c in changes
        if c.key not in editable or c.key in official
    ]
    return Plan(
        changes=[c for c in changes if c.key in editable and c.key not in official],
        problems=list(parsed.problems),
        locked=locked,
        values=parsed.values,
    )


def _locked_message(
    application: Application, user: User, change: Change, official: set[str]
) -> str:
    """Say why the user may not change this item now, and what to do instead."""
    where = _("第 {row} 行").format(row=change.row) if change.row else ""
    text = _("{where}“{label}”从“{old}”改为“{new}”：").format(
        where=where, label=change.label, old=change.old_text, new=change.new_text
    )
    if change.key in official:
        return text + _("该字段已由省级锁定为统计部门数据，不能修改；如有异议请联系省级。")
    if application.status not in (Application.Status.DRAFT, Application.Status.RETURNED):
        return text + _("申报已上报，现在不能修改；如需修改，请待申报退回后再导入。")
    if user.role == User.Role.CLERK:
        if change.key not in department_keys(application, user.organisation_id):
            return text + _("这一项不由本部门填报，不能修改。")
        return text + _(
            "本部门填报的部分已提交或已接收，不能修改；如需修改，请联系{office}退回本部门的部分，"
            "退回后再导入。"
        ).format(office=coordinator(wording(application.campaign.framework)))
    return text + _(
        "这一项所在的部门部分已接收，不能修改；如需修改，请先在审核页面重新打开该部分，再导入。"
    )


def _refusal(application: Application, user: User, parsed: ParsedWorkbook) -> str:
    frozen = freeze.frozen_message(application.campaign_id)
    if frozen:
        return frozen
    if parsed.refused:
        return parsed.problems[0].message if parsed.problems else _("这份文件不能导入")
    meta = parsed.meta
    campaign = application.campaign
    county = application.county
    if (
        meta.get("framework_id") != campaign.framework_id
        or str(meta.get("framework_version")) != campaign.framework_version
    ):
        return _("这份模板属于另一评价体系版本（{got}），本申报使用 {want}").format(
            got=f"{meta.get('framework_id')} {meta.get('framework_version')}",
            want=f"{campaign.framework_id} {campaign.framework_version}",
        )
    if meta.get("county") != county.name:
        return _("这份模板属于{got}，不是{want}").format(got=meta.get("county"), want=county.name)
    if meta.get("campaign") != campaign.name:
        return _("这份模板属于另一{cycle}（{got}），不是“{want}”").format(
            cycle=cycle(wording(campaign.framework)), got=meta.get("campaign"), want=campaign.name
        )
    if meta.get("application_id") not in (None, application.pk):
        return _("这份模板属于另一份申报，请从本申报页面重新下载模板")
    department = meta.get("department")
    if user.role == User.Role.CLERK and department not in (None, user.organisation.name):
        return _("这份模板属于{got}，不是本部门（{want}）").format(
            got=department, want=user.organisation.name
        )
    return ""


class AlreadyDone(Exception):
    """The confirmation was used before (a double click, a second tab); the message says so."""


STALE_AFTER = dt.timedelta(days=1)  # an unconfirmed upload is kept this long


def stash(application: Application, user: User, data: bytes) -> str:
    """Keep the uploaded workbook until its commit; return the token that confirms it once."""
    _forget_stale(application, user)
    token = uuid.uuid4().hex
    name = default_storage.save(
        f"{PENDING}/{application.pk}/{user.pk}-{token}.xlsx", ContentFile(data)
    )
    PendingImport.objects.create(
        application=application, user=user, token=token, file_name=name, sha256=digest(data)
    )
    return token


def _forget_stale(application: Application, user: User) -> None:
    """Remove the user's uploads of this application never confirmed within `STALE_AFTER`."""
    stale = PendingImport.objects.filter(
        application=application,
        user=user,
        status=PendingImport.Status.PENDING,
        created_at__lt=timezone.now() - STALE_AFTER,
    )
    for pending in stale:
        default_storage.delete(pending.file_name)
    stale.update(status=PendingImport.Status.DISCARDED, done_at=timezone.now())


def pending_import(application: Application, user: User, token: str) -> PendingImport:
    """Return the user's upload this token confirms; refuse another user's or a forged one."""
    if len(token) != 32 or not all(c in "0123456789abcdef" for c in token):
        raise PermissionDenied
    pending = PendingImport.objects.filter(token=token, application=application, user=user).first()
    if pending is None:
        raise PermissionDenied  # another user's or forged
    return pending


def commit_pending(application: Application, user: User, pending: PendingImport) -> int:
    """Import a confirmed upload once; return how many items changed.

    The application is locked first, then the upload's row: a second confirmation waits, then
    finds it used (`AlreadyDone`) and writes nothing. A refused import is discarded (the
    workbook is to be corrected and uploaded again).
    """
    try:
        with transaction.atomic():
            lock(application)
            pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
            if pending.status == PendingImport.Status.IMPORTED:
                raise AlreadyDone(_("这份文件已经导入，未重复写入。"))
            if pending.status == PendingImport.Status.DISCARDED:
                raise AlreadyDone(_("这份文件的导入已失效，未写入任何数据；请重新上传。"))
            n = commit(application, user, _read(pending))
            _close(pending, PendingImport.Status.IMPORTED)
    except (ValueError, PermissionDenied):
        with transaction.atomic():
            _close(
                PendingImport.objects.select_for_update().get(pk=pending.pk),
                PendingImport.Status.DISCARDED,
            )
        raise
    return n


def _read(pending: PendingImport) -> bytes:
    try:
        with default_storage.open(pending.file_name, "rb") as f:
            data: bytes = f.read()
    except FileNotFoundError:
        raise ValueError(_("上传的文件已不存在，请重新上传")) from None
    if digest(data) != pending.sha256:
        raise ValueError(_("上传的文件已被改动，请重新上传"))
    return data


def _close(pending: PendingImport, status: str) -> None:
    if pending.status != PendingImport.Status.PENDING:
        return
    pending.status, pending.done_at = status, timezone.now()
    pending.save(update_fields=["status", "done_at"])
    name = pending.file_name
    transaction.on_commit(lambda: default_storage.delete(name))


def lock(application: Application) -> None:
    """Lock the application row, as every write of its data does, and read its status anew."""
    Application.objects.select_for_update().filter(pk=application.pk).first()
    application.refresh_from_db(fields=["status"])


def commit(application: Application, user: User, data: bytes) -> int:
    """Write every change of the workbook, or nothing; return how many items changed.

    The changes are planned under the application's lock, against the data as it is then:
    a workbook committed twice changes nothing the second time.
    """
    framework = application.campaign.framework
    with transaction.atomic():
        lock(application)
        plan = plan_import(application, user, data)
        if plan.refused or plan.problems or plan.locked:
            raise ValueError(plan.refused or _("导入检查未通过，未写入任何数据"))
        changed = {c.key for c in plan.changes}
        for key in changed:
            spec = framework.input_or_none(key)
            value = plan.values[key]
            if isinstance(spec, RecordsInput):
                for record in Record.objects.filter(application=application, key=key):
                    actions.delete_record(record, user)
                if value == []:
                    actions.declare_no_records(application, spec, user)
                for data_ in value or []:
                    actions.add_record(application, spec, data_, user)
            else:
                actions.save_value(application, key, value, user)
    return len(changed)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
