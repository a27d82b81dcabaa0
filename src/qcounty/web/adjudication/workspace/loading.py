"""Load an application's claims, decisions, reconciliations, scores and evidence once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qcounty.web.accounts.models import User
from qcounty.web.adjudication.effective import (
    apply_decisions,
    events_of,
    resolve,
)
from qcounty.web.adjudication.models import Decision, ExpertScore, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting.scoring import values_of


@dataclass
class _Loaded:
    claims: dict[str, Any]
    values: dict[str, Any]
    decided: dict[str, tuple[Any, str]]
    decisions: dict[str, list[Decision]]
    reconciliations: dict[str, list[Reconciliation]]
    scores: dict[str, list[ExpertScore]]
    evidence: list[Evidence]


def _load(application: Application, user: User | None) -> _Loaded:
    claims = values_of(application)
    decided = resolve(claims, events_of(application))
    decisions: dict[str, list[Decision]] = {}
    for d in Decision.objects.filter(application=application).select_related("decided_by"):
        decisions.setdefault(d.key, []).append(d)
    reconciliations: dict[str, list[Reconciliation]] = {}
    for r in Reconciliation.objects.filter(application=application).select_related("decided_by"):
        reconciliations.setdefault(r.key, []).append(r)
    rows = ExpertScore.objects.filter(application=application).select_related("expert")
    if user is None:
        rows = rows.none()
    elif user.role == User.Role.EXPERT:
        rows = rows.filter(expert=user)  # experts score independently: each sees only their own
    scores: dict[str, list[ExpertScore]] = {}
    for s in rows:
        scores.setdefault(s.key, []).append(s)
    evidence = list(Evidence.objects.filter(application=application).select_related("uploaded_by"))
    return _Loaded(
        claims,
        apply_decisions(claims, decided),
        decided,
        decisions,
        reconciliations,
        scores,
        evidence,
    )
