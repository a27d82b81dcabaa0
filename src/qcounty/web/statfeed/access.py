"""Who may feed official statistics and lock inputs: one helper per question, one condition a line."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from qcounty.web.accounts.models import User
from qcounty.web.organisations.models import Organisation
from qcounty.web.statfeed.models import FeedBatch

Role = User.Role


def may_feed(user: User) -> bool:
    """Return whether the user's role feeds statistics (the province's evaluator, the admin)."""
    return user.role in (Role.EVALUATOR, Role.ADMIN)


def require_feeder(user: User) -> User:
    """Return the user if they may feed statistics; 404 otherwise (no hint the page exists)."""
    if not may_feed(user):
        raise Http404
    return user


def province_of(user: User) -> Organisation | None:
    """Return the province whose counties the user feeds (None: any, for an administrator
    outside a province)."""
    org = user.organisation
    return org if org is not None and org.kind == Organisation.Kind.PROVINCE else None


def get_batch_for_user(user: User, batch_id: int) -> FeedBatch:
    """Return a feed batch the user may see (every batch, to whoever may feed); 404 otherwise."""
    require_feeder(user)
    return get_object_or_404(FeedBatch.objects.select_related("campaign", "by"), pk=batch_id)
