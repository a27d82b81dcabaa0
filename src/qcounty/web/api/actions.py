"""Creating, revoking and using machine tokens: every change goes through these functions."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.api import access
from qcounty.web.api.models import ApiToken, TokenUse
from qcounty.web.organisations.models import Organisation

PREFIX = "qct_"  # tells a qcounty token apart in a configuration file or a leaked log


class Refused(Exception):
    """A token the rules refuse to create or change; the message (Chinese) says why."""


@dataclass(frozen=True)
class Created:
    token: ApiToken
    secret: str  # shown once, never stored


def digest_of(secret: str) -> str:
    """Return the SHA-256 under which a token's secret is stored and looked up."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    by: User,
    name: str,
    organisation: Organisation,
    role: str,
    scope: str,
    expires_at: datetime,
) -> Created:
    """Create a token acting as a new account of the organisation and role; return its secret."""
    if not access.may_manage_tokens(by):
        raise Refused(_("只有系统管理员可以创建接口令牌。"))
    name = name.strip()
    if not name:
        raise Refused(_("请填写令牌名称，例如使用它的系统。"))
    if not access.role_fits(role, organisation):
        raise Refused(
            _("角色与组织不匹配：县质量强县办令牌属于县，部门填报员令牌属于部门，省级角色属于省。")
        )
    if scope not in ApiToken.Scope.values:
        raise Refused(_("请选择权限范围：只读或读写。"))
    now = timezone.now()
    longest = timedelta(days=settings.API_TOKEN_MAX_DAYS)
    if expires_at <= now:
        raise Refused(_("有效期必须晚于现在。"))
    if expires_at > now + longest:
        raise Refused(_("有效期最长 %(days)d 天。") % {"days": settings.API_TOKEN_MAX_DAYS})
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        user = User(
            username=f"api-token-{secrets.token_hex(6)}",
            full_name=_("接口令牌：%(name)s") % {"name": name[:40]},
            role=role,
            organisation=organisation,
            is_active=False,  # never signs in, never receives a notification
        )
        user.set_unusable_password()
        user.save()
        token = ApiToken.objects.create(
            name=name,
            user=user,
            scope=scope,
            digest=digest_of(secret),
            prefix=secret[: len(PREFIX) + 4],
            expires_at=expires_at,
            created_by=by,
        )
    return Created(token, secret)


def revoke_token(by: User, token: ApiToken) -> bool:
    """Revoke a token at once; return False if it was revoked already (nothing changed)."""
    if not access.may_manage_tokens(by):
        raise Refused(_("只有系统管理员可以吊销接口令牌。"))
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        if current.revoked_at is not None:
            return False
        current.revoked_at, current.revoked_by = timezone.now(), by
        current.save(update_fields=["revoked_at", "revoked_by"])
    token.revoked_at, token.revoked_by = current.revoked_at, by
    return True


def find_token(secret: str) -> ApiToken | None:
    """Return the token of a secret (valid or not), None if no token has it."""
    return (
        ApiToken.objects.select_related("user__organisation")
        .filter(digest=digest_of(secret))
        .first()
    )


def record_use(token: ApiToken, method: str, path: str, status: int, address: str | None) -> None:
    """Add one request to the token's trail of uses."""
    TokenUse.objects.create(
        token=token, method=method[:8], path=path[:300], status=status, address=address
    )
