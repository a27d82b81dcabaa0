"""Official statistics the province feeds (统计部门数据): one figure per campaign, county and input.

A feed is one batch (its source, date, who fed it and every figure it changed); the province may
lock an input of a campaign to the official figure (`LockedInput`), which then is the county's
value. Batches and lock changes are the audit of this app: appended, never edited or deleted.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Campaign
from qcounty.web.organisations.models import Organisation

_M = TypeVar("_M", bound=models.Model)


class AppendOnly(models.QuerySet[_M]):
    """A queryset that refuses bulk updates and deletes."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("feed records are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("feed records are append-only")


class WrittenOnce:
    """A record written once by an action: never changed, never deleted."""

    pk: Any

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("feed records are append-only")
        super().save(*args, **kwargs)  # type: ignore[misc]

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("feed records are append-only")


class FeedBatch(WrittenOnce, models.Model):
    """One statistical feed as applied: its source, who fed it, and every figure it changed."""

    class Origin(models.TextChoices):
        WEB = "web", _("网页上传")
        API = "api", _("接口")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建周期"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("数据来源"), max_length=200)
    as_of = models.DateField(_("数据日期"))
    origin = models.CharField(_("方式"), max_length=8, choices=Origin.choices, default=Origin.WEB)
    file_name = models.CharField(_("文件"), max_length=200, blank=True)
    # a digest of the campaign, source, date and rows: the same feed sent again is found by it
    digest = models.CharField(_("摘要"), max_length=64, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    keys = models.JSONField(_("字段"), default=list)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    changed = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)
    values_set = models.PositiveIntegerField(_("锁定字段写入填报值"), default=0)
    # every figure created or changed: [city, county, key, old, new] (old None: new figure)
    detail = models.JSONField(_("明细"), default=list)

    objects = AppendOnly["FeedBatch"].as_manager()

    class Meta:
        verbose_name = _("统计数据报送")
        verbose_name_plural = _("统计数据报送")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.as_of} ({self.rows})"


class OfficialFigure(models.Model):
    """The statistics office's figure for one input of one county in a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建周期"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        Organisation, verbose_name=_("县（市、区）"), on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(_("字段"), max_length=100)
    value = models.JSONField(_("数值"))  # a number: an integer for a count
    source = models.CharField(_("数据来源"), max_length=200)
    as_of = models.DateField(_("数据日期"))
    batch = models.ForeignKey(
        FeedBatch, verbose_name=_("报送批次"), on_delete=models.PROTECT, related_name="figures"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("统计部门数据")
        verbose_name_plural = _("统计部门数据")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "county", "key"], name="one_official_figure_per_input"
            )
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.key} = {self.value}"


class LockedInput(models.Model):
    """An input of a campaign locked to the official figure: the figure is the county's value."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建周期"), on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(_("字段"), max_length=100)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("锁定的字段")
        verbose_name_plural = _("锁定的字段")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="one_lock_per_input")
        ]

    def __str__(self) -> str:
        return self.key


class LockChange(WrittenOnce, models.Model):
    """The province locked or unlocked an input: who, when, and the values it set."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建周期"), on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(_("字段"), max_length=100)
    locked = models.BooleanField(_("锁定"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    values_set = models.PositiveIntegerField(_("写入填报值"), default=0)

    objects = AppendOnly["LockChange"].as_manager()

    class Meta:
        verbose_name = _("锁定变更")
        verbose_name_plural = _("锁定变更")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.key} {'locked' if self.locked else 'unlocked'}"
