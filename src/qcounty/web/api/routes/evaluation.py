"""The province's evaluation as the core scored it: snapshots, their ranking, published lists.

Access is the evaluation's own (`evaluation.access`): the province's evaluators and experts
read; an expert only once the province opens a campaign's results; county roles get 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from qcounty.web.accounts.models import User
from qcounty.web.api.routes.responses import answers
from qcounty.web.api.schemas.common import Page, Paging, page
from qcounty.web.api.schemas.scores import Publication, RankingRow, Snapshot
from qcounty.web.api.states import finite
from qcounty.web.evaluation import access, figures
from qcounty.web.evaluation import publication as documents
from qcounty.web.evaluation.models import CohortSnapshot
from qcounty.web.evaluation.models import Publication as PublicationRow
from qcounty.web.evaluation.snapshots import scored

router = Router(tags=["省级评价"])


def _viewer(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not access.can_view(user):
        raise Http404
    return user


def _visible_campaigns(user: User) -> list[int]:
    from qcounty.web.campaigns.models import Campaign

    return [
        c.pk
        for c in Campaign.objects.only("id", "experts_see_results")
        if access.results_visible(user, c)
    ]


def _snapshot(snapshot: CohortSnapshot) -> dict[str, Any]:
    return {
        "id": snapshot.pk,
        "campaign_id": snapshot.campaign_id,
        "scheme_id": snapshot.framework_id,
        "scheme_version": snapshot.framework_version,
        "evaluation_year": snapshot.evaluation_year,
        "counties": snapshot.counties,
        "note": snapshot.note,
        "created_at": snapshot.created_at,
        "cohort_sha256": snapshot.cohort_sha256,
        "scheme_sha256": snapshot.framework_sha256,
    }


def _rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return ranking rows with their first-level points named (stored as [name, points, max])."""
    return [
        finite(
            {
                **r,
                "first_level": [{"name": n, "points": p, "max": m} for n, p, m in r["first_level"]],
            }
        )
        for r in rows
    ]


@router.get(
    "/snapshots",
    response=answers(Page[Snapshot]),
    url_name="snapshots",
    summary="参评县数据快照列表",
)
def list_snapshots(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """List the frozen cohort snapshots, the newest first."""
    user = _viewer(request)
    rows = access.snapshots().filter(campaign_id__in=_visible_campaigns(user))
    return page(rows.order_by("-created_at", "-id"), paging, _snapshot)


@router.get(
    "/snapshots/{snapshot_id}",
    response=answers(Snapshot),
    url_name="snapshot",
    summary="参评县数据快照",
)
def get_snapshot(request: HttpRequest, snapshot_id: int) -> dict[str, Any]:
    user = _viewer(request)
    return _snapshot(access.get_snapshot(snapshot_id, user))


@router.get(
    "/snapshots/{snapshot_id}/ranking",
    response=answers(Page[RankingRow]),
    url_name="snapshot_ranking",
    summary="快照的排名与得分",
)
def list_ranking(request: HttpRequest, snapshot_id: int, paging: Query[Paging]) -> dict[str, Any]:
    """List the snapshot's counties in the order of the core's ranking, with their scores."""
    user = _viewer(request)
    snapshot = access.get_snapshot(snapshot_id, user)
    data = figures.cached_ranking(scored(snapshot), snapshot.campaign.titles)
    return page(_rows(data["rows"]), paging)


def _publication(publication: PublicationRow) -> dict[str, Any]:
    data = publication.figures
    return {
        "id": publication.pk,
        "campaign_id": publication.campaign_id,
        "snapshot_id": publication.snapshot_id,
        "kind": publication.kind,
        "title": str(documents.TITLES[publication.kind]),
        "version": publication.version,
        "titles": data["titles"],
        "counties": data["counties"],
        "ranked": data["ranked"],
        "notice": publication.notice,
        "published_on": publication.published_on,
        "published_at": publication.published_at,
    }


def _publications(user: User) -> Any:
    return PublicationRow.objects.filter(campaign_id__in=_visible_campaigns(user)).order_by(
        "-published_at", "-id"
    )


@router.get(
    "/publications",
    response=answers(Page[Publication]),
    url_name="publications",
    summary="已发布名单列表",
)
def list_publications(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """List the published lists (公示 and final), the newest first."""
    user = _viewer(request)
    return page(_publications(user), paging, _publication)


@router.get(
    "/publications/{publication_id}",
    response=answers(Publication),
    url_name="publication",
    summary="已发布名单",
)
def get_publication(request: HttpRequest, publication_id: int) -> dict[str, Any]:
    user = _viewer(request)
    return _publication(access.get_publication(publication_id, user))


@router.get(
    "/publications/{publication_id}/rows",
    response=answers(Page[RankingRow]),
    url_name="publication_rows",
    summary="已发布名单的数据（发布时冻结）",
)
def list_publication_rows(
    request: HttpRequest, publication_id: int, paging: Query[Paging]
) -> dict[str, Any]:
    """List the published figures as frozen at publication (never recomputed)."""
    user = _viewer(request)
    publication = access.get_publication(publication_id, user)
    return page(_rows(publication.figures["rows"]), paging)
