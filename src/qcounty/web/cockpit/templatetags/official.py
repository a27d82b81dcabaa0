"""The province's published figures of an application, for every county page that shows a score."""

from __future__ import annotations

from django import template

from qcounty.web.campaigns.models import Application
from qcounty.web.cockpit.reportdata import Official, official_of, province_applies

register = template.Library()


@register.simple_tag
def official_figures(application: Application) -> Official | None:
    """Return the published total and rank of the application, or None before publication."""
    if not province_applies(application):
        return None  # only an application with the province is ever in a published list
    return official_of(application)
