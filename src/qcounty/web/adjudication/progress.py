"""How far the province has got with each application: inputs checked, judged items settled.

A constant number of queries, as `current_cohort` does; only the decisions, the experts' scores
and the claims the province decided on are read (not every value reported), and the counting
walks the decided inputs, so the time grows with the province's work, not with the values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from qcounty.core.framework.model import Framework
from qcounty.web.accounts.models import User
from qcounty.web.adjudication.cohort import among, decided_claims, events_of_all
from qcounty.web.adjudication.effective import ACCEPTED, RECONCILED, is_current
from qcounty.web.adjudication.models import ExpertScore
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.access import applications as application_rows

Status = Application.Status
CITY = Organisation.Kind.CITY


@dataclass
class Progress:
    application: Application | None  # None when only counted (`progress_by_id`)
    inputs: int  # inputs that score (informational text is not checked)
    checked: int  # with a decision in force: accepted, corrected or reconciled
    corrected: int  # whose value in force differs from the claim
    judged: int
    scored: int  # judged inputs with at least one expert's score
    reconciled: int  # judged inputs whose latest reconciliation is newer than every score
    mine: int  # judged inputs the user (an expert) has scored
    unchecked: int = 0  # inputs not judged by experts and without a decision in force
    risk: object | None = None  # risk.Risk: its plausibility flags, when the index sorts by them

    @property
    def checked_percent(self) -> float:
        return 100.0 * self.checked / self.inputs if self.inputs else 0.0

    @property
    def data_items(self) -> int:
        """Inputs the province checks itself (数据项): the scored inputs but the judged ones,
        which the experts score and the office reconciles (专家评分项)."""
        return self.inputs - self.judged

    @property
    def verified(self) -> int:
        """Data items with a decision in force (the evaluation page counts the others)."""
        return self.data_items - self.unchecked

    @property
    def verified_percent(self) -> float:
        return 100.0 * self.verified / self.data_items if self.data_items else 0.0

    @property
    def unreconciled(self) -> int:
        """Judged inputs without a reconciliation in force: none (the county's own estimate
        counts), or one older than an expert's later score (the earlier result counts)."""
        return self.judged - self.reconciled

    @property
    def settled(self) -> bool:
        """Whether every judged input is reconciled and every other input checked."""
        return not self.unreconciled and not self.unchecked


def outdated(reconciled_at: dt.datetime, scored_at: dt.datetime | None) -> bool:
    """Whether a reconciliation is out of date: an expert scored the item after it.

    It still gives the value that counts, but no longer settles the item: the office is asked
    to reconcile again (the workspace's "请重新汇总"), and a snapshot to confirm.
    """
    return scored_at is not None and scored_at > reconciled_at


def checked_keys(framework: Framework) -> list[str]:
    return [x.key for x in framework.inputs() if not x.informational]


def listed(campaign: Campaign, *, accepted_only: bool = False) -> list[dict[str, Any]]:
    """Return a light row (id, city, county, tier, status) of every application the province
    sees in the campaign, by city then county (one query, no model objects)."""
    rows = Application.objects.filter(campaign=campaign)
    rows = (
        rows.filter(status=Status.ACCEPTED) if accepted_only else rows.exclude(status=Status.DRAFT)
    )  # the province sees an application once submitted
    columns = ("pk", "county__parent__kind", "county__parent__name", "county__name")
    out = [
        # a unit of the province itself has no city and no tier (Organisation.city_name)
        {
            "pk": pk,
            "city": (city or "") if kind == CITY else "",
            "county": county,
            "tier": tier if kind == CITY else None,
            "status": status,
        }
        for pk, kind, city, county, tier, status in rows.values_list(
            *columns, "county__parent__tier", "status"
        )
    ]
    # sorted in Python, not by the database: collations of Chinese text differ between them
    out.sort(key=lambda r: (r["city"], r["county"], r["pk"]))
    return out


def campaign_progress(
    campaign: Campaign, user: User, ids: list[int] | None = None
) -> list[Progress]:
    """Return the progress of the applications submitted to the province in the campaign
    (only those of `ids`, in that order, if given)."""
    if ids is None:
        ids = [r["pk"] for r in listed(campaign)]
    found = {a.pk: a for a in application_rows().filter(pk__in=ids, campaign=campaign)}
    rows = [found[i] for i in ids if i in found]
    for application in rows:
        application.campaign = campaign
    return progress_of(campaign, rows, user)


def progress_of(
    campaign: Campaign, rows: list[Application], user: User | None = None
) -> list[Progress]:
    """Return the progress of these applications of the campaign, in their order (5 queries)."""
    counted = progress_by_id(campaign, [a.pk for a in rows], user)
    for application in rows:
        counted[application.pk].application = application
    return [counted[a.pk] for a in rows]


def progress_by_id(
    campaign: Campaign, ids: list[int], user: User | None = None
) -> dict[int, Progress]:
    """Return application id → its progress, without the application (4 queries)."""
    if not ids:
        return {}
    framework = campaign.framework
    keys = checked_keys(framework)
    scoring = set(keys)
    judged = {x.key for x in framework.inputs() if x.judged}
    data_items = len(scoring - judged)
    events = events_of_all(ids, campaign)
    claims = decided_claims(framework, events)
    scored: dict[int, set[str]] = {}
    mine: dict[int, set[str]] = {}
    last_scored: dict[tuple[int, str], dt.datetime] = {}  # the latest score of each item
    wanted = set(ids)
    scores = ExpertScore.objects.filter(among(ids, campaign)).values_list(
        "application_id", "key", "expert_id", "created_at"
    )
    for application_id, key, expert_id, created_at in scores:
        if application_id not in wanted:
            continue
        scored.setdefault(application_id, set()).add(key)
        item = (application_id, key)
        if item not in last_scored or created_at > last_scored[item]:
            last_scored[item] = created_at
        if user is not None and expert_id == user.pk:
            mine.setdefault(application_id, set()).add(key)
    out = {}
    for pk in ids:
        mine_claims = claims.get(pk, {})
        mine_events = events.get(pk, {})
        checked = corrected = reconciled = verified = 0
        for key, happened in mine_events.items():  # an input without a decision is unchecked
            if key not in scoring:
                continue
            current = [e for e in happened if is_current(e, mine_claims, key)]
            if not current:
                continue
            checked += 1
            if key not in judged:
                verified += 1
            latest = max(current, key=lambda e: (e.at, e.order))
            if latest.source != ACCEPTED and latest.value != mine_claims.get(key):
                corrected += 1
        for key in judged & mine_events.keys():
            latest_reconciliation = max(
                (e for e in mine_events[key] if e.source == RECONCILED),
                key=lambda e: (e.at, e.order),
                default=None,
            )
            if latest_reconciliation is not None and not outdated(
                latest_reconciliation.at, last_scored.get((pk, key))
            ):
                reconciled += 1
        out[pk] = Progress(
            None,
            len(keys),
            checked,
            corrected,
            len(judged),
            len(scored.get(pk, set()) & judged),
            reconciled,
            len(mine.get(pk, set()) & judged),
            data_items - verified,
        )
    return out


def campaigns_with_applications() -> list[Campaign]:
    """Return the campaigns that have an application submitted to the province, newest first."""
    ids = (
        Application.objects.exclude(status=Status.DRAFT)
        .values_list("campaign_id", flat=True)
        .distinct()
    )
    return list(Campaign.objects.filter(pk__in=ids).defer("reference_cohort"))
