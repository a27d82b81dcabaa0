"""The province's evaluation: frozen cohort snapshots, robustness runs and publications.

A snapshot holds everything a result is computed from (the cohort file and the framework's
full text, each with its SHA-256), so a published result can be recomputed exactly, years
later, whatever happened since to the applications or to the bundled framework file.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Campaign
from qcounty.web.operations.jobs import BackgroundJob


class Immutable(Exception):
    """An attempt to change or delete a row that must never change."""


class CohortSnapshot(models.Model):
    """The frozen cohort of the applications a province accepted in a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建周期"), on_delete=models.PROTECT, related_name="snapshots"
    )
    framework_id = models.CharField(_("评价体系"), max_length=100)
    framework_version = models.CharField(_("评价体系版本"), max_length=40)
    framework_text = models.TextField(_("评价体系文件全文"))
    framework_sha256 = models.CharField(_("评价体系文件 SHA-256"), max_length=64)
    evaluation_year = models.PositiveSmallIntegerField(_("评价年度"))
    policies = models.JSONField(_("计分政策"))
    # the qcounty-cohort/1 file exactly as stored and hashed (text, not JSON: byte for byte)
    cohort_json = models.TextField(_("参评县数据（qcounty-cohort/1）"))
    cohort_sha256 = models.CharField(_("参评县数据 SHA-256"), max_length=64)
    application_ids = models.JSONField(_("申报编号"))  # aligned with the file's counties
    # aligned likewise: per application, its judged inputs without a reconciliation and its
    # other inputs without a decision in force when the snapshot was taken (their values are
    # the county's own); None for a snapshot taken before these were counted
    unsettled = models.JSONField(_("未汇总、未核实的项目数"), null=True, blank=True)
    counties = models.PositiveIntegerField(_("县数"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("参评县数据快照")
        verbose_name_plural = _("参评县数据快照")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.campaign}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise Immutable(gettext("快照生成后不能修改"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise Immutable(gettext("快照不能删除"))

    @property
    def fingerprint(self) -> str:
        """Return the start of the cohort's SHA-256, as printed for traceability."""
        return self.cohort_sha256[:12]

    @property
    def unsettled_summary(self) -> dict[str, int] | None:
        """Return how many counties (and items) were unreconciled or unchecked; None if the
        snapshot did not count them."""
        if self.unsettled is None:
            return None
        rows = self.unsettled
        return {
            "unreconciled_counties": sum(1 for r in rows if r["unreconciled"]),
            "unreconciled": sum(r["unreconciled"] for r in rows),
            "unchecked_counties": sum(1 for r in rows if r["unchecked"]),
            "unchecked": sum(r["unchecked"] for r in rows),
        }


class RobustnessRun(BackgroundJob):
    """A Monte Carlo analysis of a snapshot's ranking, run in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    snapshot = models.ForeignKey(
        CohortSnapshot,
        verbose_name=_("快照"),
        on_delete=models.PROTECT,
        related_name="robustness_runs",
    )
    spec = models.JSONField(_("参数"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("总数"))  # replications, always given: no default
    result = models.JSONField(_("结果"), null=True, blank=True)
    seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta(BackgroundJob.Meta):
        verbose_name = _("稳健性分析")
        verbose_name_plural = _("稳健性分析")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"


class Publication(models.Model):
    """A published list (公示 or final): its figures frozen; never edited, only re-issued."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("拟认定名单（公示）")
        FINAL = "final", _("认定名单")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建周期"), on_delete=models.PROTECT, related_name="publications"
    )
    snapshot = models.ForeignKey(
        CohortSnapshot,
        verbose_name=_("快照"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField(_("版本"))
    figures = models.JSONField(_("发布的数据"))
    notice = models.TextField(_("公示说明"), blank=True)
    published_on = models.DateField(_("发布日期"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("名单发布")
        verbose_name_plural = _("名单发布")
        ordering = ["campaign", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "version"], name="one_publication_per_version"
            )
        ]

    def __str__(self) -> str:
        return gettext("{campaign} · {kind} 第{version}版").format(
            campaign=self.campaign, kind=self.get_kind_display(), version=self.version
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise Immutable(gettext("已发布的名单不能修改；如需更正，请发布新版本"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise Immutable(gettext("已发布的名单不能删除"))
