"""Write to the audit trail: one entry per change, with who, when, old and new."""

from __future__ import annotations

from typing import Any

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.review.models import AuditEntry, Section

Action = AuditEntry.Action


def log(
    application: Application,
    user: User | None,
    action: str,
    *,
    name: str = "",
    key: str = "",
    indicator: int | None = None,
    record_id: int | None = None,
    old: Any = None,
    new: Any = None,
    reason: str = "",
    section: Section | None = None,
) -> AuditEntry:
    if indicator is None and key:
        indicator = indicator_of(application, key)
    return AuditEntry.objects.create(
        application=application,
        section=section,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        name=name,
        key=key,
        indicator=indicator,
        record_id=record_id,
        old=old,
        new=new,
        reason=reason,
    )


def indicator_of(application: Application, key: str) -> int | None:
    """Return the number of the indicator an input belongs to (None for a gate)."""
    from qcounty.web.review.sections import owner_of  # sections reads the reporting models

    owned = owner_of(application.campaign.framework, key)
    return (owned.indicator or None) if owned is not None else None  # 0: a gate
