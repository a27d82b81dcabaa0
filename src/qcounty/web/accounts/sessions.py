"""Session expiry: after QCOUNTY_SESSION_IDLE_MINUTES idle, and SESSION_COOKIE_AGE after sign-in."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

logger = logging.getLogger("qcounty.accounts")

LAST_SEEN = "qcounty_last_seen"
SIGNED_IN_AT = "qcounty_signed_in_at"
# The last-seen time is written at most this often, so that a clerk saving field after
# field does not also rewrite the session row each time; the idle limit is therefore
# exact to within this interval (a tenth of it, at most 5 minutes).
MAX_TOUCH_INTERVAL = 300


def touch_interval() -> int:
    """Return how many seconds a recorded last-seen time may lag behind the real one."""
    return min(MAX_TOUCH_INTERVAL, settings.QCOUNTY_SESSION_IDLE_MINUTES * 6)


@receiver(user_logged_in)
def start_session_clock(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    """Record when the session was signed in, for the idle and absolute limits."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


class IdleSessionMiddleware:
    """Sign out a session idle too long or older than SESSION_COOKIE_AGE, with a message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY not in session:
            return self.get_response(request)
        now = int(time.time())
        last_seen = session.get(LAST_SEEN)
        signed_in_at = session.get(SIGNED_IN_AT)
        if last_seen is None or signed_in_at is None:
            # a session from before this middleware: its clock starts now
            session[LAST_SEEN] = session[SIGNED_IN_AT] = now
        elif now - last_seen > settings.QCOUNTY_SESSION_IDLE_MINUTES * 60:
            return self._expire(request, "idle", now - last_seen)
        elif now - signed_in_at > settings.SESSION_COOKIE_AGE:
            return self._expire(request, "lifetime", now - signed_in_at)
        elif now - last_seen >= touch_interval():
            session[LAST_SEEN] = now
        return self.get_response(request)

    def _expire(self, request: HttpRequest, reason: str, seconds: int) -> HttpResponse:
        username = request.user.get_username()
        logout(request)
        logger.info("session expired (%s after %d s): username=%s", reason, seconds, username)
        messages.warning(request, _("登录已超时，请重新登录"))
        url = resolve_url(settings.LOGIN_URL)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            # htmx would swap a followed redirect into the field; make the browser go instead
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
