"""One input's row: the claim, the decisions in force, its records and the experts' scores."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from qcounty.core.framework.inputs import Input, RecordsInput
from qcounty.web.accounts.models import User
from qcounty.web.adjudication.actions import can_mean, majority
from qcounty.web.adjudication.effective import (
    ACCEPTED,
    CORRECTED,
    RECONCILED,
)
from qcounty.web.adjudication.models import Decision, ExpertScore, Reconciliation
from qcounty.web.adjudication.progress import outdated
from qcounty.web.adjudication.workspace.loading import _load, _Loaded
from qcounty.web.adjudication.workspace.rows import InputRow, Judged, RecordRow, Spread, _shown
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting import layout
from qcounty.web.reporting.fields import window_warning
from qcounty.web.review.board import readable


def _row(
    application: Application,
    user: User,
    spec: Input,
    loaded: _Loaded,
    state: dict[str, Any],
) -> InputRow:
    key = spec.key
    claimed = loaded.claims.get(key)
    value = loaded.values.get(key)
    decisions = loaded.decisions.get(key, [])
    reconciliations = loaded.reconciliations.get(key, [])
    stale = [d for d in decisions if d.claimed != claimed]
    history: list[Decision | Reconciliation] = sorted(
        [*decisions, *reconciliations], key=_when, reverse=True
    )
    latest = in_force(claimed, decisions, reconciliations)
    state_ = "unchecked"
    if isinstance(latest, Reconciliation):
        state_ = RECONCILED
    elif latest is not None:
        state_ = CORRECTED if latest.kind == Decision.Kind.CORRECTED else ACCEPTED
    for h in history:
        h.text = _shown(spec, h.value)  # type: ignore[union-attr]
    mine = state if state.get("key") == key else {}
    form = layout.Field(
        spec,
        None if isinstance(spec, RecordsInput) else value,
        editable=True,
        error=mine.get("error", "") if "typed" in mine else "",
        typed=mine.get("typed", {}),
    )
    row = InputRow(
        spec,
        claimed,
        value,
        state_,
        latest,
        stale,
        history,
        form,
        error=mine.get("error", ""),
        notice=mine.get("notice", ""),
        reason=mine.get("reason", ""),
    )
    if isinstance(spec, RecordsInput):
        row.records = _records(application, spec, value, claimed)
        row.claimed_records = _records(application, spec, claimed, value)
    if spec.judged:
        row.judged = _judged(application, user, spec, loaded, reconciliations, mine)
    return row


def in_force(
    claimed: Any, decisions: list[Decision], reconciliations: list[Reconciliation]
) -> Decision | Reconciliation | None:
    """Return the decision in force on an input (as `effective.resolve` reads them)."""
    current: list[Decision | Reconciliation] = [d for d in decisions if d.claimed == claimed]
    return max([*current, *reconciliations], key=_when, default=None)


def decisions_in_force(application: Application) -> dict[str, Decision | Reconciliation]:
    """Return key → the decision in force, for every input the province decided on."""
    loaded = _load(application, None)
    out = {}
    for key in {*loaded.decisions, *loaded.reconciliations}:
        latest = in_force(
            loaded.claims.get(key),
            loaded.decisions.get(key, []),
            loaded.reconciliations.get(key, []),
        )
        if latest is not None:
            out[key] = latest
    return out


def _when(item: Decision | Reconciliation) -> tuple[dt.datetime, int, int]:
    return (item.decided_at, 1 if isinstance(item, Decision) else 0, item.pk)


def _records(
    application: Application, spec: RecordsInput, shown: Any, other: Any
) -> list[RecordRow]:
    """Return the rows of a record list; `in_other` tells whether the other list has each."""
    framework = application.campaign.framework
    year = application.campaign.evaluation_year
    other_list = other if isinstance(other, list) else []
    rows = []
    for n, data in enumerate(shown if isinstance(shown, list) else []):
        rows.append(
            RecordRow(
                n,
                data,
                [_cell(spec, f.key, data.get(f.key)) for f in spec.fields],
                window_warning(framework, spec, data, year),
                data in other_list,
            )
        )
    return rows


def _cell(spec: RecordsInput, key: str, value: Any) -> str:
    f = spec.field(key)
    if value is None or value == "":
        return "—"
    if f is not None and f.type == "choice":
        return next((o.label for o in f.options if o.id == value), str(value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def _judged(
    application: Application,
    user: User,
    spec: Input,
    loaded: _Loaded,
    reconciliations: list[Reconciliation],
    state: dict[str, Any],
) -> Judged:
    rows = sorted(loaded.scores.get(spec.key, []), key=lambda s: s.pk)
    latest: dict[int, ExpertScore] = {}
    for s in rows:
        latest[s.expert_id] = s
    scores = sorted(latest.values(), key=lambda s: s.pk)
    values = [s.value for s in scores]
    winner = majority(values)
    reconciliation = max(reconciliations, key=lambda r: (r.decided_at, r.pk), default=None)
    out_of_date = reconciliation is not None and outdated(
        reconciliation.decided_at, max((s.created_at for s in scores), default=None)
    )
    for s in scores:
        s.text = readable(spec, s.value)  # type: ignore[attr-defined]
        s.is_majority = values.count(s.value) > 1 and s.value == winner  # type: ignore[attr-defined]
    if reconciliation is not None:
        reconciliation.text = readable(spec, reconciliation.value)  # type: ignore[attr-defined]
        for said in reconciliation.scores:
            said["text"] = readable(spec, said.get("value"))
    mine = latest.get(user.pk)
    if mine is not None:
        mine.text = readable(spec, mine.value)  # type: ignore[attr-defined]
    form = layout.Field(
        spec,
        state.get("typed_score", mine.value if mine else None),
        editable=True,
        error=state.get("error", "") if "typed_score" in state else "",
        typed={"value": state.get("typed_score", "")},
    )
    return Judged(
        scores,
        _spread(spec, values),
        winner,
        "" if winner is None else readable(spec, winner),
        can_mean(spec),
        reconciliation,
        out_of_date,
        mine,
        form,
    )


def _spread(spec: Input, values: list[Any]) -> Spread:
    if not values:
        return Spread(0)
    if can_mean(spec):
        numbers = [float(v) for v in values]
        return Spread(
            len(numbers),
            min(numbers),
            max(numbers),
            statistics.fmean(numbers),
            statistics.pstdev(numbers) if len(numbers) > 1 else 0.0,
        )
    tally: dict[str, int] = {}
    for v in values:
        label = readable(spec, v)
        tally[label] = tally.get(label, 0) + 1
    return Spread(len(values), tally=sorted(tally.items(), key=lambda t: -t[1]))


def posted_records(spec: RecordsInput, count: int, post: QueryDict) -> list[QueryDict]:
    """Return the posted forms of the kept records (names `r<n>.<field>`, `r<n>.keep`)."""
    out = []
    for n in range(count):
        if post.get(f"r{n}.keep") != "on":
            continue
        one = QueryDict(mutable=True)
        for f in spec.fields:
            one[f.key] = post.get(f"r{n}.{f.key}", "")
        out.append(one)
    return out
