"""Who may manage machine tokens, and what a token may do: one condition a line.

What a token may read or change is its account's question, answered by each app's own
access module (`reporting.access`, `evidence.access`, `evaluation.access`) exactly as for a
person of that role; this module adds only the token's own limits (scope, expiry, revocation).
"""

from __future__ import annotations

from django.http import Http404

from qcounty.web.accounts.models import User
from qcounty.web.api.models import ApiToken
from qcounty.web.organisations.models import Organisation

Role = User.Role
Kind = Organisation.Kind

# the organisation each role a token may take belongs to; never the administrator's role
TOKEN_ROLES: dict[str, str] = {
    Role.EVALUATOR: Kind.PROVINCE,
    Role.EXPERT: Kind.PROVINCE,
    Role.COUNTY_OFFICE: Kind.COUNTY,
    Role.CLERK: Kind.DEPARTMENT,
}


def may_manage_tokens(user: User) -> bool:
    """Return whether the user creates and revokes tokens (the administrator only)."""
    if not user.is_authenticated:
        return False
    return user.role == Role.ADMIN


def require_manager(user: User) -> User:
    """Return the user if they manage tokens; 404 for everyone else (no hint the page exists)."""
    if not may_manage_tokens(user):
        raise Http404
    return user


def role_fits(role: str, organisation: Organisation) -> bool:
    """Return whether a token of this role may belong to this organisation."""
    return TOKEN_ROLES.get(role) == organisation.kind


def may_use(token: ApiToken) -> bool:
    """Return whether the token is still valid (neither revoked nor expired)."""
    if token.revoked_at is not None:
        return False
    return not token.expired


def may_write(token: ApiToken) -> bool:
    """Return whether the token's scope allows writes (what it may change is its role's)."""
    return token.scope == ApiToken.Scope.WRITE
