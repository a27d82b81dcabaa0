"""Robustness analyses: the form, the background run with its progress bar, the figures."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from qcounty.core.evaluate import MAX_NOISE, MAX_REPLICATIONS, POLICY_LABELS, EvaluationError
from qcounty.core.wording import wording
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.evaluation import access, actions, charts, forms
from qcounty.web.evaluation.models import CohortSnapshot, RobustnessRun
from qcounty.web.evaluation.policies import setting_label
from qcounty.web.evaluation.tasks import run_robustness_analysis
from qcounty.web.evaluation.views.results import runs_of, scoring


def _form_context(
    snapshot: CohortSnapshot, typed: dict[str, Any] | None, error: str, can_act: bool
) -> dict[str, Any]:
    typed = typed or {}
    chosen = set(typed.get("policies", []))
    return {
        "snapshot": snapshot,
        "campaign": snapshot.campaign,
        "runs": runs_of(snapshot),
        "error": error,
        "replications": typed.get("replications", forms.DEFAULT_REPLICATIONS),
        "noise": typed.get("noise", forms.DEFAULT_NOISE_PERCENT),
        "seed": typed.get("seed", forms.random_seed()),
        "top": typed.get("top", snapshot.campaign.titles),
        "policies": [(name, label, name in chosen) for name, label in POLICY_LABELS.items()],
        "max_replications": MAX_REPLICATIONS,
        "max_noise": round(MAX_NOISE * 100),
        "can_act": can_act,
    }


@login_required
@require_http_methods(["GET", "POST"])
@scoring
def start(request: AuthenticatedHttpRequest, snapshot_id: int) -> HttpResponse:
    """The form of a new analysis and the snapshot's earlier ones; POST queues a run."""
    user = access.viewer(request)
    snapshot = access.get_snapshot(snapshot_id, user)
    if request.method == "POST":
        user = access.actor(request)
        typed = {
            "replications": request.POST.get("replications", ""),
            "noise": request.POST.get("noise", ""),
            "seed": request.POST.get("seed", ""),
            "top": request.POST.get("top", ""),
            "policies": request.POST.getlist("policies"),
        }
        try:
            spec = forms.robustness_spec(request.POST)
            run = actions.queue_robustness(snapshot, spec, user)
        except EvaluationError as e:
            context = _form_context(snapshot, typed, f"{e}。", True)
            return render(request, "evaluation/robustness_form.html", context, status=400)
        run_robustness_analysis.enqueue(run.pk)
        return redirect("evaluation:robustness_run", run.pk)
    context = _form_context(snapshot, None, "", access.can_act(user))
    return render(request, "evaluation/robustness_form.html", context)


def _run_context(run: RobustnessRun) -> dict[str, Any]:
    snapshot = run.snapshot
    context: dict[str, Any] = {"run": run, "snapshot": snapshot, "campaign": snapshot.campaign}
    context["words"] = wording(snapshot.campaign.framework)
    spec = run.spec
    context["varied"] = [POLICY_LABELS.get(p, p) for p in spec["policies"]]
    context["noise_percent"] = round(spec["weight_noise"] * 100, 4)
    if run.status == RobustnessRun.Status.DONE and run.result:
        result = run.result
        ranked = [c for c in result["counties"] if c["rank"] is not None]
        ranked.sort(key=lambda c: (c["rank"], -(c["p_top"] or 0.0)))
        context["rows"] = ranked
        context["unranked"] = len(result["counties"]) - len(ranked)
        context["uncertain"] = result["uncertain"]
        context["uncertainty"] = charts.uncertainty(result)
        context["draws"] = [
            (
                POLICY_LABELS.get(p, p),
                [(setting_label(p, setting, context["words"]), n) for setting, n in tally.items()],
            )
            for p, tally in result["policy_draws"].items()
        ]
    return context


@login_required
@require_GET
def run_page(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    user = access.viewer(request)
    run = actions.check_stalled(access.get_run(run_id, user))
    return render(request, "evaluation/robustness_run.html", _run_context(run))


@login_required
@require_GET
def progress(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """The progress bar (polled by htmx); when the run has finished, the whole page reloads.

    A run without progress for long is marked as failed here (its worker has gone), which
    ends the polling.
    """
    user = access.viewer(request)
    run = actions.check_stalled(access.get_run(run_id, user))
    response = render(request, "evaluation/_progress.html", {"run": run})
    if request.headers.get("HX-Request") and run.finished:
        response["HX-Refresh"] = "true"
    return response
