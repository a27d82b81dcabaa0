"""The 公示 period's working-day calendar, objections (异议) to the 公示 list and their settling.

The 公示 period itself is frozen in the 公示 list's figures (`figures["meta"]["publicity"]`),
as the rest of what was published; the calendar's dated exceptions are what the province edits.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation.models import CohortSnapshot, Publication
from qcounty.web.organisations.models import Organisation


class CalendarDay(models.Model):
    """A dated exception to the Monday–Friday week: a day off, or a weekend day worked (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}"


def objection_file_name(instance: ObjectionFile, filename: str) -> str:
    """Return a storage name that says nothing about the file: never the uploaded name."""
    return f"objections/{instance.objection.campaign_id}/{uuid.uuid4().hex}"


class Objection(models.Model):
    """An objection to a claim on a 公示 list: filed by a county office, or registered by the
    province from a letter, a call or a visit."""

    class State(models.TextChoices):
        RECEIVED = "received", _("受理")
        CHECKING = "checking", _("核查中")
        UPHELD = "upheld", _("成立")
        REJECTED = "rejected", _("不成立")
        ANSWERED = "answered", _("已答复")

    class Channel(models.TextChoices):
        ONLINE = "online", _("系统提交")
        LETTER = "letter", _("来信")
        PHONE = "phone", _("来电")
        VISIT = "visit", _("来访")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建周期"), on_delete=models.PROTECT, related_name="objections"
    )
    number = models.PositiveIntegerField(_("编号"))  # per campaign: 异议第 N 号
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("所针对的公示名单"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("被异议的申报"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    indicator = models.PositiveSmallIntegerField(_("指标序号"))
    key = models.CharField(_("字段"), max_length=100, blank=True)
    problem = models.TextField(_("异议内容"))
    channel = models.CharField(_("受理方式"), max_length=10, choices=Channel.choices)
    objector = models.CharField(_("异议人"), max_length=100)
    objector_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("提出异议的县"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    received_on = models.DateField(_("收到日期"))
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.RECEIVED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("办理期限"), null=True, blank=True)
    finding = models.TextField(_("核查结论"), blank=True)
    upheld = models.BooleanField(_("是否成立"), null=True, blank=True)  # None: not concluded
    answer = models.TextField(_("答复意见"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    # the filing form's one-time token: a double click files one objection
    token = models.CharField(max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["campaign", "number"]
        permissions = [("override_final_list", _("异议未办结或公示期未满时发布认定名单"))]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="one_objection_number"),
            models.UniqueConstraint(fields=["campaign", "token"], name="one_objection_per_form"),
        ]

    def __str__(self) -> str:
        return str(_("异议第{number}号")).format(number=self.number)

    @property
    def open(self) -> bool:
        return self.state != self.State.ANSWERED


class ObjectionFile(models.Model):
    """An evidence file of an objection, checked as evidence uploads are."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to=objection_file_name)
    original_name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=8)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("异议材料")
        verbose_name_plural = _("异议材料")
        ordering = ["objection", "id"]

    def __str__(self) -> str:
        return self.original_name


class Settlement(models.Model):
    """The effect of an upheld objection: the snapshot after the correction, compared with the
    公示 list's, confirmed by the province (and the 公示 list republished if titles changed)."""

    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="settlements")
    before = models.ForeignKey(
        CohortSnapshot, on_delete=models.PROTECT, related_name="+", verbose_name=_("原快照")
    )
    after = models.ForeignKey(
        CohortSnapshot, on_delete=models.PROTECT, related_name="+", verbose_name=_("新快照")
    )
    comparison = models.JSONField(_("名单对比"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    republished = models.ForeignKey(
        Publication,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("重新发布的公示名单"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("异议处理结果")
        verbose_name_plural = _("异议处理结果")
        ordering = ["objection", "-id"]

    def __str__(self) -> str:
        return f"{self.objection} #{self.pk}"


class FinalListOverride(models.Model):
    """The office head's recorded decision to publish the final list although an objection is
    open or the 公示 period has not ended."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("理由"))
    open_objections = models.JSONField(_("未办结的异议"))  # their numbers
    period_end = models.DateField(_("公示截止日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("认定名单提前发布记录")
        verbose_name_plural = _("认定名单提前发布记录")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.campaign} {self.decided_at:%Y-%m-%d}"
