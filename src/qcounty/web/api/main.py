"""The data-exchange API, version 1: one NinjaAPI under /api/v1/, its OpenAPI document and docs.

Version 1 is frozen once published (docs/api.md): an operation, a field or a code it has
keeps its meaning; what would change one goes into /api/v2/. Additions (a new operation, a
new optional field, a new code) may still come to v1, as the statistical feed will.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from pydantic import BaseModel

from qcounty.web import uploads
from qcounty.web.accounts.lockout import client_ip
from qcounty.web.api import actions, errors
from qcounty.web.api.auth import READ
from qcounty.web.api.routes import applications, evaluation, evidence, feeds, schemes, writes  # noqa: F401 -- writes adds its operations to the applications router

NAMESPACE = "api_v1"

api = NinjaAPI(
    title="质量强县创建评价系统数据接口",
    version="1",
    description=(
        "qcounty 的 JSON 数据接口（v1）。以接口令牌认证：请求头 `Authorization: Bearer <令牌>`。"
        "令牌由系统管理员为某一组织和角色创建，权限与该角色的用户相同。说明见 docs/api.md。"
    ),
    urls_namespace=NAMESPACE,
    auth=READ,
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)


def _strict_query(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse a query parameter the operation does not take (a misspelt filter would
    otherwise be ignored, and the client would read the whole list as the filtered one)."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        known = set(kwargs)
        for value in kwargs.values():
            if isinstance(value, BaseModel):
                known |= set(type(value).model_fields)
        unknown = sorted(set(request.GET) - known)
        if unknown:
            raise errors.invalid(unknown[0], _("不支持的查询参数"))
        return view(request, *args, **kwargs)

    return checked


api.add_decorator(_strict_query)
api.add_router("", schemes.router)
api.add_router("", applications.router)
api.add_router("", evidence.router)
api.add_router("", evaluation.router)
api.add_router("", feeds.router)  # the province's statistical feed (统计部门数据)
# an addition to v1 (new operations only), listed in docs/api.md like every other path.

# the upload operation's file limits (qcounty.web.uploads), enforced while the file streams in
UPLOAD_ROUTES = ("applications/<application_id>/evidence",)


def _recorded(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Record every answer to a request that named a token in the token's trail of uses."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        token = getattr(request, "api_token", None)
        if token is not None:
            actions.record_use(
                token, request.method or "", request.path, response.status_code, client_ip(request)
            )
        return response

    return wrapped


def _pattern(p: URLPattern | URLResolver) -> URLPattern | URLResolver:
    if not isinstance(p, URLPattern):
        return p
    view = _recorded(p.callback)
    if str(p.pattern) in UPLOAD_ROUTES:
        view = uploads.upload_limits("EVIDENCE_MAX_BYTES")(view)
    return URLPattern(p.pattern, view, p.default_args, p.name)


def urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """Return the API's URL patterns (to include under api/v1/), every use recorded."""
    patterns, app_name, namespace = api.urls
    return [_pattern(p) for p in patterns], app_name, namespace
