"""The values that count for the province: the county's claims after the province's decisions.

A corrected value replaces the claim; a reconciled expert score replaces the claim of a judged
input (a later correction of that input still wins over an earlier reconciliation, and the other
way round: the latest decision counts).
"""

from __future__ import annotations

from typing import Any

from qcounty.core.cohort import County
from qcounty.web.adjudication.models import Decision, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.scoring import county_from_values, values_of


def decided_values(application: Application) -> dict[str, tuple[Any, str]]:
    """Return key → (value, source) for every input the province has decided on."""
    latest: dict[str, tuple[int, Any, str]] = {}
    rows = Decision.objects.filter(
        application=application, kind=Decision.Kind.CORRECTED
    ).values_list("key", "value", "decided_at")
    for key, value, at in rows:
        if key not in latest or at.timestamp() >= latest[key][0]:
            latest[key] = (at.timestamp(), value, "corrected")
    rows = Reconciliation.objects.filter(application=application).values_list(
        "key", "value", "decided_at"
    )
    for key, value, at in rows:
        if key not in latest or at.timestamp() >= latest[key][0]:
            latest[key] = (at.timestamp(), value, "reconciled")
    # a later plain acceptance of the claim undoes an earlier correction
    accepted = Decision.objects.filter(
        application=application, kind=Decision.Kind.ACCEPTED
    ).values_list("key", "decided_at")
    for key, at in accepted:
        if key in latest and latest[key][2] == "corrected" and at.timestamp() > latest[key][0]:
            del latest[key]
    return {key: (value, source) for key, (_, value, source) in latest.items()}


def adjudicated_values(application: Application) -> dict[str, Any]:
    """Return every input's value as the province counts it (a county file's `values`)."""
    values = values_of(application)
    for key, (value, _source) in decided_values(application).items():
        if key in values:
            values[key] = value
    return values


def adjudicated_county(application: Application) -> County:
    """Return the application as the core reads it, after the province's decisions."""
    return county_from_values(application, adjudicated_values(application))
