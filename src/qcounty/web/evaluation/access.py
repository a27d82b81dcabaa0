"""Who may see and do what in the province's evaluation: one condition per line.

The province's evaluators see and act; its experts and the administrator see the results
read-only; county roles get 404 everywhere (no hint that the pages exist), except a county
office downloading its own county's score report from a published list. Experts review blind:
a campaign's results, rankings and lists stay hidden from them until the province opens them
(the campaign's "专家可查看评价结果").
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation.models import CohortSnapshot, Publication, RobustnessRun
from qcounty.web.reporting import access as reporting_access

Role = User.Role
VIEWERS = (Role.EVALUATOR, Role.EXPERT, Role.ADMIN)
LARGE_FIELDS = ("cohort_json", "framework_text")


def can_view(user: User) -> bool:
    return user.is_authenticated and user.role in VIEWERS


def can_act(user: User) -> bool:
    """Return whether the user takes snapshots, corrects values, runs analyses and publishes."""
    return user.is_authenticated and user.role == Role.EVALUATOR


def results_visible(user: User, campaign: Campaign) -> bool:
    """Return whether the user may see the campaign's results (an expert only once allowed);
    whether they may see the evaluation at all is `can_view`'s question."""
    if user.role != Role.EXPERT:
        return True
    return campaign.experts_see_results


def require_results(user: User, campaign: Campaign) -> None:
    """Refuse the campaign's results to an expert before the province opens them (403)."""
    if not results_visible(user, campaign):
        raise PermissionDenied(
            _("评审期间专家不能查看评价结果和排名：省级评价人员开放后方可查看。")
        )


def viewer(request: AuthenticatedHttpRequest) -> User:
    """Return the user if they may see the evaluation; 404 otherwise."""
    user = request.user
    if not can_view(user):
        raise Http404
    return user


def actor(request: AuthenticatedHttpRequest) -> User:
    """Return the user if they may act; 404 for county roles, 403 for read-only viewers."""
    user = viewer(request)
    if not can_act(user):
        raise PermissionDenied
    return user


def snapshots() -> QuerySet[CohortSnapshot]:
    """Return snapshots without their large stored texts (read only when scoring)."""
    return CohortSnapshot.objects.select_related("campaign", "created_by").defer(
        *LARGE_FIELDS, "campaign__reference_cohort"
    )


def get_snapshot(snapshot_id: int, user: User) -> CohortSnapshot:
    """Return the snapshot without its large texts: read (one query each) only to score it
    the first time in a process (a national cohort's file is tens of megabytes)."""
    snapshot = get_object_or_404(snapshots(), pk=snapshot_id)
    require_results(user, snapshot.campaign)
    return snapshot


def get_run(run_id: int, user: User) -> RobustnessRun:
    run = get_object_or_404(
        RobustnessRun.objects.select_related("snapshot__campaign", "created_by").defer(
            *(f"snapshot__{f}" for f in LARGE_FIELDS), "snapshot__campaign__reference_cohort"
        ),
        pk=run_id,
    )
    require_results(user, run.snapshot.campaign)
    return run


def get_report_application(request: AuthenticatedHttpRequest, application_id: int) -> Application:
    """Return an application whose score reports the user may download: the province's
    viewers any, a county office its own county's; 404 for everyone else."""
    user = request.user
    application = reporting_access.get_application_for_user(user, application_id)
    if can_view(user) or user.role == Role.COUNTY_OFFICE:
        return application
    raise Http404


def get_publication(publication_id: int, user: User) -> Publication:
    publication = get_object_or_404(
        Publication.objects.select_related("campaign", "snapshot", "published_by").defer(
            *(f"snapshot__{f}" for f in LARGE_FIELDS), "campaign__reference_cohort"
        ),
        pk=publication_id,
    )
    require_results(user, publication.campaign)
    return publication
