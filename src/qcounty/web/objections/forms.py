"""Read the objection forms: dates, ids, the claim; the actions check what they mean."""

from __future__ import annotations

import datetime as dt

from django.http import QueryDict
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.objections.actions import Claim, Refused
from qcounty.web.words import words_of


def date_of(form: QueryDict, name: str, label: str, *, required: bool = True) -> dt.date | None:
    text = form.get(name, "").strip()
    if not text:
        if required:
            raise Refused(_("请填写{label}").format(label=label))
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Refused(
            _("{label}应为日期（如 2026-12-07），实际为“{text}”").format(
                label=label, text=text[:20]
            )
        ) from None


def number_of(form: QueryDict, name: str) -> int | None:
    text = form.get(name, "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def claim(form: QueryDict, campaign_id: int) -> Claim:
    """Return the claim the form names (the application of a county in the campaign)."""
    application_id = number_of(form, "application")
    application = (
        Application.objects.filter(pk=application_id, campaign_id=campaign_id)
        .select_related("county__parent", "campaign")
        .first()
        if application_id
        else None
    )
    if application is None:
        campaign = (
            Campaign.objects.filter(pk=campaign_id)
            .only("framework_id", "framework_version")
            .first()
        )
        raise Refused(_("请选择被异议的{unit}").format(unit=words_of(campaign).unit))
    indicator = number_of(form, "indicator")
    if indicator is None:
        raise Refused(_("请选择所异议的指标"))
    return Claim(application, indicator, form.get("key", "").strip()[:100], form.get("problem", ""))


def assignee(form: QueryDict) -> User | None:
    pk = number_of(form, "assignee")
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None
