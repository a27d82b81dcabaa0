"""Tasks (工作任务): the scheme split into work for the county's departments, and its role mapping log."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from qcounty.web.organisations.models import Organisation


class Task(models.Model):
    """One department's work on one indicator (or a task the county office adds itself)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("未开始")
        IN_PROGRESS = "in_progress", _("进行中")
        DONE = "done", _("已完成")
        BLOCKED = "blocked", _("受阻")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tasks")
    indicator = models.PositiveSmallIntegerField(
        _("指标序号"), null=True, blank=True, help_text=_("县质量强县办自行添加的任务为空")
    )
    criterion_id = models.CharField(_("评价标准条目"), max_length=20, blank=True)
    department = models.ForeignKey(
        Organisation,
        verbose_name=_("责任部门"),
        on_delete=models.PROTECT,
        related_name="tasks",
        limit_choices_to={"kind": Organisation.Kind.DEPARTMENT},
    )
    # the department the task was generated for: a task the office reassigns is not generated again
    generated_for = models.ForeignKey(
        Organisation,
        verbose_name=_("生成时的责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead = models.BooleanField(_("牵头部门"), default=False)
    title = models.CharField(_("任务"), max_length=300)
    standard = models.TextField(_("评价标准"), blank=True)
    points = models.FloatField(_("涉及分值"), default=0)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    custom = models.BooleanField(_("县质量强县办自行添加"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        ordering = ["deadline", "indicator", "-lead", "id"]
        constraints = [
            # generating twice never duplicates a task, even from two requests at once
            models.UniqueConstraint(
                fields=["application", "indicator", "criterion_id", "generated_for"],
                condition=Q(custom=False),
                name="one_generated_task_per_indicator_and_department",
            )
        ]

    def __str__(self) -> str:
        if self.indicator:
            return f"{self.indicator}. {self.title}"
        return self.title

    @property
    def is_overdue(self) -> bool:
        """Return whether the task is overdue today (local time): see `overdue_on`."""
        return self.overdue_on(timezone.localdate())

    def overdue_on(self, today: dt.date) -> bool:
        """Return whether the deadline has passed, the task is not done and its data is not in."""
        from qcounty.web.tasks.state import state_of  # state reads the review app's sections

        return state_of(self, today).overdue


class NoteQuerySet(models.QuerySet["TaskNote"]):
    """Notes are append-only: no bulk update or delete (a deleted task takes its notes along)."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("task notes are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("task notes are append-only")


class TaskNote(models.Model):
    """A progress note on a task, or the record of a change (status, deadline, department)."""

    class Kind(models.TextChoices):
        NOTE = "note", _("进展说明")
        CHANGE = "change", _("变更")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务进展")
        verbose_name_plural = _("任务进展")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("task notes are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("task notes are append-only")


def attachment_name(instance: TaskAttachment, filename: str) -> str:
    """Return a storage name that says nothing about the file: never the uploaded name."""
    return f"tasks/{instance.task.application_id}/{uuid.uuid4().hex}"


class TaskAttachment(models.Model):
    """A file attached to a task, checked by content as evidence files are."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_name)
    original_name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=8, choices=Evidence.Kind.choices)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("任务附件")
        verbose_name_plural = _("任务附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class MappingQuerySet(models.QuerySet["MappingChange"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("mapping changes are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("mapping changes are append-only")


class MappingChange(models.Model):
    """One change of a county's role mapping (责任单位分工), never edited or deleted."""

    class Action(models.TextChoices):
        ASSIGNED = "assigned", _("指定部门")
        UNASSIGNED = "unassigned", _("取消指定")
        DEPARTMENT_CREATED = "created", _("新建部门")

    county = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="mapping_changes"
    )
    framework_id = models.CharField(_("评价体系"), max_length=100)
    unit_id = models.CharField(_("责任单位角色"), max_length=60, blank=True)
    department = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    objects = MappingQuerySet.as_manager()

    class Meta:
        verbose_name = _("分工变更记录")
        verbose_name_plural = _("分工变更记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.unit_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("mapping changes are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("mapping changes are append-only")
