"""How far the province has got with each application: inputs checked, judged items settled.

One pass over the campaign's rows (a constant number of queries), as `current_cohort` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qcounty.core.framework.model import Framework
from qcounty.web.accounts.models import User
from qcounty.web.adjudication.cohort import claims_of, events_of_all, held_applications
from qcounty.web.adjudication.effective import ACCEPTED, RECONCILED, is_current
from qcounty.web.adjudication.models import ExpertScore
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.reporting.access import applications as application_rows

Status = Application.Status


@dataclass
class Progress:
    application: Application
    inputs: int  # inputs that score (informational text is not checked)
    checked: int  # with a decision in force: accepted, corrected or reconciled
    corrected: int  # whose value in force differs from the claim
    judged: int
    scored: int  # judged inputs with at least one expert's score
    reconciled: int  # judged inputs whose latest reconciliation is newer than every score
    mine: int  # judged inputs the user (an expert) has scored
    unchecked: int = 0  # inputs not judged by experts and without a decision in force

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


def campaign_progress(campaign: Campaign, user: User) -> list[Progress]:
    """Return the progress of every application submitted to the province in the campaign."""
    rows = list(
        application_rows()
        .filter(campaign=campaign)
        .exclude(status=Status.DRAFT)  # the province sees an application once submitted
    )
    for application in rows:
        application.campaign = campaign
    rows.sort(key=lambda a: (a.county.parent.name if a.county.parent else "", a.county.name))
    return progress_of(campaign, rows, user)


def accepted_progress(campaign: Campaign) -> list[Progress]:
    """Return the progress of the applications the province has accepted (what a snapshot
    freezes), in the snapshot's order: by city, then county."""
    return progress_of(campaign, held_applications(campaign, accepted_only=True))


def progress_of(
    campaign: Campaign, rows: list[Application], user: User | None = None
) -> list[Progress]:
    """Return the progress of these applications of the campaign, in their order (5 queries)."""
    if not rows:
        return []
    framework = campaign.framework
    keys = checked_keys(framework)
    judged = {x.key for x in framework.inputs() if x.judged}
    claims = claims_of(framework, rows)
    events = events_of_all(rows)
    scored: dict[int, set[str]] = {}
    mine: dict[int, set[str]] = {}
    last_scored: dict[tuple[int, str], dt.datetime] = {}  # the latest score of each item
    scores = ExpertScore.objects.filter(application__in=[a.pk for a in rows]).values_list(
        "application_id", "key", "expert_id", "created_at"
    )
    for application_id, key, expert_id, created_at in scores:
        scored.setdefault(application_id, set()).add(key)
        item = (application_id, key)
        if item not in last_scored or created_at > last_scored[item]:
            last_scored[item] = created_at
        if user is not None and expert_id == user.pk:
            mine.setdefault(application_id, set()).add(key)
    out = []
    for application in rows:
        mine_claims = claims[application.pk]
        mine_events = events.get(application.pk, {})
        checked = corrected = reconciled = unchecked = 0
        for key in keys:
            current = [e for e in mine_events.get(key, []) if is_current(e, mine_claims, key)]
            if not current:
                if key not in judged:
                    unchecked += 1
                continue
            checked += 1
            latest = max(current, key=lambda e: (e.at, e.order))
            if latest.source != ACCEPTED and latest.value != mine_claims.get(key):
                corrected += 1
        for key in judged:
            latest_reconciliation = max(
                (e for e in mine_events.get(key, []) if e.source == RECONCILED),
                key=lambda e: (e.at, e.order),
                default=None,
            )
            if latest_reconciliation is not None and not outdated(
                latest_reconciliation.at, last_scored.get((application.pk, key))
            ):
                reconciled += 1
        out.append(
            Progress(
                application,
                len(keys),
                checked,
                corrected,
                len(judged),
                len(scored.get(application.pk, set()) & judged),
                reconciled,
                len(mine.get(application.pk, set()) & judged),
                unchecked,
            )
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
