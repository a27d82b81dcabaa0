"""Machine tokens of the data-exchange API, and the trail of their every use.

A token acts as a user of its own (`ApiToken.user`): an inactive account, never signed in,
with the organisation and the role the administrator chose. Every access helper and every
action of the web applies to it unchanged, and the audit trail names it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A secret a machine client sends as `Authorization: Bearer …`; only its SHA-256 is kept."""

    class Scope(models.TextChoices):
        READ = "read", _("只读")
        WRITE = "write", _("读写")

    name = models.CharField(_("名称"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("令牌账户"),
        on_delete=models.PROTECT,
        related_name="api_token",
    )
    scope = models.CharField(_("权限范围"), max_length=8, choices=Scope.choices)
    digest = models.CharField(_("SHA-256"), max_length=64, unique=True)
    prefix = models.CharField(_("令牌开头"), max_length=12)  # shown to tell tokens apart
    expires_at = models.DateTimeField(_("有效期至"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("吊销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def active(self) -> bool:
        return self.revoked_at is None and not self.expired

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class UsesQuerySet(models.QuerySet["TokenUse"]):
    """A queryset that refuses bulk updates and deletes (the trail of uses is evidence)."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("token uses are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("token uses are append-only")


class TokenUse(models.Model):
    """One request made with a token: when, what, and how it was answered."""

    token = models.ForeignKey(
        ApiToken, verbose_name=_("令牌"), on_delete=models.PROTECT, related_name="uses"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    method = models.CharField(_("方法"), max_length=8)
    path = models.CharField(_("地址"), max_length=300)
    status = models.PositiveSmallIntegerField(_("状态码"))
    address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)

    objects = UsesQuerySet.as_manager()

    class Meta:
        verbose_name = _("令牌使用记录")
        verbose_name_plural = _("令牌使用记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["token", "at"], name="token_use_by_time")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} {self.status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("token uses are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("token uses are append-only")
