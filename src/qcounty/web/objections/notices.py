"""Who hears of an objection: the province and the county concerned when it is filed, the
county concerned when the list is republished, the objector and the county when it is answered.
A county's notification never names who objected."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.objections.models import Objection, Settlement
from qcounty.web.review import notify
from qcounty.web.review.models import Notification
from qcounty.web.words import words_of


def _link(objection: Objection) -> str:
    return reverse("objections:detail", args=[objection.pk])


def _filer_office(objection: Objection) -> list[User]:
    if objection.objector_organisation_id is None:
        return []
    return list(
        User.objects.filter(
            organisation_id=objection.objector_organisation_id,
            role=User.Role.COUNTY_OFFICE,
            is_active=True,
        )
    )


def filed(objection: Objection) -> None:
    county = objection.application.county.name
    notify.send(
        notify.evaluators(),
        objection.application,
        Notification.Kind.SUBMITTED,
        _("收到对{county}第 {n} 项指标的异议（{what}，{channel}）").format(
            county=county,
            n=objection.indicator,
            what=objection,
            channel=objection.get_channel_display(),
        ),
        link=_link(objection),
    )
    notify.send(
        notify.office(objection.application),
        objection.application,
        Notification.Kind.ADJUDICATED,
        _("省级已受理对本{unit}第 {n} 项指标的异议（{what}），正在核查").format(
            unit=words_of(objection.application.campaign).short,
            n=objection.indicator,
            what=objection,
        ),
        link=_link(objection),
    )


def answered(objection: Objection) -> None:
    text = _("{what}已答复（{state}）：{answer}").format(
        what=objection,
        state=_("成立") if objection.upheld else _("不成立"),
        answer=objection.answer,
    )
    users = _filer_office(objection) + notify.office(objection.application)
    notify.send(
        users, objection.application, Notification.Kind.ADJUDICATED, text, link=_link(objection)
    )


def republished(objection: Objection, settlement: Settlement) -> None:
    text = _("根据{what}的核查结果，{publication}已发布").format(
        what=objection, publication=settlement.republished
    )
    notify.send(
        notify.office(objection.application),
        objection.application,
        Notification.Kind.ADJUDICATED,
        text,
        link=_link(objection),
    )
