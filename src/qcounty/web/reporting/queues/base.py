"""What every queue shares: the roles, the sort orders, the days left until a deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Case,
    IntegerField,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.core.wording import Wording
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.review.models import Section
from qcounty.web.words import SHANDONG

Role = User.Role
Status = Application.Status
S = Section.Status
PAGE_SIZE = 50
HELD = (Status.SUBMITTED, Status.ACCEPTED)
TIERS = (1, 2, 3)
WAITING_FIRST = Case(
    When(status=Status.SUBMITTED, then=Value(0)),
    When(status=Status.ACCEPTED, then=Value(1)),
    When(status=Status.RETURNED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
SORTS: dict[str, tuple[Any, ...]] = {  # cities and counties in the administrative order
    "waiting": (WAITING_FIRST, "county__parent_id", "county_id"),
    "city": ("county__parent_id", "county_id"),
    "name": ("county__name", "county_id"),
    "status": ("status", "county__parent_id", "county_id"),
}


def sort_labels(words: Wording = SHANDONG) -> list[tuple[str, str]]:
    """Return the list's sort orders with their labels (translated when called)."""
    return [
        ("waiting", _("待办优先")),
        ("city", _("按所在市")),
        ("name", _("按%(unit)s名") % {"unit": words.short}),
        ("status", _("按状态")),
    ]


def role_of(user: User) -> str:
    """Return which queue the user's home page shows."""
    if user.role == Role.CLERK:
        return "clerk"
    if user.role == Role.COUNTY_OFFICE:
        return "office"
    if user.role == Role.EXPERT:
        return "expert"
    return "province"


def days_left(day: dt.date) -> int:
    return (day - timezone.localdate()).days
