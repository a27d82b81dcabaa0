"""The province's decisions: accept or correct a claimed value, score and reconcile judged items.

Every write is a new row (nothing is edited in place), checked and written in one transaction
with the application locked; a refused decision raises `Refused` (Chinese) or `NotAllowed` (a
role that may not decide) and writes nothing.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.core.cohort import check_value
from qcounty.core.framework.inputs import (
    CountInput,
    Input,
    NumberInput,
    PercentInput,
    RecordsInput,
)
from qcounty.web.accounts.models import User
from qcounty.web.adjudication import access
from qcounty.web.adjudication.effective import (
    ACCEPTED,
    CORRECTED,
    RECONCILED,
    Event,
    adjudicated_values,
    events_of,
    is_current,
)
from qcounty.web.adjudication.models import Decision, ExpertScore, Reconciliation
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.reporting import access as reporting_access
from qcounty.web.reporting.fields import plain
from qcounty.web.reporting.scoring import values_of
from qcounty.web.review import audit, notify
from qcounty.web.review.board import readable
from qcounty.web.review.models import AuditEntry, Notification
from qcounty.web.words import words_of

MEAN_TYPES = (NumberInput, PercentInput, CountInput)
MAX_REASON = 2000


class Refused(Exception):
    """The decision is not possible; the message (Chinese) says why."""


class NotAllowed(Exception):
    """The user's role may not take this decision (a forged request): 403."""


# ---------------------------------------------------------------- checks


def spec_of(application: Application, key: str) -> Input:
    """Return the input a decision is about, or refuse an unknown or unscored one."""
    spec = application.campaign.framework.input_or_none(key)
    if spec is None:
        raise Refused(_("没有这一字段：{key}").format(key=key))
    if spec.informational:
        raise Refused(_("“{label}”为说明性内容，不计分，无需核实").format(label=spec.label))
    return spec


def judged_spec(application: Application, key: str) -> Input:
    """Return a judged input (settled by experts), or refuse any other key."""
    spec = spec_of(application, key)
    if not spec.judged:
        raise Refused(_("“{label}”不是需要专家评判的项目").format(label=spec.label))
    return spec


