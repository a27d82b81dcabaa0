"""Who may see and change an application's evidence: one helper per question, one condition a line.

Which application a user may open at all, and which inputs they may change, is the reporting
app's question (`reporting.access`); the evidence of an indicator follows its inputs.
"""

from __future__ import annotations

from django.http import Http404

from qcounty.core.framework.model import Indicator
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting import access as reporting


def indicator_of(application: Application, indicator: int) -> Indicator | None:
    """Return the framework's indicator of this number, None if there is none."""
    try:
        return application.campaign.framework.indicator(indicator)
    except StopIteration:
        return None


def can_attach(user: User, application: Application, indicator: int) -> bool:
    """Return whether the user may add or remove evidence of this indicator."""
    spec = indicator_of(application, indicator)
    if spec is None:
        return False
    editable = reporting.editable_keys(user, application)
    return any(x.key in editable for x in spec.inputs)


def require_visible(user: User, application: Application, indicator: int) -> None:
    """404 for an indicator the user cannot see (a clerk's other departments, a wrong number)."""
    spec = indicator_of(application, indicator)
    if spec is None:
        raise Http404
    if not reporting.indicator_visible(reporting.visible_units(user, application), spec):
        raise Http404
