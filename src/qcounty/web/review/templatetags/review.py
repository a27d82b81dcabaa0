"""The top bar's count of unread notifications."""

from __future__ import annotations

from typing import Any

from django import template

from qcounty.web.review.models import Notification

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at=None).count()
