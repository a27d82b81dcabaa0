"""The 公示 period's banner: dates and working days left, on every page about a campaign's list."""

from __future__ import annotations

from typing import Any

from django import template

from qcounty.web.campaigns.models import Campaign
from qcounty.web.objections import access
from qcounty.web.objections.publicity import status

register = template.Library()


@register.inclusion_tag("objections/_publicity.html", takes_context=True)
def publicity_banner(context: dict[str, Any], campaign: Campaign | int) -> dict[str, Any]:
    """Show the campaign's 公示 period as it stands today (nothing without one)."""
    user = context.get("user")
    return {
        "status": status(campaign),
        "campaign_id": campaign if isinstance(campaign, int) else campaign.pk,
        "can_see": user is not None and access.can_view(user),
        "can_file": user is not None and access.can_file(user),
    }
