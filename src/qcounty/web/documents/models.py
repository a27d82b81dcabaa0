"""Uploaded workbooks waiting for their confirmation (确认导入); documents built in the background
(a user asks, a worker builds, the user downloads)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application
from qcounty.web.operations.jobs import BackgroundJob


class PendingImport(models.Model):
    """A workbook checked by a dry run; its token confirms the import once.

    The row, not the stored file, says whether the token was used: every app server sees it,
    and the commit marks it under the application's lock, so a second confirmation (a double
    click, another server) finds it used and writes nothing.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        IMPORTED = "imported", _("已导入")
        DISCARDED = "discarded", _("未导入")

    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField(_("确认码"), max_length=32, unique=True)
    file_name = models.CharField(_("存储位置"), max_length=255)
    sha256 = models.CharField(_("文件 SHA-256"), max_length=64)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    done_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待确认的导入")
        verbose_name_plural = _("待确认的导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.token[:8]} {self.get_status_display()}"


class DocumentJob(BackgroundJob):
    """One document of an application asked for by a user, built by the worker."""

    class Kind(models.TextChoices):
        ANNEX2_DOCX = "annex2_docx", _("附件2 重要指标（Word）")
        SCORE_SHEET_DOCX = "score_sheet_docx", _("工作任务分解表（自评得分，Word）")
        PACKAGE = "package", _("佐证材料包（.zip）")
        QUALITY_REPORT = "quality_report", _("质量发展状况分析报告（Word）")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("文档"), max_length=20, choices=Kind.choices)
    # a fingerprint of the data the document is built from: the same click on unchanged data
    # reuses the job, a click after a change builds anew
    data_version = models.CharField(_("数据版本"), max_length=64)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # `done` of `total` steps: at least one, shown while nothing is done
    total = models.PositiveIntegerField(_("总数"), default=1)
    result_name = models.CharField(_("存储位置"), max_length=300, blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("文档生成")
        verbose_name_plural = _("文档生成")
        constraints = [
            # a double click starts one job: at most one unfinished job per user, document and data
            models.UniqueConstraint(
                fields=["requested_by", "application", "kind", "data_version"],
                condition=Q(status__in=["queued", "running"]),
                name="one_unfinished_document_job",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"
