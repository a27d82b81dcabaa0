"""The province's cohort of a campaign: every application it holds, as the core reads it.

Loaded in a constant number of queries (applications, values, records, decisions,
reconciliations), whatever the number of applications, then assembled in memory with the same
resolution as `effective.adjudicated_county`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from qcounty.core.cohort import County
from qcounty.core.framework.inputs import RecordsInput
from qcounty.core.framework.model import Framework
from qcounty.web.adjudication.effective import (
    DECISION_FIELDS,
    RECONCILIATION_FIELDS,
    Event,
    apply_decisions,
    events_by_application,
    resolve,
)
from qcounty.web.adjudication.models import Decision, Reconciliation
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.reporting.access import applications as application_rows
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.reporting.scoring import county_from_values

Status = Application.Status
HELD = (Status.SUBMITTED, Status.ACCEPTED)


def held_applications(campaign: Campaign, *, accepted_only: bool = False) -> list[Application]:
    """Return the applications the province holds, in (city, county name) order (one query).

    The province holds an application submitted to it (已报省) or accepted by it (省级已接收);
    drafts and applications it returned to the county are not its to score.
    """
    rows = list(application_rows().filter(_held(campaign, accepted_only)))
    for application in rows:
        application.campaign = campaign  # one Campaign object: its framework is read once
    return sorted(rows, key=_order)


def _held(campaign: Campaign, accepted_only: bool) -> Q:
    statuses = (Status.ACCEPTED,) if accepted_only else HELD
    return Q(campaign=campaign, status__in=statuses)


def _order(application: Application) -> tuple[str, str, int]:
    # sorted in Python, not by the database: collations of Chinese text differ between them
    return (application.county.city_name, application.county.name, application.pk)


def claims_of(
    framework: Framework, applications: list[Application], campaign: Campaign | None = None
) -> dict[int, dict[str, Any]]:
    """Return application id → every input's stored value, as `values_of` gives it (2 queries;
    `campaign`: theirs, to select many applications' rows by campaign)."""
    ids = [a.pk for a in applications]
    wanted = set(ids)
    stored: dict[int, dict[str, Any]] = {i: {} for i in ids}
    value_rows = (
        InputValue.objects.filter(among(ids, campaign))
        .annotate(text=Cast("value", TextField()))
        .values_list("application_id", "key", "text")
    )
    for (application_id, key), value in json_column(value_rows):
        if application_id in wanted:
            stored[application_id][key] = value
    records: dict[int, dict[str, list[Any]]] = {i: {} for i in ids}
    record_rows = (
        Record.objects.filter(among(ids, campaign))
        .order_by("id")
        .annotate(text=Cast("data", TextField()))
        .values_list("application_id", "key", "text")
    )
    for (application_id, key), data in json_column(record_rows):
        if application_id in wanted:
            records[application_id].setdefault(key, []).append(data)
    specs = framework.inputs()
    out = {}
    for i in ids:
        mine, lists = stored[i], records[i]
        out[i] = {
            spec.key: lists.get(spec.key, mine.get(spec.key))
            if isinstance(spec, RecordsInput)
            else mine.get(spec.key)
            for spec in specs
        }
    return out


def json_column(rows: Iterable[tuple[int, str, str | None]]) -> list[tuple[tuple[int, str], Any]]:
    """Return ((application id, key), value) of rows whose value is read as JSON text, decoding
    the whole column in one call: 400,000 values decoded one by one through Django's converters
    take seconds, one JSON array of them a fraction of that."""
    heads, texts = [], []
    for application_id, key, text in rows:
        heads.append((application_id, key))
        texts.append("null" if text is None else text)
    return list(zip(heads, json.loads("[" + ",".join(texts) + "]"), strict=True))


