"""Who is calling: the bearer token, checked before anything of the request is read.

In order: the token (unknown, revoked, expired: 401), the body's size (413, before a byte
of it is parsed), the token's scope (a write with a read-only token: 403) and its rate
(429 with Retry-After). The token then acts as its account: `request.user` is that account,
and every access helper and action of the web decides what it may see and change.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security.http import HttpBearer

from qcounty.web.api import access, actions
from qcounty.web.api.errors import ApiError
from qcounty.web.api.models import ApiToken, TokenUse
from qcounty.web.uploads import FORM_ALLOWANCE


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": "Bearer"})


class TokenAuth(HttpBearer):
    """Accept a valid token; `write`: only a read-write one; `max_bytes`: the body's limit."""

    def __init__(self, *, write: bool = False, max_bytes: str = "API_MAX_BODY_BYTES") -> None:
        super().__init__()
        self.write = write
        self.max_bytes = max_bytes

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        header = request.headers.get(self.header, "")
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise _unauthorized(_("缺少接口令牌：请在请求头 Authorization 中发送“Bearer 令牌”。"))
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = actions.find_token(token)
        if found is None:
            raise _unauthorized(_("接口令牌无效：请检查令牌是否完整。"))
        request.api_token = found  # type: ignore[attr-defined]  # its use is recorded, whatever the answer
        if found.revoked_at is not None:
            raise _unauthorized(_("接口令牌已被吊销：请向系统管理员申请新令牌。"))
        if not access.may_use(found):
            raise _unauthorized(_("接口令牌已过期：请向系统管理员申请新令牌。"))
        request.user = found.user
        self._check_size(request)
        if self.write and not access.may_write(found):
            raise ApiError(403, "read_only", _("该令牌为只读令牌，不能修改数据。"))
        _check_rate(found)
        return found

    def _check_size(self, request: HttpRequest) -> None:
        limit = int(getattr(settings, self.max_bytes))
        if self.max_bytes != "API_MAX_BODY_BYTES":
            limit += FORM_ALLOWANCE  # a file's limit, and the multipart fields around it
        length = request.META.get("CONTENT_LENGTH") or "0"
        size = int(length) if length.isascii() and length.isdigit() else 0
        if size > limit:
            raise ApiError(
                413,
                "too_large",
                _("请求内容过大（%(size)s）：上限为 %(most)s，未读取任何内容。")
                % {"size": filesizeformat(size), "most": filesizeformat(limit)},
            )


def _check_rate(token: ApiToken) -> None:
    """Refuse a request past the token's rate: API_RATE_LIMIT within API_RATE_WINDOW_SECONDS.

    Counted from the trail of uses in the database, so several app servers share one count;
    refused requests do not count (a client that waits is served again).
    """
    window = timedelta(seconds=settings.API_RATE_WINDOW_SECONDS)
    limit = settings.API_RATE_LIMIT
    now = timezone.now()
    uses = TokenUse.objects.filter(token=token, at__gt=now - window).exclude(status=429)
    times = list(uses.order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return
    # served again once the oldest of the last `limit` uses leaves the window
    wait = max(1, math.ceil((times[-1] + window - now).total_seconds()))
    raise ApiError(
        429,
        "rate_limited",
        _("请求过于频繁：该令牌每 %(window)d 秒最多 %(limit)d 次请求，请 %(wait)d 秒后重试。")
        % {"window": settings.API_RATE_WINDOW_SECONDS, "limit": limit, "wait": wait},
        headers={"Retry-After": str(wait)},
    )


READ = TokenAuth()
WRITE = TokenAuth(write=True)
UPLOAD = TokenAuth(write=True, max_bytes="EVIDENCE_MAX_BYTES")
FEED = TokenAuth(write=True, max_bytes="API_MAX_FEED_BYTES")  # up to 2,000 figures, escaped
