"""Every write to tasks: generate, add, edit, change status, note, attach, delete.

Each action checks who acts first (NotAllowed: a forged request, answered with 403) and what is
asked second (Refused: the Chinese message says why); either way nothing changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence import checks
from qcounty.web.organisations.models import Organisation
from qcounty.web.tasks import access
from qcounty.web.tasks.models import Task, TaskAttachment, TaskNote
from qcounty.web.tasks.plan import Planned, Unmapped, plan, role_mapping
from qcounty.web.words import invalid_department

S = Task.Status
NOTE_MAX = 2000
TITLE_MAX = 300


class NotAllowed(Exception):
    """The user's role or department may not do this (a forged request)."""


class Refused(ValueError):
    """The change is not possible; the message (Chinese) says why."""


@dataclass
class Generated:
    created: int
    kept: int  # generated before (edits kept)
    unmapped: list[Unmapped]


def _require_office(user: User, application: Application) -> None:
    if not access.can_manage(user, application):
        raise NotAllowed


def _require_update(user: User, task: Task) -> None:
    if not access.can_update(user, task):
        raise NotAllowed


def generate_tasks(application: Application, user: User) -> Generated:
    """Add the tasks the framework and the role mapping call for that do not exist yet.

    A task generated before is kept as it is (its deadline, department, status and notes),
    even when the office has since given it to another department.
    """
    _require_office(user, application)
    planned, unmapped = plan(application.campaign.framework, role_mapping(application))
    deadline = application.campaign.department_deadline
    try:
        created = _create_missing(application, user, planned, deadline)
    except IntegrityError:  # another request generated the same tasks in between (SQLite)
        raise Refused(_("任务正在由另一个请求生成，请刷新页面后查看")) from None
    return Generated(created, len(planned) - created, unmapped)


def _create_missing(
    application: Application, user: User, planned: list[Planned], deadline: dt.date
) -> int:
    with transaction.atomic():
        # one generation at a time per application: two clicks never create a task twice
        Application.objects.select_for_update().filter(pk=application.pk).first()
        existing = set(
            Task.objects.filter(application=application, custom=False).values_list(
                "indicator", "generated_for_id"
            )
        )
        new = [
            Task(
                application=application,
                indicator=p.indicator,
                department_id=p.department_id,
                generated_for_id=p.department_id,
                lead=p.lead,
                title=p.title,
                standard=p.standard,
                points=p.points,
                deadline=deadline,
                created_by=user,
            )
            for p in planned
            if (p.indicator, p.department_id) not in existing
        ]
        Task.objects.bulk_create(new)
    return len(new)


def _county_department(application: Application, department: Organisation | None) -> Organisation:
    if (
        department is None
        or department.kind != Organisation.Kind.DEPARTMENT
        or department.parent_id != application.county_id
    ):
        raise Refused(invalid_department(application))
    return department


