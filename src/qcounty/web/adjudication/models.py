"""The province's decisions on an application's values: checks, corrections, expert scores.

Nothing here is edited in place: every decision is a new row, the latest one per input counts,
and the earlier ones stay as the record of who decided what and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application


class Decision(models.Model):
    """An evaluator's decision on one input's claimed value: accepted as claimed, or corrected."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", _("核实无误")
        CORRECTED = "corrected", _("已更正")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    key = models.CharField(_("字段"), max_length=100)
    kind = models.CharField(_("结论"), max_length=20, choices=Kind.choices)
    claimed = models.JSONField(_("申报值"), null=True)  # the county's value when decided
    value = models.JSONField(
        _("认定值"), null=True
    )  # the value that counts (= claimed if accepted)
    reason = models.TextField(_("更正理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("核实结论")
        verbose_name_plural = _("核实结论")
        ordering = ["application", "key", "-id"]
        indexes = [models.Index(fields=["application", "key"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="corrected") | ~models.Q(reason=""),
                name="correction_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.get_kind_display()}"


class ExpertScore(models.Model):
    """One expert's score of a judged input (an input marked `judged` in the framework)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="expert_scores"
    )
    key = models.CharField(_("字段"), max_length=100)
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = models.JSONField(_("评分"))
    comment = models.TextField(_("评语"), blank=True)
    created_at = models.DateTimeField(_("评分时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专家评分")
        verbose_name_plural = _("专家评分")
        ordering = ["application", "key", "-id"]
        indexes = [models.Index(fields=["application", "key"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.value!r} ({self.expert})"


class Reconciliation(models.Model):
    """The office's reconciliation of the experts' scores of one judged input."""

    class Method(models.TextChoices):
        MEAN = "mean", _("取平均值")
        CHOSEN = "chosen", _("选定值")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reconciliations"
    )
    key = models.CharField(_("字段"), max_length=100)
    method = models.CharField(_("方式"), max_length=20, choices=Method.choices)
    value = models.JSONField(_("认定值"))
    scores = models.JSONField(_("各专家评分"))  # [{"expert": name, "value": v, "comment": c}]
    note = models.TextField(_("说明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专家评分汇总")
        verbose_name_plural = _("专家评分汇总")
        ordering = ["application", "key", "-id"]
        indexes = [models.Index(fields=["application", "key"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.value!r}"
