"""The daily reminders (manage.py send_reminders): three days before the department deadline,
after it, and the county offices' digest — each at most once a day."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.review.models import Notification, Section
from tests.web.conftest import World, _user
from tests.web.review.conftest import DEADLINE, Sections, put, put_application

S = Section.Status
Kind = Notification.Kind
THREE_DAYS_BEFORE = DEADLINE - dt.timedelta(days=3)
AFTER = DEADLINE + dt.timedelta(days=1)

pytestmark = pytest.mark.usefixtures("with_email", "sections")


def remind(today: dt.date | str) -> str:
    out = io.StringIO()
    call_command("send_reminders", today=today, stdout=out)
    return out.getvalue()


def received(kind: str, application: Application | None = None) -> list[tuple[str, str]]:
    rows = Notification.objects.filter(kind=kind)
    if application is not None:
        rows = rows.filter(application=application)
    return sorted(rows.values_list("user__username", "text"))


def test_three_days_before_the_deadline_the_clerks_of_unsubmitted_sections_are_reminded(
    world: World,
) -> None:
    remind(THREE_DAYS_BEFORE)
    assert received(Kind.DEADLINE, world.application) == [
        (
            "wendeng-market-supervision",
            "文登区市场监管局的填报距部门填报截止还有 3 天（2023-03-31）",
        ),
        ("wendeng-statistics", "文登区统计局的填报距部门填报截止还有 3 天（2023-03-31）"),
    ]
    assert received(Kind.DEADLINE, world.other_application) == [
        (
            "rongcheng-market-supervision",
            "荣成市市场监管局的填报距部门填报截止还有 3 天（2023-03-31）",
        )
    ]
    assert not Notification.objects.exclude(kind=Kind.DEADLINE).exists()
    assert set(Notification.objects.values_list("day", flat=True)) == {THREE_DAYS_BEFORE}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "rongcheng-market-supervision@example.org",
        "wendeng-market-supervision@example.org",
        "wendeng-statistics@example.org",
    ]


def test_a_second_run_the_same_day_sends_nothing_new(world: World) -> None:
    remind(THREE_DAYS_BEFORE)
    count, mails = Notification.objects.count(), len(mail.outbox)
    assert "截止提醒：发出 0 条通知" in remind(THREE_DAYS_BEFORE.isoformat())
    assert (Notification.objects.count(), len(mail.outbox)) == (count, mails)


def test_no_deadline_reminder_on_the_other_days_before_it(world: World) -> None:
    for days in (0, 1, 2, 4, 10):
        remind(DEADLINE - dt.timedelta(days=days))
    assert not Notification.objects.exists()


def test_submitted_resubmitted_and_accepted_sections_are_not_reminded(
    world: World, sections: Sections
) -> None:
    for status in (S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED):
        put(sections.market, status)
        for day in (THREE_DAYS_BEFORE, AFTER):
            remind(day)
        assert not Notification.objects.filter(user=world.market_clerk).exists(), status
    assert received(Kind.DEADLINE, world.application) == [
        ("wendeng-statistics", "文登区统计局的填报距部门填报截止还有 3 天（2023-03-31）")
    ]


def test_a_returned_section_is_reminded_like_a_draft(world: World, sections: Sections) -> None:
    put(sections.market, S.RETURNED)
    remind(THREE_DAYS_BEFORE)
    assert [u for u, _ in received(Kind.DEADLINE, world.application)] == [
        "wendeng-market-supervision",
        "wendeng-statistics",
    ]


def test_after_the_deadline_the_clerks_and_the_county_office_hear_it_is_overdue(
    world: World, sections: Sections
) -> None:
    remind(AFTER)
    assert received(Kind.OVERDUE, world.application) == [
        (
            "wendeng-market-supervision",
            "文登区市场监管局的填报已逾期：部门填报截止日期为 2023-03-31，尚未提交",
        ),
        (
            "wendeng-office",
            "文登区有 2 个部门的填报已逾期未提交："
            "区市场监管局（截止 2023-03-31）、区统计局（截止 2023-03-31）",
        ),
        (
            "wendeng-statistics",
            "文登区统计局的填报已逾期：部门填报截止日期为 2023-03-31，尚未提交",
        ),
    ]
    assert [u for u, _ in received(Kind.OVERDUE, world.other_application)] == [
        "rongcheng-market-supervision",
        "rongcheng-office",
    ]
    assert "wendeng-office@example.org" in [m.to[0] for m in mail.outbox]

    remind(AFTER)  # again the same day: nothing new
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 5
    remind(AFTER + dt.timedelta(days=1))  # the next day: once more
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 10


def test_the_office_hears_only_of_the_overdue_sections(world: World, sections: Sections) -> None:
    put(sections.statistics, S.SUBMITTED)
    remind(AFTER)
    assert received(Kind.OVERDUE, world.application) == [
        (
            "wendeng-market-supervision",
            "文登区市场监管局的填报已逾期：部门填报截止日期为 2023-03-31，尚未提交",
        ),
        ("wendeng-office", "文登区有 1 个部门的填报已逾期未提交：区市场监管局（截止 2023-03-31）"),
    ]


def test_an_extension_moves_the_reminders_of_its_section(world: World, sections: Sections) -> None:
    extended = DEADLINE + dt.timedelta(days=10)
    Section.objects.filter(pk=sections.market.pk).update(extended_until=extended)
    remind(AFTER)
    assert [u for u, _ in received(Kind.OVERDUE, world.application)] == [
        "wendeng-office",
        "wendeng-statistics",
    ]
    remind(extended - dt.timedelta(days=3))
    assert received(Kind.DEADLINE, world.application) == [
        (
            "wendeng-market-supervision",
            "文登区市场监管局的填报距部门填报截止还有 3 天（2023-04-10）",
        )
    ]
    remind(extended + dt.timedelta(days=1))
    assert Notification.objects.filter(
        kind=Kind.OVERDUE, user=world.market_clerk, day=extended + dt.timedelta(days=1)
    ).exists()


def test_applications_the_county_has_submitted_are_not_reminded(
    world: World, sections: Sections
) -> None:
    for status in (Application.Status.SUBMITTED, Application.Status.ACCEPTED):
        put_application(world.application, status)
        remind(THREE_DAYS_BEFORE)
        remind(AFTER)
        assert not Notification.objects.filter(application=world.application).exists()


def test_the_digest_reaches_only_office_users_who_want_it_once_a_day(
    world: World, sections: Sections
) -> None:
    User.objects.filter(pk=world.office.pk).update(wants_digest=True)
    User.objects.filter(pk=world.market_clerk.pk).update(wants_digest=True)  # not an office
    _user("wendeng-office-2", User.Role.COUNTY_OFFICE, world.wendeng)  # does not want it
    put(sections.statistics, S.SUBMITTED)

    output = remind(AFTER)
    assert received(Kind.DIGEST) == [
        (
            "wendeng-office",
            "文登区每日汇总（2023-04-01）：2023年山东省质量强县（市、区）创建，部门填报 2 个："
            "填报中 1 个，已提交 1 个，已退回 0 个，已重新提交 0 个，已接收 0 个；"
            "逾期：区市场监管局（截止 2023-03-31）",
        )
    ]
    digest = Notification.objects.get(kind=Kind.DIGEST)
    assert (digest.application, digest.day) == (world.application, AFTER)
    assert "每日汇总：发出 1 条通知" in output

    remind(AFTER)
    assert Notification.objects.filter(kind=Kind.DIGEST).count() == 1
    remind(AFTER + dt.timedelta(days=1))
    assert Notification.objects.filter(kind=Kind.DIGEST).count() == 2


def test_the_digest_says_none_is_overdue_before_the_deadline(world: World) -> None:
    User.objects.filter(pk=world.office.pk).update(wants_digest=True)
    remind(DEADLINE - dt.timedelta(days=10))
    [(user, text)] = received(Kind.DIGEST)
    assert user == "wendeng-office"
    assert text.endswith(
        "填报中 2 个，已提交 0 个，已退回 0 个，已重新提交 0 个，已接收 0 个；逾期：无"
    )


def test_the_command_prints_one_line_per_kind(world: World) -> None:
    User.objects.filter(pk=world.office.pk).update(wants_digest=True)
    assert remind(AFTER).splitlines() == [
        "截止提醒：发出 0 条通知（2023-04-01）",
        "逾期：发出 5 条通知（2023-04-01）",
        "每日汇总：发出 1 条通知（2023-04-01）",
    ]


def test_today_is_given_on_the_command_line_as_an_iso_date(world: World) -> None:
    out = io.StringIO()
    call_command("send_reminders", "--today", THREE_DAYS_BEFORE.isoformat(), stdout=out)
    assert "截止提醒：发出 3 条通知" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("send_reminders", "--today", "2023-02-30", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("send_reminders", today="31.03.2023", stdout=io.StringIO())


def test_without_a_date_it_reminds_for_today_in_shanghai(world: World) -> None:
    # the world's deadlines are in 2023: today nothing is three days ahead, everything overdue
    call_command("send_reminders", stdout=io.StringIO())
    days = set(Notification.objects.values_list("day", flat=True))
    assert days == {timezone.localdate(timezone=ZoneInfo("Asia/Shanghai"))}
    assert not Notification.objects.filter(kind=Kind.DEADLINE).exists()
