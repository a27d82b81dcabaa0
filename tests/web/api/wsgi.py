"""The application as a WSGI callable for schemathesis, inside the test's transaction.

Django closes "old" database connections at the start and end of every request; inside a
test's transaction that would close the test's own connection. Django's test client stops
this while it runs a request, and so does this wrapper (schemathesis calls WSGI apps).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


class InTransaction:
    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()  # type: ignore[attr-defined]  # request_finished, as a server sends it
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
