"""The evaluation's home, snapshots and their results: the ranking and a county's every point."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qcounty.core.evaluate import leave_one_out
from qcounty.core.results import CountyResult
from qcounty.core.wording import wording
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.adjudication.progress import listed, progress_by_id
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation import access, actions, charts, figures, whatif
from qcounty.web.evaluation.models import CohortSnapshot, Publication, RobustnessRun
from qcounty.web.evaluation.snapshots import Scored, SnapshotDamaged, scored
from qcounty.web.objections import access as objections_access
from qcounty.web.objections import guard, publicity
from qcounty.web.reporting.fields import plain
from qcounty.web.responses import download, refusals
from qcounty.web.review.board import readable
from qcounty.web.words import words_of

Status = Application.Status
log = logging.getLogger(__name__)
ROWS_PER_PAGE = 150  # a province's counties on one page; a national cohort paginated
UNSETTLED_SHOWN = 50  # the home lists this many open counties; the workspace's index filters all


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = access.viewer(request)
    campaigns = []
    for campaign in Campaign.objects.defer("reference_cohort"):
        if not access.results_visible(user, campaign):
            campaigns.append({"campaign": campaign, "hidden": True, "words": words_of(campaign)})
            continue
        counted = dict(
            campaign.applications.filter(status__in=(Status.ACCEPTED, Status.SUBMITTED))
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
        accepted = counted.get(Status.ACCEPTED, 0)
        rows = listed(campaign, accepted_only=True) if accepted else []
        counts = progress_by_id(campaign, [r["pk"] for r in rows])
        unsettled = [
            r | {"unreconciled": p.unreconciled, "unchecked": p.unchecked}
            for r in rows
            if not (p := counts[r["pk"]]).settled
        ]
        campaigns.append(
            {
                "campaign": campaign,
                "words": words_of(campaign),
                "accepted": accepted,
                "submitted": counted.get(Status.SUBMITTED, 0),
                "unsettled": unsettled[:UNSETTLED_SHOWN],
                "unsettled_count": len(unsettled),
                "unsettled_more": max(0, len(unsettled) - UNSETTLED_SHOWN),
                "unreconciled_counties": sum(1 for p in unsettled if p["unreconciled"]),
                "unreconciled": sum(p["unreconciled"] for p in unsettled),
                "unchecked_counties": sum(1 for p in unsettled if p["unchecked"]),
                "unchecked": sum(p["unchecked"] for p in unsettled),
                "snapshots": list(access.snapshots().filter(campaign=campaign)[:10]),
                "publications": list(
                    Publication.objects.filter(campaign=campaign).select_related("published_by")
                ),
            }
        )
    context = {
        "campaigns": campaigns,
        "can_act": access.can_act(user),
        "words": campaigns[0]["words"] if campaigns else words_of(None),  # the latest's
    }
    return render(request, "evaluation/index.html", context)


@login_required
@require_POST
def take_snapshot(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    user = access.actor(request)
    campaign = get_object_or_404(Campaign.objects.defer("reference_cohort"), pk=campaign_id)
    confirmed = request.POST.get("confirm") == "1"
    with refusals(actions.Refused) as refused:
        snapshot = actions.take_snapshot(
            campaign, user, request.POST.get("note", ""), confirmed=confirmed
        )
    if refused:
        return refused.redirect(request, "evaluation:index")
    messages.success(
        request,
        _("已生成快照 #{id}：{n} 个省级已接收的申报。").format(id=snapshot.pk, n=snapshot.counties),
    )
    return redirect("evaluation:snapshot", snapshot.pk)


def scoring(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Show a snapshot whose stored text was altered outside the application as an error page
    (its message says so), never as a traceback."""

    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except SnapshotDamaged as e:
            log.error("%s", e)
            return render(request, "evaluation/damaged.html", {"message": str(e)}, status=500)

    return wrapped


