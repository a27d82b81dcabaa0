"""Notifications: in the application and by e-mail (Django's mail settings)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.review.models import Notification, Section
from qcounty.web.words import words_of

log = logging.getLogger("qcounty.notify")
Kind = Notification.Kind


def send(
    users: list[User],
    application: Application | None,
    kind: str,
    text: str,
    day: dt.date | None = None,
    link: str = "",
) -> list[Notification]:
    """Store one in-app notification per user and e-mail it to those who want it at once.

    A user listed twice hears once. Users who chose the daily digest get it by e-mail with the
    next `send_digest`.
    """
    if not link and application:
        link = reverse("reporting:application", args=[application.pk])
    out = []
    seen: set[int] = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        notification = Notification.objects.create(
            user=user, application=application, kind=kind, text=text, link=link, day=day
        )
        out.append(notification)
        if user.email and user.delivery == User.Delivery.IMMEDIATE:
            subject = " ".join(text.split())[:60]  # a header holds no line breaks
            # 质量强县创建, 企业质量评价: the campaign's (Shandong's without an application)
            effort = words_of(application.campaign if application else None).effort
            if _mail(user, _("【{effort}】{text}").format(effort=effort, text=subject), text):
                Notification.objects.filter(pk=notification.pk).update(mailed_at=timezone.now())
    return out


def _mail(user: User, subject: str, body: str) -> bool:
    """E-mail one user; a failure is logged (the state change is committed, the message stays)."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:
        log.exception("could not e-mail %s", user.username)
        return False
    return True


def mark_read(user: User, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications read (all of them, or those ids); return how many."""
    unread = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def send_digest(user: User) -> int:
    """E-mail a daily-digest user their unread notifications not e-mailed yet, in one message.

    Return how many the message listed (0: nothing sent). Each is marked e-mailed, so running
    the digest twice sends it once.
    """
    if not user.email or user.delivery != User.Delivery.DAILY:
        return 0
    pending = list(
        Notification.objects.filter(user=user, read_at=None, mailed_at=None).order_by(
            "created_at", "id"
        )
    )
    if not pending:
        return 0
    lines = [
        f"{timezone.localtime(n.created_at):%Y-%m-%d %H:%M} {n.get_kind_display()}：{n.text}"
        for n in pending
    ]
    body = "\n".join(
        [_("您有 {n} 条未读通知：").format(n=len(pending)), "", *lines, "", _("请登录系统查看。")]
    )
    subject = _("【质量强县创建】每日通知汇总（{n} 条）").format(n=len(pending))
    if not _mail(user, subject, body):
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(mailed_at=timezone.now())
    return len(pending)


def clerks(section: Section) -> list[User]:
    return list(
        User.objects.filter(organisation=section.department, role=User.Role.CLERK, is_active=True)
    )


def office(application: Application) -> list[User]:
    return list(
        User.objects.filter(
            organisation=application.county, role=User.Role.COUNTY_OFFICE, is_active=True
        )
    )


def evaluators() -> list[User]:
    return list(User.objects.filter(role=User.Role.EVALUATOR, is_active=True))


def _year(application: Application) -> int:
    return application.campaign.evaluation_year


def _others(users: list[User], by: User) -> list[User]:
    """Leave out the user who acted: nobody is told of their own action."""
    return [u for u in users if u.pk != by.pk]


def section_changed(section: Section, name: str, by: User, reason: str) -> None:
    application = section.application
    department = section.department.name
    year = _year(application)
    if name in ("return_section", "reopen_section"):
        send(
            _others(clerks(section), by),
            application,
            Kind.RETURNED,
            _("{department}的{year}年填报被退回：{reason}").format(
                department=department, year=year, reason=reason
            ),
        )
    elif name == "accept_section":
        send(
            _others(clerks(section), by),
            application,
            Kind.ACCEPTED,
            _("{department}的{year}年填报已被{office}接收").format(
                department=department, year=year, office=words_of(application.campaign).office
            ),
        )
    else:
        text = (
            _("{department}已修改并重新提交{year}年填报")
            if name == "resubmit_section"
            else _("{department}已提交{year}年填报")
        )
        send(
            _others(office(application), by),
            application,
            Kind.SUBMITTED,
            text.format(department=department, year=year),
            link=reverse("review:section", args=[section.pk]),
        )


def application_changed(application: Application, name: str, by: User, reason: str) -> None:
    county = application.county.name
    year = _year(application)
    if name == "submit_application":
        send(
            evaluators(),
            application,
            Kind.SUBMITTED,
            _("{county}已提交{year}年申报").format(county=county, year=year),
        )
    elif name in ("return_application", "reopen_application"):
        send(
            office(application),
            application,
            Kind.RETURNED,
            _("{county}的{year}年申报被省级退回：{reason}").format(
                county=county, year=year, reason=reason
            ),
        )
    elif name == "accept_application":
        send(
            office(application),
            application,
            Kind.ACCEPTED,
            _("{county}的{year}年申报已被省级接收").format(county=county, year=year),
        )