def _clean_text(text: str, most: int, empty: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused(empty)
    if len(text) > most:
        raise Refused(_("内容过长（最多 {n} 个字）").format(n=most))
    return text


def add_task(
    application: Application,
    user: User,
    *,
    title: str,
    department: Organisation | None,
    deadline: dt.date,
    starts_on: dt.date | None = None,
    standard: str = "",
    lead: bool = True,
) -> Task:
    """Add one of the office's own tasks (e.g. the plan's 质量月 publicity) for a department."""
    _require_office(user, application)
    title = _clean_text(title, TITLE_MAX, _("请填写任务名称"))
    department = _county_department(application, department)
    if starts_on and starts_on > deadline:
        raise Refused(_("开始日期不能晚于完成时限"))
    fields = {
        "application": application,
        "department": department,
        "lead": lead,
        "title": title,
        "standard": (standard or "").strip()[:NOTE_MAX],
        "starts_on": starts_on,
        "deadline": deadline,
        "custom": True,
    }
    with transaction.atomic():
        # under the application's lock, the same task added twice (a double click) is one task
        Application.objects.select_for_update().filter(pk=application.pk).first()
        existing = Task.objects.filter(**fields).order_by("pk").first()
        if existing is not None:
            return existing
        return Task.objects.create(**fields, created_by=user)


def _note(task: Task, user: User, text: str, kind: str = TaskNote.Kind.NOTE) -> TaskNote:
    return TaskNote.objects.create(task=task, author=user, kind=kind, text=text)


def _new_note(task: Task, user: User, text: str) -> TaskNote:
    """Append a note unless it repeats the task's latest one (a form sent twice); the caller
    holds the task's lock."""
    latest = TaskNote.objects.filter(task=task).order_by("-created_at", "-id").first()
    if (
        latest is not None
        and latest.author_id == user.pk
        and latest.kind == TaskNote.Kind.NOTE
        and latest.text == text
    ):
        return latest
    return _note(task, user, text)


def _check_status(task: Task, status: str, note: str) -> str:
    if status not in S.values:
        raise Refused(_("无效的状态：{value}").format(value=status[:20]))
    if status == S.BLOCKED and status != task.status and not (note or "").strip():
        raise Refused(_("标记为“受阻”时请说明原因"))
    return status


def set_status(task: Task, user: User, status: str, note: str = "") -> Task:
    """Change a task's status (the office, or a clerk of its department), with an optional note."""
    _require_update(user, task)
    status = _check_status(task, status, note)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Refused(_("内容过长（最多 {n} 个字）").format(n=NOTE_MAX))
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if status != task.status:
            old = task.get_status_display()
            task.status = status
            task.save(update_fields=["status", "updated_at"])
            _note(
                task,
                user,
                _("状态：{old} → {new}").format(old=old, new=task.get_status_display()),
                TaskNote.Kind.CHANGE,
            )
        if note:
            _new_note(task, user, note)
    return task


def add_note(task: Task, user: User, text: str) -> TaskNote:
    """Append a progress note to a task."""
    _require_update(user, task)
    text = _clean_text(text, NOTE_MAX, _("请填写进展说明"))
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        return _new_note(task, user, text)


def edit_task(
    task: Task,
    user: User,
    *,
    deadline: dt.date,
    department: Organisation | None,
    status: str,
    starts_on: dt.date | None = None,
    title: str | None = None,
    standard: str | None = None,
    note: str = "",
) -> Task:
    """Change a task's deadline, department and status (the office only); each change noted."""
    _require_office(user, task.application)
    department = _county_department(task.application, department)
    status = _check_status(task, status, note)
    if starts_on and starts_on > deadline:
        raise Refused(_("开始日期不能晚于完成时限"))
    if (
        task.indicator
        and department.pk != task.department_id
        and Task.objects.filter(
            application=task.application, indicator=task.indicator, department=department
        ).exists()
    ):
        raise Refused(
            _("{department}在指标 {n} 已有任务").format(
                department=department.name, n=task.indicator
            )
        )
    if task.custom and title is not None:
        title = _clean_text(title, TITLE_MAX, _("请填写任务名称"))
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("department").get(pk=task.pk)
        changes = []
        if deadline != task.deadline:
            changes.append(
                _("完成时限：{old} → {new}").format(
                    old=task.deadline.isoformat(), new=deadline.isoformat()
                )
            )
            task.deadline = deadline
        if task.custom and starts_on != task.starts_on:
            changes.append(
                _("开始日期：{old} → {new}").format(
                    old=task.starts_on.isoformat() if task.starts_on else "—",
                    new=starts_on.isoformat() if starts_on else "—",
                )
            )
            task.starts_on = starts_on
        if department.pk != task.department_id:
            changes.append(
                _("责任部门：{old} → {new}").format(old=task.department.name, new=department.name)
            )
            task.department = department
        if status != task.status:
            old = task.get_status_display()
            task.status = status
            changes.append(_("状态：{old} → {new}").format(old=old, new=task.get_status_display()))
        if task.custom and title is not None and title != task.title:
            changes.append(_("任务名称：{old} → {new}").format(old=task.title, new=title))
            task.title = title
        if task.custom and standard is not None and standard.strip() != task.standard:
            changes.append(_("任务要求已修改"))
            task.standard = standard.strip()[:NOTE_MAX]
        if changes:
            task.save()
            _note(task, user, "；".join(changes), TaskNote.Kind.CHANGE)
        if (note or "").strip():
            _note(task, user, _clean_text(note, NOTE_MAX, ""))
    return task


def is_stale(task: Task) -> bool:
    """Return whether a generated task's department no longer answers for its indicator."""
    if task.custom or not task.indicator:
        return False
    framework = task.application.campaign.framework
    try:
        units = framework.indicator(task.indicator).units
    except StopIteration:
        return True
    mapping = role_mapping(task.application)
    return not any(task.department_id in mapping.get(u, []) for u in units)


def delete_task(task: Task, user: User) -> None:
    """Delete one of the office's own tasks, or a generated one the mapping no longer calls for."""
    _require_office(user, task.application)
    if not task.custom and not is_stale(task):
        raise Refused(_("由评价体系生成的任务不能删除；可以调整其责任部门、完成时限或状态"))
    storage_names = list(task.attachments.values_list("file", flat=True))
    with transaction.atomic():
        task.delete()
        for name in storage_names:
            _delete_file_on_commit(name)


def _delete_file_on_commit(name: str) -> None:
    if TaskAttachment.objects.filter(file=name).exists():
        return  # another task uses the same stored content
    storage = TaskAttachment._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(name))