@login_required
@require_GET
@scoring
def snapshot_page(request: AuthenticatedHttpRequest, snapshot_id: int) -> HttpResponse:
    user = access.viewer(request)
    snapshot = access.get_snapshot(snapshot_id, user)
    s = scored(snapshot)
    campaign = snapshot.campaign
    data = figures.cached_ranking(s, campaign.titles)
    left = _left_out(s, campaign.titles)
    listing = figures.Listing.from_query(request.GET)
    found = listing.apply(data["rows"])
    page = (
        None
        if listing.everything
        else Paginator(found, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    )
    shown = _marked(snapshot, data, list(page.object_list) if page else found)
    run = actions.latest_run(snapshot)
    published = actions.published_kinds(campaign)
    newer = (
        CohortSnapshot.objects.filter(campaign=campaign, created_at__gt=snapshot.created_at)
        .only("id")
        .first()
    )
    unsettled = _unsettled_rows(snapshot, listing.apply(data["rows"]))
    context = {
        "snapshot": snapshot,
        "campaign": campaign,
        "words": wording(s.framework),
        "data": data,
        "ranked": [r for r in shown if r["rank"]],
        "unranked": [r for r in shown if not r["rank"]],
        "listing": listing,
        "page": page,
        "found": len(found),
        "cities": sorted({r["city"] for r in data["rows"]} - {""}),
        "tiers": sorted({(r["tier"], r["tier_name"]) for r in data["rows"]}),
        "left_out": left,
        "run": run,
        "uncertainty": charts.uncertainty(run.result) if run is not None and run.result else None,
        "newer": newer,
        "unsettled": snapshot.unsettled_summary,
        "unsettled_rows": unsettled[:ROWS_PER_PAGE],
        "unsettled_more": max(0, len(unsettled) - ROWS_PER_PAGE),
        "publications": Publication.objects.filter(snapshot=snapshot).order_by("kind", "version"),
        "kinds": [
            (value, label)
            for value, label in Publication.Kind.choices
            if not (value == Publication.Kind.PROPOSED and Publication.Kind.FINAL in published)
        ],
        "publicised": Publication.Kind.PROPOSED in published,
        "can_act": access.can_act(user),
        "seen": actions.latest_seen(campaign),
        "today": publicity.today(),
        "final_waits": guard.problems(campaign, publicity.today())[2],
        "can_override": objections_access.can_override(user),
    }
    return render(request, "evaluation/snapshot.html", context)


def _left_out(s: Scored, titles: int) -> list[dict[str, Any]]:
    """Return the indicators whose removal changes the selection (once per snapshot)."""
    key = ("left_out", titles)
    if key not in s.memo:
        names = [c.city + c.name for c in s.score.counties]
        s.memo[key] = [
            {
                "indicator": x.indicator,
                "name": x.name,
                "entering": [names[i] for i in x.entering],
                "leaving": [names[i] for i in x.leaving],
            }
            for x in leave_one_out(s.score, titles)
            if x.changes_selection
        ]
    changes: list[dict[str, Any]] = s.memo[key]
    return changes


def _marked(
    snapshot: CohortSnapshot, data: dict[str, Any], rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return copies of the rows shown (the ranking is shared by every request) with the
    counts the snapshot stored for their applications and the selection line after the last
    selected county."""
    counts = snapshot.unsettled or []
    selected = data["selected"]
    last = selected[-1]["position"] if selected and len(selected) < data["ranked"] else None
    out = []
    for row in rows:
        found = counts[row["position"]] if row["position"] < len(counts) else None
        settled = not found or not (found["unreconciled"] or found["unchecked"])
        out.append(
            row | {"unsettled": None if settled else found, "line_after": row["position"] == last}
        )
    return out


def _unsettled_rows(snapshot: CohortSnapshot, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the rows of the counties with items still open (with their counts), in the
    ranking's order."""
    counts = snapshot.unsettled or []
    out = []
    for row in rows:
        found = counts[row["position"]] if row["position"] < len(counts) else None
        if found and (found["unreconciled"] or found["unchecked"]):
            out.append(row | {"unsettled": found})
    return out


def _position(s: Scored, position: int) -> int:
    if not 0 <= position < len(s.score.counties):
        raise Http404
    return position


def county_context(
    request: AuthenticatedHttpRequest, snapshot: CohortSnapshot, s: Scored, i: int
) -> dict[str, object]:
    """Return what the county page shows (its what-if form reads the request's key)."""
    user = access.viewer(request)
    result: CountyResult = s.score.county(i)
    framework = s.framework
    key = request.GET.get("key") or request.POST.get("key") or ""
    spec = whatif.spec_for(framework, key) if key else None
    values = s.score.counties[i].values
    rows = figures.cached_ranking(s, snapshot.campaign.titles)["rows"]
    ordered = [r["position"] for r in rows]
    at = ordered.index(i)  # a list search, not the ranking: 2,850 counties take ~0.1 ms
    return {
        "snapshot": snapshot,
        "campaign": snapshot.campaign,
        "words": wording(framework),
        "full_marks": framework.total_points,
        "position": i,
        "result": result,
        "row": rows[at],
        "previous": ordered[at - 1] if at > 0 else None,
        "next": ordered[at + 1] if at + 1 < len(ordered) else None,
        "application_id": s.application_ids[i],
        "indicators": _indicators(s, i, result),
        "distribution": charts.distribution(s, i),
        "radar": charts.radar(s, i),
        "whatif_groups": whatif.groups(framework),
        "whatif_key": spec.key if spec else "",
        "widget": whatif.widget(spec, values.get(spec.key)) if spec else None,
        "unknown_key": bool(key) and spec is None,
        "can_act": access.can_act(user),
    }


def _indicators(s: Scored, i: int, result: CountyResult) -> list[dict[str, Any]]:
    """Return every indicator of county i with its inputs as read, its criteria's points and
    reasons, and for efficacy-coefficient parts the bounds, the group and d (from the core)."""
    values = s.score.counties[i].values
    table = s.score.table
    out = []
    for spec_ind, ind in zip(s.framework.indicators(), result.indicators, strict=True):
        criteria = []
        for c in ind.criteria:
            criteria.append(
                {
                    "id": c.id,
                    "points": c.points,
                    "max": c.max,
                    "messages": [(m.render(), m.review) for m in c.messages],
                    "efficacy": [
                        {
                            **part,
                            "label": table.label(part["value"]),
                            "x": table.show(part["value"], i),
                            "group": s.score.group_name(spec_ind, i),
                        }
                        for part in c.efficacy
                    ],
                }
            )
        out.append(
            {
                "number": ind.number,
                "name": ind.name,
                "points": ind.points,
                "max": ind.max,
                "tiered": ind.tiered,
                "notes": [m.render() for m in ind.notes],
                "criteria": criteria,
                "standards": [c.standard for c in spec_ind.criteria],
                "inputs": [
                    (
                        x.key,
                        x.label,
                        readable(x, plain(values.get(x.key))) or "—",
                        whatif.can_try(x),
                    )
                    for x in spec_ind.inputs
                    if not x.informational
                ],
            }
        )
    return out


@login_required
@require_GET
@scoring
def county_page(request: AuthenticatedHttpRequest, snapshot_id: int, position: int) -> HttpResponse:
    user = access.viewer(request)
    snapshot = access.get_snapshot(snapshot_id, user)
    s = scored(snapshot)
    i = _position(s, position)
    context = county_context(request, snapshot, s, i)
    if request.GET.get("preview") and context["widget"] is not None:
        from qcounty.web.evaluation.views.whatif import preview_context

        context.update(preview_context(request.GET, snapshot, s, i))
    return render(request, "evaluation/county.html", context)


@login_required
@require_GET
def cohort_file(request: AuthenticatedHttpRequest, snapshot_id: int) -> HttpResponse:
    """The snapshot's cohort file, byte for byte as stored and hashed (for `qcounty evaluate`)."""
    user = access.viewer(request)
    snapshot = get_object_or_404(CohortSnapshot.objects.select_related("campaign"), pk=snapshot_id)
    access.require_results(user, snapshot.campaign)
    name = _("{campaign}-快照{id}-{cohort}数据.json").format(
        campaign=snapshot.campaign.name,
        id=snapshot.pk,
        cohort=words_of(snapshot.campaign).cohort,
    )
    return download(snapshot.cohort_json.encode("utf-8"), name, "application/json")


@login_required
@require_GET
def framework_file(request: AuthenticatedHttpRequest, snapshot_id: int) -> HttpResponse:
    """The framework file the snapshot is scored with, as it was when the snapshot was taken."""
    user = access.viewer(request)
    snapshot = get_object_or_404(CohortSnapshot.objects.select_related("campaign"), pk=snapshot_id)
    access.require_results(user, snapshot.campaign)
    name = _("{framework}-{version}-快照{id}.yaml").format(
        framework=snapshot.framework_id, version=snapshot.framework_version, id=snapshot.pk
    )
    return download(snapshot.framework_text.encode("utf-8"), name, "application/yaml")


@login_required
@require_GET
@scoring
def results_json(request: AuthenticatedHttpRequest, snapshot_id: int) -> HttpResponse:
    """The snapshot's ranking and selection as JSON (the figures a publication stores)."""
    user = access.viewer(request)
    snapshot = access.get_snapshot(snapshot_id, user)
    data = figures.ranking(scored(snapshot), snapshot.campaign.titles)
    data["snapshot"] = {"id": snapshot.pk, "cohort_sha256": snapshot.cohort_sha256}
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def runs_of(snapshot: CohortSnapshot) -> list[RobustnessRun]:
    runs = list(
        RobustnessRun.objects.filter(snapshot=snapshot).select_related("created_by").defer("result")
    )
    for run in runs:
        actions.check_stalled(run)
        run.noise_percent = round(run.spec["weight_noise"] * 100, 4)  # type: ignore[attr-defined]  # for the template
    return runs
