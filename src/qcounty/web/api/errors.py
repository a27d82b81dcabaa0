"""Errors of the API: one JSON shape for every refusal, with a Chinese message and field keys.

    {"code": "invalid", "message": "…", "errors": [{"field": "value", "message": "…"}]}

`code` is stable (clients branch on it); `message` is for people; `errors` names the fields of
the request that were refused. The handlers below turn every exception of the web's actions and
access helpers into this shape; nothing reaches the client as a traceback or an HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from qcounty.web.campaigns import freeze

log = logging.getLogger(__name__)


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    """A refused request: a stable code, a Chinese message, and the fields at fault."""

    code: str
    message: str
    errors: list[FieldError] = []


class ConflictError(Error):
    """A write refused because someone else saved first: what stands now, and its version."""

    current: Any = None
    version: int = 0


class ApiError(Exception):
    """A refusal the API answers with `status` and the Error shape (extra keys: `extra`)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        errors: list[dict[str, str]] | None = None,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.errors = errors or []
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "errors": self.errors, **self.extra}


def invalid(field: str, message: str) -> ApiError:
    """Return the refusal of one field's value (422), the message saying why."""
    return ApiError(422, "invalid", message, [{"field": field, "message": message}])


# pydantic's error types → what a Chinese reader is told; anything else: "取值不符合要求"
_PYDANTIC_MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("缺少该字段"),
    "extra_forbidden": gettext_lazy("不允许的字段"),
    "int_parsing": gettext_lazy("应为整数"),
    "int_type": gettext_lazy("应为整数"),
    "int_from_float": gettext_lazy("应为整数"),
    "float_parsing": gettext_lazy("应为数字"),
    "float_type": gettext_lazy("应为数字"),
    "bool_parsing": gettext_lazy("应为 true 或 false"),
    "bool_type": gettext_lazy("应为 true 或 false"),
    "string_type": gettext_lazy("应为文字"),
    "dict_type": gettext_lazy("应为对象"),
    "model_type": gettext_lazy("应为对象"),
    "list_type": gettext_lazy("应为数组"),
    "greater_than_equal": gettext_lazy("数值过小"),
    "greater_than": gettext_lazy("数值过小"),
    "less_than_equal": gettext_lazy("数值过大"),
    "less_than": gettext_lazy("数值过大"),
    "string_too_long": gettext_lazy("文字过长"),
    "string_too_short": gettext_lazy("文字过短"),
    "json_invalid": gettext_lazy("请求内容不是有效的 JSON"),
}


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str:
    """Return the request field an error's location names (without body/query/path)."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "form", "file", "header"):
        parts = parts[1:]
    # a body schema's own name comes next (ninja wraps the body as one parameter)
    if len(parts) > 1 and parts[0] in ("payload", "data_"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def _validation_error(
    request: HttpRequest, exc: ValidationError | type[ValidationError], api: NinjaAPI
) -> HttpResponse:
    if not isinstance(exc, ValidationError):
        exc = exc([])  # ninja passes the instance; its handlers' type also allows the class
    errors = []
    for e in exc.errors:
        message = str(_PYDANTIC_MESSAGES.get(str(e.get("type")), _("取值不符合要求")))
        errors.append({"field": _field_of(e.get("loc", ())), "message": message})
    first = errors[0] if errors else {"field": "body", "message": _("取值不符合要求")}
    message = _("请求有误：“%(field)s”%(message)s。") % first
    return respond(api, request, ApiError(422, "invalid", message, errors))


def _http_error(exc: HttpError) -> ApiError:
    """Return ninja's own refusals in Chinese (a body it cannot parse is the one it raises)."""
    if exc.status_code == 400:
        return ApiError(400, "bad_request", _("请求内容无法解析：请发送 UTF-8 编码的有效 JSON。"))
    return ApiError(exc.status_code, "error", str(exc))


def respond(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    """Return the error as the API's JSON response, with its headers."""
    response = api.create_response(request, error.body(), status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


def install(api: NinjaAPI) -> None:
    """Answer every exception an operation can raise with the Error shape."""

    def handle(exc_class: type[Exception], make: Any) -> None:
        api.add_exception_handler(exc_class, lambda request, exc: respond(api, request, make(exc)))

    handle(ApiError, lambda e: e)
    handle(
        AuthenticationError,
        lambda e: ApiError(
            401,
            "unauthorized",
            _("缺少接口令牌：请在请求头 Authorization 中发送“Bearer 令牌”。"),
            headers={"WWW-Authenticate": "Bearer"},
        ),
    )
    handle(
        Http404,
        lambda e: ApiError(404, "not_found", _("未找到：对象不存在，或该令牌无权查看。")),
    )
    handle(
        PermissionDenied,
        lambda e: ApiError(403, "forbidden", str(e) or _("该令牌的角色无权进行这一操作。")),
    )
    handle(freeze.Frozen, lambda e: ApiError(409, "frozen", str(e)))
    handle(HttpError, _http_error)
    api.add_exception_handler(
        ValidationError, lambda request, exc: _validation_error(request, exc, api)
    )

    def unexpected(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
        log.exception("API %s %s failed", request.method, request.path)
        error = ApiError(
            500, "server_error", _("服务器内部错误：请稍后重试；问题持续请联系管理员。")
        )
        return respond(api, request, error)

    api.add_exception_handler(Exception, unexpected)
