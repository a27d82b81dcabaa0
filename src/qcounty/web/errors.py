"""Error pages in Chinese: a refused form submission (CSRF) says what happened and what to do."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF failure view, in the site's language and layout (nothing was saved)."""
    return render(request, "403_csrf.html", status=403)
