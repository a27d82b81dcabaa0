"""Evidence files (佐证材料), attached to an indicator or one of its records."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.models import Record


def random_name(instance: Evidence, filename: str) -> str:
    """Return a storage name that says nothing about the file: never the uploaded name."""
    return f"{instance.application_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", _("PNG 图片")
        JPEG = "jpeg", _("JPEG 图片")
        DOCX = "docx", _("Word 文档")
        DOC = "doc", _("Word 97–2003 文档")
        XLSX = "xlsx", _("Excel 工作簿")
        XLS = "xls", _("Excel 97–2003 工作簿")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.PositiveSmallIntegerField(_("指标序号"))
    record = models.ForeignKey(
        Record, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=random_name)
    original_name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["indicator", "id"]

    def __str__(self) -> str:
        return self.original_name
