"""E-mail each user who chose the daily digest their unread notifications, in one message.

Run once a day (cron), after ``send_reminders``: ``manage.py send_digest``. A notification goes
into one digest only (``Notification.mailed_at``): running the command twice sends nothing new;
one read in the application meanwhile is left out.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from qcounty.web.accounts.models import User
from qcounty.web.review import notify


class Command(BaseCommand):
    help = "E-mail the daily digest of unread notifications to the users who chose it."

    def handle(self, *args: Any, **options: Any) -> None:
        users = User.objects.filter(
            delivery=User.Delivery.DAILY, is_active=True, notifications__read_at=None
        ).exclude(email="")
        sent = listed = 0
        for user in users.distinct().order_by("pk"):
            n = notify.send_digest(user)
            if n:
                sent, listed = sent + 1, listed + n
        self.stdout.write(f"每日通知汇总：发出 {sent} 封邮件，共 {listed} 条通知")
