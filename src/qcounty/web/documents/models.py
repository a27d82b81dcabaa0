"""Uploaded workbooks waiting for their confirmation (确认导入)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application


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
