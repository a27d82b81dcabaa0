"""Campaigns (创建周期) and the applications counties open in them."""

from __future__ import annotations

from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from qcounty.core import Framework
from qcounty.web.organisations.models import Organisation


class Campaign(models.Model):
    """A round of evaluation: one framework version, one evaluation year, its deadlines."""

    name = models.CharField(_("名称"), max_length=120)
    framework_id = models.CharField(_("评价体系"), max_length=100)
    framework_version = models.CharField(_("评价体系版本"), max_length=40)
    evaluation_year = models.PositiveSmallIntegerField(_("评价年度"))
    data_cutoff = models.DateField(_("数据截止日期"))
    department_deadline = models.DateField(_("部门填报截止日期"))
    application_deadline = models.DateField(_("申报截止日期"))
    reference_cohort = models.JSONField(
        _("自评参照数据"),
        null=True,
        blank=True,
        help_text=_("参评县数据文件（qcounty-cohort/1），用于自评时的功效系数界限"),
    )
    reference_version = models.PositiveIntegerField(_("参照数据版本"), default=1)
    titles = models.PositiveSmallIntegerField(
        _("拟认定名额"), default=10, help_text=_("本周期最多认定的质量强县（市、区）数量")
    )
    experts_see_results = models.BooleanField(
        _("专家可查看评价结果"),
        default=False,
        help_text=_("关闭时评审专家看不到评价结果、排名和名单（背靠背评审），由省级评价人员开启"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("创建周期")
        verbose_name_plural = _("创建周期")
        ordering = ["-evaluation_year", "id"]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def framework(self) -> Framework:
        """Return the campaign's scheme at its version: bundled, or from the scheme library."""
        from qcounty.web.schemes.library import framework_of  # the library asks about campaigns

        return framework_of(self.framework_id, self.framework_version)


class Application(models.Model):
    """A county's application (申报) in a campaign: the form its departments fill in."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("填报中")
        SUBMITTED = "submitted", _("已报省")
        RETURNED = "returned", _("省级退回")
        ACCEPTED = "accepted", _("省级已接收")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建周期"), on_delete=models.PROTECT, related_name="applications"
    )
    county = models.ForeignKey(
        Organisation,
        verbose_name=_("县（市、区）"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # set when the county first submits: from then on the application reads its own copy of
    # the unit → department mapping (FrozenAssignment), whatever the county changes later
    mapping_frozen_at = models.DateTimeField(_("分工冻结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "county"], name="one_application_per_county"
            )
        ]

    def __str__(self) -> str:
        return f"{self.county.name} · {self.campaign.name}"


class FrozenAssignment(models.Model):
    """A unit role's department as it stood when the application was first submitted."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申报"),
        on_delete=models.CASCADE,
        related_name="frozen_assignments",
    )
    unit_id = models.CharField(_("责任单位角色"), max_length=60)
    department = models.ForeignKey(
        Organisation, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("冻结的责任单位分工")
        verbose_name_plural = _("冻结的责任单位分工")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "unit_id", "department"],
                name="unique_frozen_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.unit_id} → {self.department_id}"
