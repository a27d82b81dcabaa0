"""Who may read which help: one helper per question, one condition per line."""

from __future__ import annotations

from django.http import Http404

from qcounty.web.accounts.models import User
from qcounty.web.help import texts


def own_audiences(user: User) -> tuple[str, ...]:
    """Return the audiences whose texts the user's pages look in (none for an unknown role)."""
    return texts.audiences_of(user.role)


def get_manual(user: User, audience: str) -> texts.Manual:
    """Return any audience's manual to a signed-in user (an office hands the clerks theirs)."""
    if not user.is_authenticated:
        raise Http404
    if audience not in texts.AUDIENCES:
        raise Http404
    return texts.manual(audience)
