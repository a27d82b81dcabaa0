"""A province's bulk import of counties' offline workbooks: one batch, one item per file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.operations.jobs import BackgroundJob


class BulkImport(BackgroundJob):
    """A province's upload of counties' workbooks: checked (a dry run), then loaded."""

    class Status(models.TextChoices):
        PENDING = "pending", _("检查中")
        CHECKED = "checked", _("已检查，待加载")
        LOADING = "loading", _("加载中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建周期"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # the check (in the worker): files counted when uploaded, checked one by one
    files = models.PositiveIntegerField(_("文件数"), default=0)
    checked = models.PositiveIntegerField(_("已检查数"), default=0)
    # the files of the request as stored until the check ends (see files.Upload)
    uploads = models.JSONField(_("上传的文件"), default=list)
    # the load: `total` accepted workbooks, `done` of them loaded (the check: `files`, `checked`)
    summary = models.JSONField(_("汇总"), default=dict)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("批量导入")
        verbose_name_plural = _("批量导入")

    def __str__(self) -> str:
        return f"#{self.pk} {self.campaign}"

    @property
    def working(self) -> bool:
        """Whether the worker is at it (checking or loading): the page polls meanwhile."""
        return self.status in (self.Status.PENDING, self.Status.LOADING)


class BulkItem(models.Model):
    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("可加载")
        REFUSED = "refused", _("拒绝")
        LOADED = "loaded", _("已加载")
        FAILED = "failed", _("加载失败")

    batch = models.ForeignKey(BulkImport, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("序号"))
    file_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(_("存储位置"), max_length=300, blank=True)
    county = models.CharField(_("县（市、区）"), max_length=100, blank=True)
    city = models.CharField(_("地级市"), max_length=100, blank=True)
    status = models.CharField(_("结果"), max_length=10, choices=Status.choices)
    reason = models.TextField(_("原因"), blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    values = models.PositiveIntegerField(_("数据项数"), default=0)
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("批量导入文件")
        verbose_name_plural = _("批量导入文件")
        ordering = ["batch", "position"]

    def __str__(self) -> str:
        return self.file_name
