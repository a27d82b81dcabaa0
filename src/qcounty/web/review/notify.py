"""Notifications: in the application and by e-mail (Django's mail settings)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.review.models import Notification, Section

log = logging.getLogger("qcounty.notify")
Kind = Notification.Kind


def send(
    users: list[User],
    application: Application | None,
    kind: str,
    text: str,
    day: dt.date | None = None,
) -> list[Notification]:
    """Store an in-app notification for each user and e-mail those with an address."""
    link = reverse("reporting:application", args=[application.pk]) if application else ""
    out = []
    for user in users:
        out.append(
            Notification.objects.create(
                user=user, application=application, kind=kind, text=text, link=link, day=day
            )
        )
        if user.email:
            subject = " ".join(text.split())[:60]  # a header holds no line breaks
            try:
                send_mail(
                    _("【质量强县创建】{text}").format(text=subject),
                    text,
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            except Exception:  # the state change is committed: a mail failure must not undo it
                log.exception("could not e-mail %s", user.username)  # the in-app message stays
    return out


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


def section_changed(section: Section, name: str, by: User, reason: str) -> None:
    application = section.application
    department = section.department.name
    if name in ("return_section", "reopen_section"):
        send(
            clerks(section),
            application,
            Kind.RETURNED,
            _("{department}的填报被退回：{reason}").format(department=department, reason=reason),
        )
    elif name == "accept_section":
        send(
            clerks(section),
            application,
            Kind.ACCEPTED,
            _("{department}的填报已被县质量强县办接收").format(department=department),
        )
    else:
        text = (
            _("{department}已修改并重新提交填报")
            if name == "resubmit_section"
            else _("{department}已提交填报")
        )
        send(office(application), application, Kind.SUBMITTED, text.format(department=department))


def application_changed(application: Application, name: str, by: User, reason: str) -> None:
    county = application.county.name
    if name == "submit_application":
        send(
            evaluators(), application, Kind.SUBMITTED, _("{county}已提交申报").format(county=county)
        )
    elif name in ("return_application", "reopen_application"):
        send(
            office(application),
            application,
            Kind.RETURNED,
            _("{county}的申报被省级退回：{reason}").format(county=county, reason=reason),
        )
    elif name == "accept_application":
        send(
            office(application),
            application,
            Kind.ACCEPTED,
            _("{county}的申报已被省级接收").format(county=county),
        )
