"""Login lock-out: django-axes with one limit per account and a higher one per address."""

from __future__ import annotations

import ipaddress
import logging
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

logger = logging.getLogger("qcounty.accounts")


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's address, read behind QCOUNTY_PROXY_COUNT trusted reverse proxies."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.QCOUNTY_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    # entries left of the trusted ones were written by the client and can be forged
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


@dataclass(frozen=True)
class Failures:
    """The failed logins within the cool-off that count against one request."""

    by_account: int
    by_address: int
    last_by_account: datetime | None
    last_by_address: datetime | None

    @property
    def address_locked(self) -> bool:
        limit = settings.QCOUNTY_AXES_IP_FAILURE_LIMIT
        return limit > 0 and self.by_address >= limit


def recent_failures(request: HttpRequest, credentials: dict[str, Any] | None) -> Failures:
    """Count the failures of the request's account and address since the cool-off began."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    username = get_client_username(request, credentials)
    address = request.axes_ip_address  # type: ignore[attr-defined]  # set by axes' middleware
    by_account = recent.filter(username=username) if username else recent.none()
    by_address = recent.filter(ip_address=address) if address else recent.none()
    account_count, account_last = _tally(by_account)
    address_count, address_last = _tally(by_address)
    return Failures(account_count, address_count, account_last, address_last)


def _tally(attempts: QuerySet[AccessAttempt]) -> tuple[int, datetime | None]:
    row = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return row["failures"] or 0, row["last"]


class LockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]  # django-axes is untyped
    """Lock an account at AXES_FAILURE_LIMIT failures, an address at its own higher limit."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """Return the account's failures, or the account limit once the address is locked."""
        failures = recent_failures(request, credentials)
        if failures.address_locked:
            limit: int = get_failure_limit(request, credentials)
            return max(failures.by_account, limit)
        return failures.by_account

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """Forget the account's failures after it signed in; the address keeps its count."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count: int
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """Render the Chinese lock-out page: what is locked, until when, whom to ask."""
    limit: int = get_failure_limit(request, credentials)
    by_account = recent_failures(request, credentials).by_account >= limit
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    if by_account:
        attempts = recent.filter(username=get_client_username(request, credentials))
    else:
        attempts = recent.filter(ip_address=request.axes_ip_address)  # type: ignore[attr-defined]  # axes sets it
        limit = settings.QCOUNTY_AXES_IP_FAILURE_LIMIT
    now = timezone.now()
    until = _locked_until(attempts, limit) or now
    context = {
        "by_account": by_account,
        "until": timezone.localtime(until),
        "minutes": max(1, math.ceil((until - now).total_seconds() / 60)),
        "contact": settings.QCOUNTY_SUPPORT_CONTACT,
    }
    return render(request, "accounts/locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def _locked_until(attempts: QuerySet[AccessAttempt], limit: int) -> datetime | None:
    """Return when the failures still counted fall below the limit (each row ages out alone)."""
    counted = 0
    for failures, last in attempts.order_by("-attempt_time").values_list(
        "failures_since_start", "attempt_time"
    ):
        counted += failures
        if counted >= limit:
            until: datetime = last + get_cool_off()
            return until
    return None


@receiver(user_locked_out)
def log_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """Write a warning for the operator each time a login is locked out."""
    logger.warning("login locked out: username=%s ip=%s", username, ip_address)