def _locked(application: Application) -> Application:
    """Lock the application and refuse a decision while it is not the province's.

    The campaign's row is locked too, as publishing the final list locks it: a decision either
    commits before the final list is numbered, or waits and then sees it published.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    Campaign.objects.select_for_update().filter(pk=locked.campaign_id).only("pk").first()
    if locked.status not in access.OPEN:
        raise Refused(
            _("申报当前状态为“{status}”，不能核实或评分").format(status=locked.get_status_display())
        )
    if not access.open_for_decisions(locked):
        raise Refused(_("本周期的认定名单已经公布，不能再核实或评分"))
    return locked


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused(message)
    if len(reason) > MAX_REASON:
        raise Refused(_("理由不能超过 {n} 个字").format(n=MAX_REASON))
    return reason


def _checked(spec: Input, value: Any) -> Any:
    if value is None:
        raise Refused(_("请填写更正后的值"))
    try:
        return plain(check_value(spec, value))
    except ValueError as e:
        raise Refused(_("“{label}”{problem}").format(label=spec.label, problem=e)) from None


def _require(user: User, allowed: bool, application: Application) -> None:
    if not allowed or not reporting_access.can_view(user, application):
        raise NotAllowed


# ---------------------------------------------------------------- accept, correct


def accept_value(application: Application, key: str, user: User) -> Decision:
    """Record that the claimed value of an input is right (核实无误)."""
    _require(user, access.can_decide(user), application)
    spec = spec_of(application, key)
    with transaction.atomic():
        application = _locked(application)
        claimed = values_of(application)[spec.key]
        latest = _in_force(application, spec.key)
        if latest is not None and latest.source == ACCEPTED:
            return Decision.objects.get(pk=latest.order[1])  # accepted already: a double click
        decision = Decision.objects.create(
            application=application,
            key=spec.key,
            kind=Decision.Kind.ACCEPTED,
            claimed=claimed,
            value=claimed,
            decided_by=user,
        )
        audit.log(
            application,
            user,
            AuditEntry.Action.VALUE,
            name="accept_value",
            key=spec.key,
            old=claimed,
            new=claimed,
        )
    return decision


def correct_value(
    application: Application, key: str, value: Any, reason: str, user: User
) -> Decision:
    """Replace the claimed value of an input by the checked one; a reason is required."""
    _require(user, access.can_decide(user), application)
    spec = spec_of(application, key)
    here = words_of(application.campaign).here
    reason = _reason(reason, _("更正必须填写理由（{here}会看到），未保存").format(here=here))
    value = _checked(spec, value)
    with transaction.atomic():
        application = _locked(application)
        claimed = values_of(application)[spec.key]
        if _same(claimed, value):
            raise Refused(_("更正值与申报值相同；如申报值无误，请选择“核实无误”"))
        latest = _in_force(application, spec.key)
        if latest is not None and latest.source == CORRECTED and _same(latest.value, value):
            previous = Decision.objects.get(pk=latest.order[1])
            if previous.reason == reason:
                return previous  # the same correction sent twice (a double click)
        decision = Decision.objects.create(
            application=application,
            key=spec.key,
            kind=Decision.Kind.CORRECTED,
            claimed=claimed,
            value=value,
            reason=reason,
            decided_by=user,
        )
        name = "correct_records" if isinstance(spec, RecordsInput) else "correct_value"
        audit.log(
            application,
            user,
            AuditEntry.Action.VALUE,
            name=name,
            key=spec.key,
            old=claimed,
            new=value,
            reason=reason,
        )
        text = _(
            "省级核实更正了{county}{year}年申报的“{label}”：{old} → {new}。理由：{reason}"
        ).format(
            county=application.county.name,
            year=application.campaign.evaluation_year,
            label=spec.label,
            old=readable(spec, claimed) or _("未填报"),
            new=readable(spec, value),
            reason=reason,
        )
        transaction.on_commit(lambda: _tell_county(application, text, key=spec.key))
    return decision


def correct_records(
    application: Application,
    key: str,
    records: list[dict[str, Any]],
    reason: str,
    user: User,
) -> Decision:
    """Replace a claimed record list by the records that count (some left out or changed)."""
    spec = spec_of(application, key)
    if not isinstance(spec, RecordsInput):
        raise Refused(_("“{label}”不是记录列表").format(label=spec.label))
    return correct_value(application, key, records, reason, user)


def _same(a: Any, b: Any) -> bool:
    return bool(a == b)


def _in_force(application: Application, key: str) -> Event | None:
    """Return the input's latest decision that still applies (read under the lock)."""
    claims = values_of(application)
    current = [e for e in events_of(application).get(key, []) if is_current(e, claims, key)]
    return max(current, key=lambda e: (e.at, e.order), default=None)


# ---------------------------------------------------------------- expert scores


def score_judged(
    application: Application, key: str, value: Any, comment: str, expert: User
) -> ExpertScore:
    """Record an expert's score of a judged input (a new row: the latest per expert counts)."""
    _require(expert, access.can_score(expert), application)
    spec = judged_spec(application, key)
    if value is None:
        raise Refused(_("请填写评分"))
    value = _checked(spec, value)
    comment = (comment or "").strip()
    if len(comment) > MAX_REASON:
        raise Refused(_("评语不能超过 {n} 个字").format(n=MAX_REASON))
    with transaction.atomic():
        application = _locked(application)
        mine = ExpertScore.objects.filter(application=application, key=spec.key, expert=expert)
        latest = mine.order_by("-pk").first()
        if latest is not None and _same(latest.value, value) and latest.comment == comment:
            return latest  # the same score sent twice (a double click)
        return ExpertScore.objects.create(
            application=application, key=spec.key, expert=expert, value=value, comment=comment
        )


def latest_scores(application: Application, key: str) -> list[ExpertScore]:
    """Return each expert's latest score of an input, in the order the experts first scored."""
    latest: dict[int, ExpertScore] = {}
    first: dict[int, int] = {}
    rows = ExpertScore.objects.filter(application=application, key=key).select_related("expert")
    for row in sorted(rows, key=lambda r: r.pk):
        first.setdefault(row.expert_id, row.pk)
        latest[row.expert_id] = row
    return sorted(latest.values(), key=lambda r: first[r.expert_id])


def majority(values: list[Any]) -> Any:
    """Return the value most experts gave, or None when there is no single such value."""
    counts = Counter(_hashable(v) for v in values)
    if not counts:
        return None
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    winner = ranked[0][0]
    return next(v for v in values if _hashable(v) == winner)


