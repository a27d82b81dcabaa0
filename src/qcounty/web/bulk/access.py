"""Who may use the province's bulk import: one helper per question, one condition a line."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from qcounty.web.accounts.models import User
from qcounty.web.bulk.actions import province_of
from qcounty.web.bulk.models import BulkImport

Role = User.Role


def may_import(user: User) -> bool:
    """Return whether the user's role has the bulk import (the province's evaluator, the admin)."""
    return user.role in (Role.EVALUATOR, Role.ADMIN)


def require_province_user(user: User) -> User:
    """Return the user if they may use the bulk import; 404 otherwise (no hint it exists)."""
    if not may_import(user):
        raise Http404
    return user


def can_see_batch(user: User, batch: BulkImport) -> bool:
    """Return whether the user may see the batch: one of their province's, or any for the admin."""
    province = province_of(user)
    uploader = batch.uploaded_by
    if user.role == Role.ADMIN:
        return True
    if province is None or uploader is None:
        return True
    return uploader.organisation_id == province.pk


def get_batch_for_user(user: User, batch_id: int) -> BulkImport:
    """Return the batch if the user may see it; 404 otherwise."""
    batch = get_object_or_404(
        BulkImport.objects.select_related("campaign", "uploaded_by"), pk=batch_id
    )
    if not can_see_batch(user, batch):
        raise Http404
    return batch
