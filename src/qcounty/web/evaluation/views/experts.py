"""The evaluator's switch of blind review: may the campaign's experts see its results yet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.campaigns.models import Campaign
from qcounty.web.evaluation import access, actions


@login_required
@require_POST
def experts_see_results(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    user = access.actor(request)
    campaign = get_object_or_404(Campaign.objects.defer("reference_cohort"), pk=campaign_id)
    allowed = request.POST.get("allowed") == "1"
    actions.set_experts_see_results(campaign, allowed, user)
    if allowed:
        messages.success(request, _("已允许专家查看“{name}”的评价结果。").format(name=campaign))
    else:
        messages.success(
            request, _("专家已不能查看“{name}”的评价结果（背靠背评审）。").format(name=campaign)
        )
    return redirect("home")
