"""Every write of official figures and locks goes through these functions, and is audited.

`apply_feed` is the one way a statistical feed gets in (the web's upload now, the API later):
the whole batch is checked first and nothing is written if any row is wrong; then, under the
campaign's application row locks and the campaign's row, the figures are written in one
transaction with one `FeedBatch` (the feed's audit: who, when, the counts, every figure changed).
A feed that changes nothing (the same batch sent again) writes nothing.

Lock order, as everywhere: the applications' rows (by id), then the campaign's row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.models import InputValue
from qcounty.web.review import audit
from qcounty.web.review.models import AuditEntry
from qcounty.web.statfeed.figures import figures_of, is_feedable, locked_keys
from qcounty.web.statfeed.models import FeedBatch, LockChange, LockedInput, OfficialFigure
from qcounty.web.statfeed.plan import (  # the API calls these through actions
    MAX_ROWS,
    FeedRefused,
    Plan,
    Row,
    plan_feed,
)

__all__ = ["MAX_ROWS", "FeedRefused", "Locked", "Plan", "Row", "apply_feed", "plan_feed"]


class Locked(ValueError):
    """A value of an input locked to the official figure was refused; the message says why."""


@dataclass
class FeedResult:
    """The feed as applied: its batch (None when it changed nothing) and what it wrote."""

    plan: Plan
    batch: FeedBatch | None
    values_set: int = 0

    @property
    def repeated(self) -> bool:
        return self.batch is None


# ---------------------------------------------------------------- writing


def lock_campaign(campaign: Campaign) -> None:
    """Take every application's row of the campaign (by id), then the campaign's row."""
    list(
        Application.objects.select_for_update()
        .filter(campaign=campaign)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Campaign.objects.select_for_update().filter(pk=campaign.pk).only("pk").first()


def apply_feed(
    campaign: Campaign,
    rows: Sequence[Row],
    *,
    source: str,
    as_of: dt.date | None,
    user: User | None,  # None: a machine client acting for no user
    file_name: str = "",
    origin: str = FeedBatch.Origin.WEB,
    province: Organisation | None = None,
) -> FeedResult:
    """Check a feed whole, then write its figures in one transaction, audited in one batch.

    Raises FeedRefused (nothing written) when any row is wrong or the campaign is frozen. A feed
    that changes no figure (sent twice) writes nothing and returns no batch. The figures of an
    input locked to them become the counties' values as well (audited in each application).
    """
    plan_feed(campaign, rows, source=source, as_of=as_of, province=province)  # before locking
    with transaction.atomic():
        lock_campaign(campaign)
        frozen = freeze.frozen_message(campaign.pk)
        if frozen:
            raise FeedRefused([frozen])
        # planned again under the locks: a feed committed meanwhile is seen
        plan = plan_feed(campaign, rows, source=source, as_of=as_of, province=province)
        if not plan.changes:
            return FeedResult(plan, None)
        locked = locked_keys(campaign.pk)
        to_set = [(c.county, c.key, c.new) for c in plan.changes if c.key in locked]
        writes = _value_writes(campaign, to_set)
        batch = FeedBatch.objects.create(
            campaign=campaign,
            source=plan.source,
            as_of=plan.as_of,
            origin=origin,
            file_name=file_name[:200],
            digest=plan.digest,
            by=user,
            keys=plan.keys,
            rows=plan.rows,
            created=plan.created,
            changed=plan.changed,
            unchanged=plan.unchanged,
            values_set=len(writes),
            detail=[[c.city_name, c.county.name, c.key, c.old, c.new] for c in plan.changes],
        )
        _write_figures(plan, batch)
        reason = _("统计部门数据：%(source)s（%(date)s）") % {
            "source": plan.source,
            "date": plan.as_of.isoformat(),
        }
        for application, key, value in writes:
            _set_value(application, key, value, user, "statistical_feed", reason)
    return FeedResult(plan, batch, len(writes))


def _write_figures(plan: Plan, batch: FeedBatch) -> None:
    existing = {
        (f.county_id, f.key): f
        for f in OfficialFigure.objects.select_for_update().filter(
            campaign=plan.campaign, key__in=plan.keys
        )
    }
    new = []
    for change in plan.changes:
        figure = existing.get((change.county.pk, change.key))
        if figure is None:
            new.append(
                OfficialFigure(
                    campaign=plan.campaign,
                    county=change.county,
                    key=change.key,
                    value=change.new,
                    source=plan.source,
                    as_of=plan.as_of,
                    batch=batch,
                )
            )
            continue
        figure.value, figure.source, figure.as_of, figure.batch = (
            change.new,
            plan.source,
            plan.as_of,
            batch,
        )
        figure.save(update_fields=["value", "source", "as_of", "batch", "updated_at"])
    OfficialFigure.objects.bulk_create(new)


def _value_writes(
    campaign: Campaign, figures: list[tuple[Organisation, str, int | float]]
) -> list[tuple[Application, str, int | float]]:
    """Return (application, key, value) for each figure that differs from the county's value."""
    if not figures:
        return []
    applications = {
        a.county_id: a
        for a in Application.objects.filter(
            campaign=campaign, county_id__in={c.pk for c, _k, _v in figures}
        )
    }
    for application in applications.values():
        application.campaign = campaign  # one Campaign: its framework is read once
    keys = {k for _c, k, _v in figures}
    stored = {
        (application_id, key): value
        for application_id, key, value in InputValue.objects.filter(
            application__in=list(applications.values()), key__in=keys
        ).values_list("application_id", "key", "value")
    }
    out = []
    for county, key, value in figures:
        found = applications.get(county.pk)
        if found is None:
            continue
        if (found.pk, key) in stored and stored[found.pk, key] == value:
            continue
        out.append((found, key, value))
    return out


