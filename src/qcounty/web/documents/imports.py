"""Importing a filled template: a dry run first, then an all-or-nothing write through the actions."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from qcounty.core.framework.inputs import RecordsInput
from qcounty.office.reader import Change, ParsedWorkbook, Problem, read_workbook
from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.documents.data import values_of
from qcounty.web.reporting import access, actions
from qcounty.web.reporting.models import Record

PENDING = "imports"  # storage folder of uploaded workbooks waiting for their commit


@dataclass
class Plan:
    refused: str = ""  # the whole workbook is refused (another county, campaign, version …)
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def can_commit(self) -> bool:
        return not self.refused and not self.problems and bool(self.changes)


def plan_import(application: Application, user: User, data: bytes) -> Plan:
    """Return what importing this workbook would change, and every problem, without writing."""
    framework = application.campaign.framework
    parsed: ParsedWorkbook = read_workbook(data, framework, max_bytes=settings.WORKBOOK_MAX_BYTES)
    refused = _refusal(application, user, parsed)
    if refused:
        return Plan(refused=refused, problems=parsed.problems)
    editable = access.editable_keys(user, application)
    problems = list(parsed.problems)
    for key in parsed.values:
        if key not in editable:
            label = framework.value_label(key) if framework.input_or_none(key) else key
            problems.append(Problem("", None, label, _("您无权修改这一项（或它已提交、已接收）")))
    changes = parsed.changes(values_of(application))
    return Plan(changes=changes, problems=problems, values=parsed.values)


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
        return _("这份模板属于另一创建周期（{got}），不是“{want}”").format(
            got=meta.get("campaign"), want=campaign.name
        )
    if meta.get("application_id") not in (None, application.pk):
        return _("这份模板属于另一份申报，请从本申报页面重新下载模板")
    department = meta.get("department")
    if user.role == User.Role.CLERK and department not in (None, user.organisation.name):
        return _("这份模板属于{got}，不是本部门（{want}）").format(
            got=department, want=user.organisation.name
        )
    return ""


def stash(application: Application, user: User, data: bytes) -> str:
    """Keep the uploaded workbook until its commit; return the token that names it."""
    token = uuid.uuid4().hex
    name = f"{PENDING}/{application.pk}/{user.pk}-{token}.xlsx"
    default_storage.save(name, ContentFile(data))
    return token


def unstash(application: Application, user: User, token: str) -> bytes:
    if len(token) != 32 or not all(c in "0123456789abcdef" for c in token):
        raise PermissionDenied
    name = f"{PENDING}/{application.pk}/{user.pk}-{token}.xlsx"
    if not default_storage.exists(name):
        raise PermissionDenied  # another user's, expired or forged
    with default_storage.open(name, "rb") as f:
        return f.read()


def discard(application: Application, user: User, token: str) -> None:
    default_storage.delete(f"{PENDING}/{application.pk}/{user.pk}-{token}.xlsx")


def commit(application: Application, user: User, data: bytes) -> int:
    """Write every change of the workbook, or nothing; return how many items changed."""
    plan = plan_import(application, user, data)
    if not plan.can_commit:
        raise ValueError(plan.refused or _("导入检查未通过，未写入任何数据"))
    framework = application.campaign.framework
    changed = {c.key for c in plan.changes}
    with transaction.atomic():
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
