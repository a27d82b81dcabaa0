"""Who may use the scheme library: the province's administrator and evaluators, no one else.

Experts and county roles get 404 (no hint that the pages exist).
"""

from __future__ import annotations

from django.http import Http404

from qcounty.web.accounts.models import User

Role = User.Role
LIBRARIANS = (Role.ADMIN, Role.EVALUATOR)


def can_use(user: User) -> bool:
    """Return whether the user sees the library and uploads, publishes and deletes versions."""
    if not user.is_authenticated:
        return False
    return user.role in LIBRARIANS


def librarian(user: User) -> User:
    """Return the user if they may use the library; 404 otherwise."""
    if not can_use(user):
        raise Http404
    return user