@dataclass
class Stored:
    attachment: TaskAttachment
    duplicate: bool  # the same content was already attached to this task


def store_attachment(task: Task, upload: UploadedFile[bytes], user: User) -> Stored:
    """Check an upload by its content (as evidence is checked) and attach it, or refuse it."""
    _require_update(user, task)
    try:
        name = checks.check_name(upload.name or "")
        if upload.size == 0:
            raise Refused(_("文件是空的"))
        limit = settings.EVIDENCE_MAX_BYTES
        if upload.size is None or upload.size > limit:
            raise Refused(
                _("文件过大（{size}）：最大 {most}").format(
                    size=filesizeformat(upload.size or 0), most=filesizeformat(limit)
                )
            )
        kind = checks.sniff(upload)
    except checks.Refused as e:
        raise Refused(str(e)) from None
    digest = checks.sha256_of(upload)
    attachment = TaskAttachment(
        task=task,
        original_name=name,
        kind=kind,
        size=upload.size,
        sha256=digest,
        uploaded_by=user,
    )
    with transaction.atomic():
        # under the task's lock, the same file sent twice at once is attached once
        Task.objects.select_for_update().filter(pk=task.pk).first()
        existing = TaskAttachment.objects.filter(task=task, sha256=digest).first()
        if existing is not None:
            return Stored(existing, duplicate=True)
        attachment.file.save(name, upload, save=False)  # upload_to gives a random name
        attachment.save()
        _note(
            task,
            user,
            _("上传附件：{name}").format(name=name),
            TaskNote.Kind.CHANGE,
        )
    return Stored(attachment, duplicate=False)


def remove_attachment(attachment: TaskAttachment, user: User) -> None:
    task = attachment.task
    _require_update(user, task)
    name = attachment.file.name
    with transaction.atomic():
        Task.objects.select_for_update().filter(pk=task.pk).first()
        if not TaskAttachment.objects.filter(pk=attachment.pk).exists():
            return  # removed meanwhile (a double click): removed and noted once
        attachment.delete()
        _note(
            task,
            user,
            _("删除附件：{name}").format(name=attachment.original_name),
            TaskNote.Kind.CHANGE,
        )
        if name:
            _delete_file_on_commit(name)
