"""Send the day's reminders: deadlines three days ahead, overdue sections, the offices' digest.

Run once a day (cron): ``manage.py send_reminders [--today YYYY-MM-DD]``. Only applications the
county still fills in (draft, returned) and sections not yet submitted (draft, returned) count.
A section's deadline is the campaign's department deadline, or its extension if that is later.

- three days before it: a DEADLINE notification to the department's clerks;
- once it has passed: OVERDUE to the clerks and, one message per application, the county office;
- a DIGEST to every county-office user who asked for it (``wants_digest``): one message per
  application with the number of sections in each state and the overdue ones.

Each kind reaches a user at most once per application and day (``Notification.day``): running
the command again the same day sends nothing new.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.review import notify
from qcounty.web.review.models import Notification, Section
from qcounty.web.review.sections import ensure_sections

LOCAL = ZoneInfo("Asia/Shanghai")
DAYS_AHEAD = 3
OPEN_APPLICATION = (Application.Status.DRAFT, Application.Status.RETURNED)
OPEN_SECTION = (Section.Status.DRAFT, Section.Status.RETURNED)
Kind = Notification.Kind
KINDS = (Kind.DEADLINE, Kind.OVERDUE, Kind.DIGEST)


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def deadline_of(section: Section) -> dt.date:
    """Return the section's deadline: the campaign's, or the extension if that is later."""
    deadline = section.application.campaign.department_deadline
    if section.extended_until is not None and section.extended_until > deadline:
        return section.extended_until
    return deadline


@dataclass
class Outbox:
    """The day's messages, one per (kind, application, user): lines joined into one text."""

    today: dt.date
    lines: dict[tuple[str, Application, User], list[str]] = field(default_factory=dict)

    def add(self, kind: str, application: Application, users: list[User], line: str) -> None:
        for user in users:
            self.lines.setdefault((kind, application, user), []).append(line)

    def send(self) -> Counter[str]:
        sent: Counter[str] = Counter()
        for (kind, application, user), lines in self.lines.items():
            if Notification.objects.filter(
                user=user, application=application, kind=kind, day=self.today
            ).exists():
                continue  # already reminded today
            notify.send([user], application, kind, "；".join(lines), day=self.today)
            sent[kind] += 1
        return sent


class Command(BaseCommand):
    help = (
        "Send the day's reminders: department deadlines in three days, overdue sections "
        "(to clerks and county offices), and the county offices' daily digest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=parse_day,
            default=None,
            help="the day to remind for (YYYY-MM-DD); default: today in Asia/Shanghai",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = self._today(options.get("today"))
        outbox = Outbox(today)
        applications = list(
            Application.objects.filter(status__in=OPEN_APPLICATION)
            .select_related("campaign", "county")
            .defer("campaign__reference_cohort")
            .order_by("pk")
        )
        sections_of: dict[int, list[Section]] = {}
        overdue_of: dict[int, list[Section]] = {}
        for application in applications:
            sections = ensure_sections(application)
            for section in sections:
                section.application = application  # the campaign without a query per section
            sections_of[application.pk] = sections
            overdue_of[application.pk] = self._remind(application, sections, today, outbox)
        for user in User.objects.filter(
            role=User.Role.COUNTY_OFFICE, wants_digest=True, is_active=True
        ).order_by("pk"):
            for application in applications:
                if user.organisation_id == application.county_id:
                    outbox.add(
                        Kind.DIGEST,
                        application,
                        [user],
                        digest(
                            application,
                            sections_of[application.pk],
                            overdue_of[application.pk],
                            today,
                        ),
                    )
        sent = outbox.send()
        for kind in KINDS:
            self.stdout.write(
                f"{Kind(kind).label}：发出 {sent[kind]} 条通知（{today.isoformat()}）"
            )

    @staticmethod
    def _today(value: object) -> dt.date:
        if value is None:
            return timezone.localdate(timezone=LOCAL)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):  # call_command(today="…") does not parse its options
            try:
                return parse_day(value)
            except argparse.ArgumentTypeError as e:
                raise CommandError(str(e)) from None
        raise CommandError(f"--today: not a date: {value!r}")

    @staticmethod
    def _remind(
        application: Application, sections: list[Section], today: dt.date, outbox: Outbox
    ) -> list[Section]:
        """Queue the deadline and overdue reminders of an application; return its overdue sections."""
        county = application.county.name
        overdue = []
        for section in sections:
            if section.status not in OPEN_SECTION:
                continue
            deadline = deadline_of(section)
            department = str(section.department)  # 文登区市场监管局: county and department
            if deadline - today == dt.timedelta(days=DAYS_AHEAD):
                outbox.add(
                    Kind.DEADLINE,
                    application,
                    notify.clerks(section),
                    _("{department}的填报距部门填报截止还有 {days} 天（{deadline}）").format(
                        department=department, days=DAYS_AHEAD, deadline=deadline.isoformat()
                    ),
                )
            elif today > deadline:
                overdue.append(section)
                outbox.add(
                    Kind.OVERDUE,
                    application,
                    notify.clerks(section),
                    _("{department}的填报已逾期：部门填报截止日期为 {deadline}，尚未提交").format(
                        department=department, deadline=deadline.isoformat()
                    ),
                )
        if overdue:
            outbox.add(
                Kind.OVERDUE,
                application,
                notify.office(application),
                f"{county}有 {len(overdue)} 个部门的填报已逾期未提交：{overdue_names(overdue)}",
            )
        return overdue


def overdue_names(sections: list[Section]) -> str:
    return "、".join(f"{s.department.name}（截止 {deadline_of(s).isoformat()}）" for s in sections)


def digest(
    application: Application, sections: list[Section], overdue: list[Section], today: dt.date
) -> str:
    counts = Counter(s.status for s in sections)
    states = "，".join(f"{label} {counts[status]} 个" for status, label in Section.Status.choices)
    late = overdue_names(overdue) if overdue else "无"
    return (
        f"{application.county.name}每日汇总（{today.isoformat()}）：{application.campaign.name}，"
        f"部门填报 {len(sections)} 个：{states}；逾期：{late}"
    )
