"""What a county reports: one value per input key, and records (commendations, standards …)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application


class InputValue(models.Model):
    """The value of one input of the framework in one application (JSON, as in a cohort file)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(_("字段"), max_length=100)
    value = models.JSONField(_("取值"), null=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("填报值")
        verbose_name_plural = _("填报值")
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="one_value_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value!r}"


class Record(models.Model):
    """One record of a record list: a commendation, a media report, a standard, an award …"""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="records")
    key = models.CharField(_("记录类别"), max_length=100)
    data = models.JSONField(_("内容"), default=dict)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("记录")
        verbose_name_plural = _("记录")
        ordering = ["key", "id"]

    def __str__(self) -> str:
        return f"{self.key} #{self.pk}"


class FlagNote(models.Model):
    """A county's explanation of a plausibility flag (已核实，说明：…): the value stays as reported.

    A flag is identified by (kind, keys, record) within its application (docs/plausibility.md).
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="flag_notes"
    )
    kind = models.CharField(_("类别"), max_length=40)
    keys = models.CharField(_("字段"), max_length=400)  # the flag's keys, joined by ","
    record = models.PositiveIntegerField(_("记录"), default=0)  # 1-based; 0: not one record
    text = models.TextField(_("说明"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now=True)

    class Meta:
        verbose_name = _("自查说明")
        verbose_name_plural = _("自查说明")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "keys", "record"], name="one_note_per_flag"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.keys}: {self.text[:20]}"
