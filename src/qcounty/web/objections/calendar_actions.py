"""Writes of the working-day calendar: the province's dated days off and 调休 working days."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils.translation import gettext as _

from qcounty.office.publication_frame import chinese_date
from qcounty.web.accounts.models import User
from qcounty.web.objections import access
from qcounty.web.objections.actions import MAX_NAME, NotAllowed, Refused, checked_text
from qcounty.web.objections.models import CalendarDay

log = logging.getLogger(__name__)


def set_calendar_day(day: dt.date, kind: str, name: str, user: User) -> CalendarDay:
    """Mark a date as a day off or a weekend day worked (replacing what it was)."""
    if not access.can_edit_calendar(user):
        raise NotAllowed
    if kind not in CalendarDay.Kind.values:
        raise Refused(_("请选择“放假”或“调休上班”"))
    name = checked_text(name, MAX_NAME // 2, _("名称"), required=False)
    if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
        raise Refused(_("{date}是工作日，无需设为调休上班").format(date=chinese_date(day)))
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().filter(day=day).first()
        if row is None:
            return CalendarDay.objects.create(day=day, kind=kind, name=name, created_by=user)
        row.kind, row.name, row.created_by = kind, name, user
        row.save(update_fields=["kind", "name", "created_by"])
    log.info("calendar %s set to %s by %s", day, kind, user.pk)
    return row


def remove_calendar_day(day: dt.date, user: User) -> None:
    """Make a date an ordinary day of the week again."""
    if not access.can_edit_calendar(user):
        raise NotAllowed
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().filter(day=day).first()
        if row is not None:
            row.delete()
    log.info("calendar %s cleared by %s", day, user.pk)
