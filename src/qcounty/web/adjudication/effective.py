"""The values that count for the province: the county's claims after the province's decisions.

Every decision is a row; for each input the latest one counts (corrections, acceptances and
reconciliations alike, by their time):

- a correction replaces the claim with the corrected value;
- an acceptance confirms the claim (it undoes an earlier correction or reconciliation);
- a reconciliation of the experts' scores replaces the claim of a judged input.

A correction or acceptance is about the claim the evaluator saw (`Decision.claimed`): once the
county changes that claim (after the province returned the application), the decision no longer
applies and the input waits to be checked again. A reconciliation judges the evidence, not the
claim, and stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from qcounty.core.cohort import County
from qcounty.web.adjudication.models import Decision, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.scoring import county_from_values, values_of

ACCEPTED = "accepted"
CORRECTED = "corrected"
RECONCILED = "reconciled"

DECISION_FIELDS = ("application_id", "key", "kind", "claimed", "value", "decided_at", "id")
RECONCILIATION_FIELDS = ("application_id", "key", "value", "decided_at", "id")


@dataclass(frozen=True)
class Event:
    """A decision on one input, as the resolution reads it."""

    at: dt.datetime
    order: tuple[int, int]  # breaks ties of time: decisions after reconciliations, then row id
    source: str  # accepted, corrected or reconciled
    value: Any
    claimed: Any = None  # the claim a decision was about (None for a reconciliation)


def decision_event(kind: str, claimed: Any, value: Any, at: dt.datetime, pk: int) -> Event:
    return Event(at, (1, pk), kind, value, claimed)


def reconciliation_event(value: Any, at: dt.datetime, pk: int) -> Event:
    return Event(at, (0, pk), RECONCILED, value)


def is_current(event: Event, claims: dict[str, Any], key: str) -> bool:
    """Return whether a decision still applies: it was about the claim as it stands now."""
    return event.source == RECONCILED or event.claimed == claims.get(key)


def resolve(claims: dict[str, Any], events: dict[str, list[Event]]) -> dict[str, tuple[Any, str]]:
    """Return key → (value, source) for every input whose latest current decision sets a value.

    `claims` are the county's values (as `values_of` gives them); an input whose latest decision
    is an acceptance, or that has no current decision, keeps its claim and is left out.
    """
    out: dict[str, tuple[Any, str]] = {}
    for key, rows in events.items():
        current = [e for e in rows if is_current(e, claims, key)]
        if not current:
            continue
        latest = max(current, key=lambda e: (e.at, e.order))
        if latest.source != ACCEPTED:
            out[key] = (latest.value, latest.source)
    return out


def events_by_application(
    decisions: Iterable[tuple[Any, ...]], reconciliations: Iterable[tuple[Any, ...]]
) -> dict[int, dict[str, list[Event]]]:
    """Group rows (DECISION_FIELDS, RECONCILIATION_FIELDS tuples) by application and key."""
    out: dict[int, dict[str, list[Event]]] = {}
    for application_id, key, kind, claimed, value, at, pk in decisions:
        event = decision_event(kind, claimed, value, at, pk)
        out.setdefault(application_id, {}).setdefault(key, []).append(event)
    for application_id, key, value, at, pk in reconciliations:
        event = reconciliation_event(value, at, pk)
        out.setdefault(application_id, {}).setdefault(key, []).append(event)
    return out


def events_of(application: Application) -> dict[str, list[Event]]:
    """Return key → the decisions on the application's inputs (two queries)."""
    decisions = Decision.objects.filter(application=application).values_list(*DECISION_FIELDS)
    reconciliations = Reconciliation.objects.filter(application=application).values_list(
        *RECONCILIATION_FIELDS
    )
    return events_by_application(decisions, reconciliations).get(application.pk, {})


def decided_values(application: Application) -> dict[str, tuple[Any, str]]:
    """Return key → (value, source) for every input the province has decided on."""
    return resolve(values_of(application), events_of(application))


def apply_decisions(claims: dict[str, Any], decided: dict[str, tuple[Any, str]]) -> dict[str, Any]:
    """Return the claims with the decided values in place."""
    values = dict(claims)
    for key, (value, _source) in decided.items():
        if key in values:
            values[key] = value
    return values


def adjudicated_values(application: Application) -> dict[str, Any]:
    """Return every input's value as the province counts it (a county file's `values`)."""
    claims = values_of(application)
    return apply_decisions(claims, resolve(claims, events_of(application)))


def adjudicated_county(application: Application) -> County:
    """Return the application as the core reads it, after the province's decisions."""
    return county_from_values(application, adjudicated_values(application))
