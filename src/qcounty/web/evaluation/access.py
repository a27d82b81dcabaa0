"""Who may see and do what in the province's evaluation: one condition per line.

The province's evaluators see and act; its experts and the administrator see the results
read-only; county roles get 404 everywhere (no hint that the pages exist), except a county
office downloading its own county's score report from a published list.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
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


def viewer(request: HttpRequest) -> User:
    """Return the user if they may see the evaluation; 404 otherwise."""
    user: User = request.user  # type: ignore[assignment]
    if not can_view(user):
        raise Http404
    return user


def actor(request: HttpRequest) -> User:
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


def get_snapshot(snapshot_id: int) -> CohortSnapshot:
    """Return the snapshot without its large texts: read (one query each) only to score it
    the first time in a process (a national cohort's file is tens of megabytes)."""
    return get_object_or_404(snapshots(), pk=snapshot_id)


def get_run(run_id: int) -> RobustnessRun:
    return get_object_or_404(
        RobustnessRun.objects.select_related("snapshot__campaign", "created_by").defer(
            *(f"snapshot__{f}" for f in LARGE_FIELDS), "snapshot__campaign__reference_cohort"
        ),
        pk=run_id,
    )


def get_report_application(request: HttpRequest, application_id: int) -> Application:
    """Return an application whose score reports the user may download: the province's
    viewers any, a county office its own county's; 404 for everyone else."""
    user: User = request.user  # type: ignore[assignment]
    application = reporting_access.get_application_for_user(user, application_id)
    if can_view(user) or user.role == Role.COUNTY_OFFICE:
        return application
    raise Http404


def get_publication(publication_id: int) -> Publication:
    return get_object_or_404(
        Publication.objects.select_related("campaign", "snapshot", "published_by").defer(
            *(f"snapshot__{f}" for f in LARGE_FIELDS), "campaign__reference_cohort"
        ),
        pk=publication_id,
    )