def _hashable(value: Any) -> Any:
    return repr(value) if isinstance(value, list | dict) else value


def can_mean(spec: Input) -> bool:
    return isinstance(spec, MEAN_TYPES)


def reconcile(
    application: Application,
    key: str,
    method: str,
    user: User,
    *,
    chosen: Any = None,
    note: str = "",
) -> Reconciliation:
    """Settle a judged input from the experts' latest scores: their mean, or a chosen one."""
    _require(user, access.can_decide(user), application)
    spec = judged_spec(application, key)
    note = (note or "").strip()
    if len(note) > MAX_REASON:
        raise Refused(_("说明不能超过 {n} 个字").format(n=MAX_REASON))
    with transaction.atomic():
        application = _locked(application)
        scores = latest_scores(application, spec.key)
        if not scores:
            raise Refused(_("还没有专家对该项评分，不能汇总"))
        values = [s.value for s in scores]
        if method == Reconciliation.Method.MEAN:
            if not can_mean(spec):
                raise Refused(_("“{label}”不是数值，不能取平均值").format(label=spec.label))
            value = _checked(spec, statistics.fmean(values))
        elif method == Reconciliation.Method.CHOSEN:
            if chosen is None:
                raise Refused(_("请选定一个专家评分"))
            if not any(_same(chosen, v) for v in values):
                raise Refused(_("选定值必须是某位专家给出的评分"))
            value = _checked(spec, chosen)
        else:
            raise Refused(_("未知的汇总方式"))
        said = [_said(s) for s in scores]
        latest = _in_force(application, spec.key)
        if latest is not None and latest.source == RECONCILED and _same(latest.value, value):
            previous = Reconciliation.objects.get(pk=latest.order[1])
            if (previous.method, previous.note, previous.scores) == (method, note, said):
                return previous  # the same reconciliation sent twice (a double click)
        before = adjudicated_values(application)[spec.key]
        reconciliation = Reconciliation.objects.create(
            application=application,
            key=spec.key,
            method=method,
            value=value,
            scores=said,
            note=note,
            decided_by=user,
        )
        method_label = Reconciliation.Method(method).label
        audit.log(
            application,
            user,
            AuditEntry.Action.VALUE,
            name="reconcile_scores",
            key=spec.key,
            old=before,
            new=value,
            reason=(
                _("{method}（{n} 位专家）：{note}") if note else _("{method}（{n} 位专家）")
            ).format(method=method_label, n=len(scores), note=note),
        )
        text = _("省级专家评审认定了{county}{year}年申报的“{label}”：{value}（{method}）").format(
            county=application.county.name,
            year=application.campaign.evaluation_year,
            label=spec.label,
            value=readable(spec, value),
            method=method_label,
        )
        transaction.on_commit(lambda: _tell_county(application, text))
    return reconciliation


def _said(score: ExpertScore) -> dict[str, Any]:
    """Return who said what, as the reconciliation keeps it."""
    return {
        "expert_id": score.expert_id,
        "expert": str(score.expert),
        "value": score.value,
        "comment": score.comment,
        "at": timezone.localtime(score.created_at).isoformat(timespec="seconds"),
    }


# ---------------------------------------------------------------- the county hears of it


def _tell_county(application: Application, text: str, key: str = "") -> None:
    """Notify the county office and, for a changed value, the clerks of the departments whose
    section holds it; the office's link opens the page listing the province's decisions."""
    notify.send(
        notify.office(application),
        application,
        Notification.Kind.ADJUDICATED,
        text,
        link=reverse("adjudication:county_view", args=[application.pk]),
    )
    if key:
        _tell_departments(application, key, text)


def _tell_departments(application: Application, key: str, text: str) -> None:
    """Notify the clerks who reported the input; the link opens its indicator on their form."""
    from qcounty.web.review.sections import owned_inputs, sections_of_key

    clerks = [c for s in sections_of_key(application, key) for c in notify.clerks(s)]
    if not clerks:
        return
    owner = next(o for o in owned_inputs(application.campaign.framework) if o.spec.key == key)
    link = reverse("reporting:application", args=[application.pk])
    if owner.indicator:
        link += f"?indicator={owner.indicator}#indicator-{owner.indicator}"
    notify.send(clerks, application, Notification.Kind.ADJUDICATED, text, link=link)
