"""Campaign views: a county office opens its county's application in a campaign (not once
the campaign's final list is out)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.campaigns import access, freeze
from qcounty.web.campaigns.actions import open_application
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation.models import Publication


@login_required
@require_POST
def open_for_my_county(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    user = request.user
    county = access.county_to_open_for(user)
    if county is None:
        raise Http404
    campaign = get_object_or_404(Campaign.objects.defer("reference_cohort"), pk=campaign_id)
    opened = Application.objects.filter(campaign=campaign, county=county).first()
    frozen = freeze.frozen_message(campaign.pk)
    if opened is None and frozen:
        messages.error(request, frozen)
        return redirect("home")
    application = opened or open_application(campaign, county)
    return redirect("reporting:application", application.pk)


def campaigns_to_open(user: User) -> list[Campaign]:
    """Return the campaigns in which the user's county office has not opened an application."""
    county = access.county_to_open_for(user)
    if county is None:
        return []
    return list(
        Campaign.objects.defer("reference_cohort")
        .exclude(applications__county=county)
        .exclude(publications__kind=Publication.Kind.FINAL)
        .order_by("-evaluation_year")
    )