def _set_value(
    application: Application, key: str, value: Any, user: User | None, name: str, reason: str
) -> None:
    """Write the official figure as the application's value (its row is locked), audited."""
    row = InputValue.objects.select_for_update().filter(application=application, key=key).first()
    if row is not None and row.value == value:
        return
    old = row.value if row else None
    if row is None:
        InputValue.objects.create(application=application, key=key, value=value, updated_by=user)
    else:
        row.value, row.updated_by = value, user
        row.version += 1
        row.save()
    audit.log(
        application, user, AuditEntry.Action.VALUE, name=name, key=key, old=old, new=value,
        reason=reason,
    )  # fmt: skip


# ---------------------------------------------------------------- locks


@dataclass
class LockResult:
    key: str
    locked: bool
    values_set: int
    changed: bool  # False: it already was so (nothing written)


def lock_input(campaign: Campaign, key: str, user: User) -> LockResult:
    """Lock an input of the campaign to its official figures: each county's figure becomes its
    value (audited in its application), and the form refuses any other."""
    spec = campaign.framework.input_or_none(key)
    if not is_feedable(spec):
        raise Locked(_("该字段不是数值字段，不能锁定为统计部门数据。"))
    with transaction.atomic():
        lock_campaign(campaign)
        frozen = freeze.frozen_message(campaign.pk)
        if frozen:
            raise Locked(frozen)
        figures = list(
            OfficialFigure.objects.filter(campaign=campaign, key=key).select_related(
                "county__parent"
            )
        )
        if not figures:
            raise Locked(_("该字段还没有统计部门数据，不能锁定。"))
        if LockedInput.objects.filter(campaign=campaign, key=key).exists():
            return LockResult(key, True, 0, False)
        writes = _value_writes(campaign, [(f.county, f.key, f.value) for f in figures])
        LockedInput.objects.create(campaign=campaign, key=key, by=user)
        LockChange.objects.create(
            campaign=campaign, key=key, locked=True, by=user, values_set=len(writes)
        )
        by_county = {f.county_id: f for f in figures}
        for application, k, value in writes:
            f = by_county[application.county_id]
            reason = _("锁定为统计部门数据：%(source)s（%(date)s）") % {
                "source": f.source,
                "date": f.as_of.isoformat(),
            }
            _set_value(application, k, value, user, "lock_official", reason)
    return LockResult(key, True, len(writes), True)


def unlock_input(campaign: Campaign, key: str, user: User) -> LockResult:
    """Unlock an input: the counties may change its value again (the values stay as they are)."""
    with transaction.atomic():
        lock_campaign(campaign)
        frozen = freeze.frozen_message(campaign.pk)
        if frozen:
            raise Locked(frozen)
        deleted, _rows = LockedInput.objects.filter(campaign=campaign, key=key).delete()
        if not deleted:
            return LockResult(key, False, 0, False)
        LockChange.objects.create(campaign=campaign, key=key, locked=False, by=user)
    return LockResult(key, False, 0, True)


def require_unlocked(application: Application, key: str, value: Any) -> None:
    """Refuse (Locked) a value other than the official figure of a locked input.

    Called under the application's row lock: a lock committed meanwhile is seen.
    """
    figure = figures_of(application).get(key)  # one query
    if figure is None or not figure.locked or figure.value == value:
        return  # no figure for this county: the input stays the county's
    raise Locked(
        _(
            "该字段已由省级锁定为统计部门数据（%(value)s，%(source)s，%(date)s），"
            "不能填报其他数值；如有异议请联系省级。"
        )
        % {"value": figure.shown, "source": figure.source, "date": figure.as_of.isoformat()}
    )


def apply_locks(application: Application, user: User | None = None) -> int:
    """Write the official figures of the campaign's locked inputs into a newly opened application;
    return how many values were set."""
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()
        # holds the campaign's row (SHARE): a lock being written is waited for, then seen
        if freeze.frozen_problem(application):
            return 0
        locked = locked_keys(application.campaign_id)
        if not locked:
            return 0
        figures = OfficialFigure.objects.filter(
            campaign_id=application.campaign_id, county_id=application.county_id, key__in=locked
        )
        n = 0
        for f in figures:
            reason = _("锁定为统计部门数据：%(source)s（%(date)s）") % {
                "source": f.source,
                "date": f.as_of.isoformat(),
            }
            before = InputValue.objects.filter(application=application, key=f.key).first()
            if before is not None and before.value == f.value:
                continue
            _set_value(application, f.key, f.value, user, "lock_official", reason)
            n += 1
    return n
