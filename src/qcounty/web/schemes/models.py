"""The province's scheme library: uploaded scheme files, one row per id and version.

The text is kept in the database, so every app server reads the same schemes; the bundled
schemes stay in the package and are listed beside them (`library.entries`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemeVersion(models.Model):
    """One version of an evaluation scheme, uploaded by the province."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    scheme_id = models.CharField(_("评价体系编号"), max_length=100)
    version = models.CharField(_("版本"), max_length=40)
    name = models.CharField(_("名称"), max_length=200)
    text = models.TextField(_("评价体系文件全文"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file_name = models.CharField(_("上传的文件名"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价体系版本")
        verbose_name_plural = _("评价体系版本")
        ordering = ["scheme_id", "-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme_id", "version"], name="one_row_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.version}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
