"""The request type of views behind login_required."""

from __future__ import annotations

from django.http import HttpRequest

from qcounty.web.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user has signed in (a view behind login_required); for the type checker."""

    user: User
