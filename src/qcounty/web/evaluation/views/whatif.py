"""What-if (preview a corrected value, then save it as a correction) and policy comparison."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qcounty.core.evaluate import EvaluationError, compare_policies, select
from qcounty.core.framework.policies import EcMapping
from qcounty.core.wording import wording
from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.adjudication import actions as adjudication
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation import access, figures, whatif
from qcounty.web.evaluation import policies as policy_forms
from qcounty.web.evaluation.models import CohortSnapshot
from qcounty.web.evaluation.snapshots import Scored, scored
from qcounty.web.evaluation.views import results
from qcounty.web.evaluation.views.results import county_context, scoring
from qcounty.web.responses import refusals
from qcounty.web.words import page_words


def preview_context(form: QueryDict, snapshot: CohortSnapshot, s: Scored, i: int) -> dict[str, Any]:
    """Return the what-if of the value in the form, or the reason it is refused; once the
    final list is out, why it can no longer be saved as a correction."""
    frozen = freeze.frozen_message(snapshot.campaign_id)
    spec = whatif.spec_for(s.framework, form.get("key", ""))
    if spec is None:
        return {"whatif_error": _("请选择要更正的字段"), "frozen": frozen}
    try:
        stored, value = whatif.read(spec, form)
    except ValueError as e:
        problem = _("“{label}”{problem}").format(label=spec.label, problem=e)
        return {"whatif_error": problem, "whatif_key": spec.key, "frozen": frozen}
    preview = whatif.preview(s, i, spec, stored, value, snapshot.campaign.titles)
    return {"preview": preview, "whatif_key": spec.key, "frozen": frozen}


def _snapshot_county(
    snapshot_id: int, position: int, user: User
) -> tuple[CohortSnapshot, Scored, int]:
    snapshot = access.get_snapshot(snapshot_id, user)
    s = scored(snapshot)
    if not 0 <= position < len(s.score.counties):
        raise Http404
    return snapshot, s, position


@login_required
@require_GET
@scoring
def preview(request: AuthenticatedHttpRequest, snapshot_id: int, position: int) -> HttpResponse:
    """The what-if's table of changes (a partial for htmx): nothing is saved."""
    user = access.viewer(request)
    snapshot, s, i = _snapshot_county(snapshot_id, position, user)
    context: dict[str, Any] = {
        "snapshot": snapshot,
        "position": i,
        "can_act": access.can_act(user),
        "words": wording(s.framework),
    }
    context.update(preview_context(request.GET, snapshot, s, i))
    return render(request, "evaluation/_whatif.html", context)


@login_required
@require_POST
@scoring
def save(request: AuthenticatedHttpRequest, snapshot_id: int, position: int) -> HttpResponse:
    """Turn the what-if into a correction of the application's value (a reason is required)."""
    user = access.actor(request)
    snapshot, s, i = _snapshot_county(snapshot_id, position, user)
    spec = whatif.spec_for(s.framework, request.POST.get("key", ""))
    error = ""
    if spec is None:
        error = _("请选择要更正的字段")
    else:
        try:
            stored, _value = whatif.read(spec, request.POST)
        except ValueError as e:
            error = _("“{label}”{problem}").format(label=spec.label, problem=e)
    if not error and spec is not None:
        application = (
            Application.objects.select_related("campaign", "county__parent")
            .defer("campaign__reference_cohort")
            .filter(pk=s.application_ids[i])
            .first()
        )
        if application is None:
            error = _("该{unit}的申报已不存在，不能更正").format(unit=wording(s.framework).short)
        else:
            with refusals(adjudication.Refused, forbidden=adjudication.NotAllowed) as refused:
                adjudication.correct_value(
                    application, spec.key, stored, request.POST.get("reason", ""), user
                )
            error = refused.message
    if error or spec is None:
        context = county_context(request, snapshot, s, i)
        context.update(preview_context(request.POST, snapshot, s, i))
        context["whatif_error"] = error
        context["typed_reason"] = request.POST.get("reason", "")
        return render(request, "evaluation/county.html", context, status=400)
    county = s.score.counties[i]
    messages.success(
        request,
        _(
            "已保存更正：{county}“{label}”。{here}会收到通知；生成新快照后，正式排名才会随之改变。"
        ).format(
            county=county.city + county.name,
            label=spec.label,
            here=page_words(s.framework).here,
        ),
    )
    url = reverse("evaluation:county", args=[snapshot.pk, i])
    return redirect(f"{url}?key={spec.key}&saved=1#whatif")


@login_required
@require_GET
@scoring
def compare(request: AuthenticatedHttpRequest, snapshot_id: int) -> HttpResponse:
    """The cohort under two sets of policies, side by side."""
    user = access.viewer(request)
    snapshot = access.get_snapshot(snapshot_id, user)
    s = scored(snapshot)
    base = s.policies
    titles = snapshot.campaign.titles
    form: QueryDict = request.GET
    if not any(k.startswith(("a_", "b_")) for k in form):
        form = QueryDict(mutable=True)
        form["b_ec_mapping"] = EcMapping.SCALED.value  # 0–100 % against the default 60–100 %
    error = ""
    try:
        a = policy_forms.from_form(base, form, "a_")
        b = policy_forms.from_form(base, form, "b_")
    except EvaluationError as e:
        error, a, b = str(e), base, base
    comparison = compare_policies(s.framework, s.score.table, a, b)
    names = [c.city + c.name for c in s.score.counties]
    tiers = figures.tier_names(s)
    rows = []
    for i, total_a, total_b, rank_a, rank_b in comparison.rows():
        rows.append(
            {
                "position": i,
                "name": names[i],
                "tier": tiers.get(s.score.counties[i].tier, ""),
                "total_a": total_a,
                "total_b": total_b,
                "delta": total_b - total_a,
                "rank_a": rank_a,
                "rank_b": rank_b,
                "moved": None if rank_a is None or rank_b is None else rank_a - rank_b,
            }
        )
    # a national cohort's every row is 2,850 of them: paginated as the results page is
    page = Paginator(rows, results.ROWS_PER_PAGE).get_page(request.GET.get("page"))
    top_a = set(select(comparison.a, titles).selected)
    top_b = set(select(comparison.b, titles).selected)
    context = {
        "snapshot": snapshot,
        "campaign": snapshot.campaign,
        "words": (words := wording(s.framework)),
        "choices": list(
            zip(policy_forms.choices(a, words), policy_forms.choices(b, words), strict=True)
        ),
        "differences": policy_forms.differences(a, b, words),
        "rows": page.object_list,
        "page": page,
        "query": _without_page(request.GET),
        "titles": titles,
        "entering": [names[i] for i in sorted(top_b - top_a, key=lambda j: comparison.b.ranks[j])],
        "leaving": [names[i] for i in sorted(top_a - top_b, key=lambda j: comparison.a.ranks[j])],
        "error": error,
    }
    return render(request, "evaluation/compare.html", context, status=400 if error else 200)


def _without_page(query: QueryDict) -> str:
    """Return the query string of the compared policies, for the page links."""
    kept = query.copy()
    kept.pop("page", None)
    return kept.urlencode()
