"""Review: department sections and their states, return notes, the audit trail, notifications."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation


class Section(models.Model):
    """A department's part of an application: the inputs of the indicators it answers for."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("填报中")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("已退回")
        RESUBMITTED = "resubmitted", _("已重新提交")
        ACCEPTED = "accepted", _("已接收")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sections")
    department = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sections")
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    extended_until = models.DateField(_("延期至"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    times_returned = models.PositiveIntegerField(_("退回次数"), default=0)

    class Meta:
        verbose_name = _("部门填报部分")
        verbose_name_plural = _("部门填报部分")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "department"], name="one_section_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.department.name}"


class ReturnNote(models.Model):
    """Why a section or an application was sent back, optionally pointing at one field or record."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="return_notes"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    key = models.CharField(_("字段"), max_length=100, blank=True)
    record_id = models.PositiveBigIntegerField(_("记录"), null=True, blank=True)
    reason = models.TextField(_("退回理由"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    resolved = models.BooleanField(_("已处理"), default=False)

    class Meta:
        verbose_name = _("退回说明")
        verbose_name_plural = _("退回说明")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reason[:40]


class AppendOnly(models.QuerySet["AuditEntry"]):
    """A queryset that refuses bulk updates and deletes."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit entries are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")


class AuditEntry(models.Model):
    """One change or decision, never edited or deleted by the application."""

    class Action(models.TextChoices):
        VALUE = "value", _("修改填报值")
        RECORD_ADDED = "record_added", _("添加记录")
        RECORD_CHANGED = "record_changed", _("修改记录")
        RECORD_REMOVED = "record_removed", _("删除记录")
        EVIDENCE_ADDED = "evidence_added", _("上传佐证材料")
        EVIDENCE_REMOVED = "evidence_removed", _("删除佐证材料")
        STATE = "state", _("状态变更")
        EXTENSION = "extension", _("延期")
        REFUSED = "refused", _("被拒绝的操作")
        FLAG_EXPLAINED = "flag_explained", _("自查说明")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="audit")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="audit"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    name = models.CharField(_("动作"), max_length=40, blank=True)  # e.g. submit_section
    indicator = models.PositiveSmallIntegerField(_("指标"), null=True, blank=True)
    key = models.CharField(_("字段"), max_length=100, blank=True)
    record_id = models.PositiveBigIntegerField(_("记录"), null=True, blank=True)
    old = models.JSONField(_("原值"), null=True, blank=True)
    new = models.JSONField(_("新值"), null=True, blank=True)
    reason = models.TextField(_("理由"), blank=True)

    objects = AppendOnly.as_manager()

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.key}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")


class Notification(models.Model):
    """An in-app message to one user (also sent by e-mail)."""

    class Kind(models.TextChoices):
        RETURNED = "returned", _("退回")
        ACCEPTED = "accepted", _("接收")
        SUBMITTED = "submitted", _("提交")
        DEADLINE = "deadline", _("截止提醒")
        OVERDUE = "overdue", _("逾期")
        DIGEST = "digest", _("每日汇总")
        ADJUDICATED = "adjudicated", _("省级核实")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    application = models.ForeignKey(
        Application, null=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=200, blank=True)
    day = models.DateField(
        _("日期"), null=True, blank=True
    )  # reminders: one per user, kind and day
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    # e-mailed (at once, or in the user's daily digest); empty: not (yet) e-mailed
    mailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]