def decided_claims(
    framework: Framework, events: dict[int, dict[str, list[Event]]]
) -> dict[int, dict[str, Any]]:
    """Return application id → the claims of the inputs with a decision (`events`, as
    `events_of_all` gives them) as `claims_of` gives them (2 queries).

    Only the decided inputs' claims are read, so the rows read grow with the province's
    decisions, not with the values reported.
    """
    pairs = {(a, key) for a, keys in events.items() for key in keys}
    ids = sorted({a for a, _ in pairs})
    wanted = sorted({key for _, key in pairs})
    out: dict[int, dict[str, Any]] = {i: {} for i in ids}
    value_rows = InputValue.objects.filter(application_id__in=ids, key__in=wanted).values_list(
        "application_id", "key", "value"
    )
    for application_id, key, value in value_rows:
        if (application_id, key) in pairs:
            out[application_id][key] = value
    lists: dict[tuple[int, str], list[Any]] = {}
    record_rows = (
        Record.objects.filter(application_id__in=ids, key__in=wanted)
        .order_by("id")
        .values_list("application_id", "key", "data")
    )
    for application_id, key, data in record_rows:
        if (application_id, key) in pairs:
            lists.setdefault((application_id, key), []).append(data)
    records = {spec.key for spec in framework.inputs() if isinstance(spec, RecordsInput)}
    for (application_id, key), data in lists.items():
        if key in records:
            out[application_id][key] = data
    return out


MANY = 300  # more applications than this are selected by campaign, then by id in Python


def among(ids: list[int], campaign: Campaign | None) -> Q:
    """Return the filter of rows of these applications: by id, or for many ids (building a
    long IN list costs Django more than reading the campaign's few other rows) by campaign."""
    if campaign is not None and len(ids) > MANY:
        return Q(application__campaign=campaign)
    return Q(application_id__in=ids)


def events_of_all(
    ids: list[int], campaign: Campaign | None = None
) -> dict[int, dict[str, list[Event]]]:
    """Return application id → key → its decisions (2 queries); `campaign`: theirs."""
    decisions = Decision.objects.filter(among(ids, campaign)).values_list(*DECISION_FIELDS)
    reconciliations = Reconciliation.objects.filter(among(ids, campaign)).values_list(
        *RECONCILIATION_FIELDS
    )
    found = events_by_application(decisions, reconciliations)
    wanted = set(ids)
    return {i: events for i, events in found.items() if i in wanted}


@dataclass
class Held:
    """The applications the province holds: their values after the decisions, their claims and
    the decisions themselves (what decides whether a decision still applies)."""

    values: list[tuple[Application, dict[str, Any]]]
    claims: dict[int, dict[str, Any]]
    events: dict[int, dict[str, list[Event]]]


def held(campaign: Campaign, *, accepted_only: bool = False) -> Held:
    """Return the applications the province holds with their values, claims and decisions
    (five queries)."""
    applications = held_applications(campaign, accepted_only=accepted_only)
    if not applications:
        return Held([], {}, {})
    claims = claims_of(campaign.framework, applications, campaign)
    events = events_of_all([a.pk for a in applications], campaign)
    out = []
    for application in applications:
        mine = claims[application.pk]
        out.append(
            (application, apply_decisions(mine, resolve(mine, events.get(application.pk, {}))))
        )
    return Held(out, claims, events)


def current_values(
    campaign: Campaign, *, accepted_only: bool = False
) -> list[tuple[Application, dict[str, Any]]]:
    """Return every application the province holds with its values after the decisions, as
    stored (what `current_cohort` types for the core). Five queries."""
    return held(campaign, accepted_only=accepted_only).values


def current_cohort(
    campaign: Campaign, *, accepted_only: bool = False
) -> list[tuple[Application, County]]:
    """Return every application the province holds with its County after the decisions.

    Held: submitted to the province or accepted by it (accepted only, if asked). Each County
    equals `effective.adjudicated_county(application)`; the order is by city, then county name.
    Five queries, whatever the number of applications.
    """
    return [
        (application, county_from_values(application, values))
        for application, values in current_values(campaign, accepted_only=accepted_only)
    ]
