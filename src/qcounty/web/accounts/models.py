"""Users: every user belongs to an organisation and has one role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from qcounty.web.organisations.models import Organisation


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", _("系统管理员")
        EVALUATOR = "evaluator", _("省级评价人员")
        EXPERT = "expert", _("评审专家")
        COUNTY_OFFICE = "county_office", _("县质量强县办")
        CLERK = "clerk", _("部门填报员")

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="users"
    )
    full_name = models.CharField(_("姓名"), max_length=60, blank=True)

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("每条通知立即发送邮件")
        DAILY = "daily", _("每天汇总成一封邮件")

    wants_digest = models.BooleanField(_("接收每日汇总邮件"), default=False)
    # how notifications reach the user's mailbox (in the application they show at once)
    delivery = models.CharField(
        _("通知邮件"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def county(self) -> Organisation | None:
        return self.organisation.county
