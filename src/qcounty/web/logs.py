"""Logs an operator can use: a request id on every request, and one line per record.

``RequestIdMiddleware`` takes the reverse proxy's ``X-Request-ID`` when it is well formed (nginx's
``$request_id``), or makes one, and echoes it in the response. While the request runs, every log
record gets ``request_id``, ``user`` and ``path`` from ``RequestContextFilter`` (``-`` outside a
request), and ``OneLineFormatter`` keeps a record, traceback included, on one line so that a
journald entry or a ``grep`` of the request id shows all of it.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; other proxies send a UUID. Anything else (too long,
# spaces, quotes, control characters) could forge log lines, so it is replaced.
_WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "qcounty_request", default=None
)
_resolving_user = contextvars.ContextVar("qcounty_resolving_user", default=False)


def request_id_from(header: str | None) -> str:
    """Return the proxy's request id if it is well formed, else a new one."""
    if header and _WELL_FORMED.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id (the proxy's or a new one) and echo it in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]  # for the log records
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response[HEADER] = request_id
        return response


def _user_of(request: HttpRequest) -> str:
    """Return the username of the request's user, '-' when anonymous or unknown."""
    user = getattr(request, "user", None)
    if user is None:
        return "-"
    # the user is loaded lazily; loading it here may query the database, which may itself log
    # (or be the thing that failed): never recurse, never raise from a log call
    if _resolving_user.get():
        return "-"
    token = _resolving_user.set(True)
    try:
        if not user.is_authenticated:
            return "-"
        return str(user.get_username()) or "-"
    except Exception:
        return "-"
    finally:
        _resolving_user.reset(token)


class RequestContextFilter(logging.Filter):
    """Put the current request's id, user and path on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _current_request.get()
        if request is None:
            # django.request passes the request itself on records it logs after the response
            request = getattr(record, "request", None)
            if not isinstance(request, HttpRequest):
                request = None
        if request is None:
            record.request_id, record.user, record.path = "-", "-", "-"
            return True
        record.request_id = getattr(request, "request_id", "-")
        record.user = _user_of(request)
        record.path = f"{request.method} {request.get_full_path()}"
        return True


class OneLineFormatter(logging.Formatter):
    """Format a record, traceback included, on one line (newlines written as ``\\n``)."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text.replace("\r", "").replace("\n", "\\n")
