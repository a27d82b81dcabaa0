"""The province's workspace as plain data for templates: claims, decisions, scores, points.

Indicators are grouped as the framework groups them (gates first); each shows its inputs with
the county's claim and the value that counts, the rule text, the points the core estimates for
the claim and for the adjudicated values, the evidence, and for judged inputs the experts'
scores. Nothing here computes a point: the core does (`estimates.estimate`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Collection
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from qcounty.core.framework.inputs import Input, RecordsInput
from qcounty.core.framework.model import Indicator
from qcounty.core.results import IndicatorResult
from qcounty.web.accounts.models import User
from qcounty.web.adjudication import access
from qcounty.web.adjudication.actions import can_mean, majority
from qcounty.web.adjudication.effective import (
    ACCEPTED,
    CORRECTED,
    RECONCILED,
    apply_decisions,
    events_of,
    resolve,
)
from qcounty.web.adjudication.estimates import Estimate, estimate_both
from qcounty.web.adjudication.models import Decision, ExpertScore, Reconciliation
from qcounty.web.adjudication.progress import outdated
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting import layout
from qcounty.web.reporting.fields import window_warning
from qcounty.web.reporting.scoring import values_of
from qcounty.web.review.board import readable

PREVIEW_KINDS = {Evidence.Kind.PDF: "pdf", Evidence.Kind.PNG: "image", Evidence.Kind.JPEG: "image"}


# ---------------------------------------------------------------- the state of one input


@dataclass
class RecordRow:
    index: int
    data: dict[str, Any]
    cells: list[str]
    warning: str
    in_other: bool  # the other list (claimed or counted) has this record as it stands


@dataclass
class Spread:
    """How far the experts' latest scores of a judged input lie apart."""

    count: int
    low: Any = None
    high: Any = None
    mean: float | None = None
    stdev: float | None = None
    tally: list[tuple[str, int]] = dataclass_field(default_factory=list)  # label → experts

    def text(self, name: str) -> str:
        x = getattr(self, name)
        return "" if x is None else f"{x:.4f}".rstrip("0").rstrip(".")

    @property
    def low_text(self) -> str:
        return self.text("low")

    @property
    def high_text(self) -> str:
        return self.text("high")

    @property
    def mean_text(self) -> str:
        return self.text("mean")

    @property
    def stdev_text(self) -> str:
        return self.text("stdev")


@dataclass
class Judged:
    scores: list[ExpertScore]  # each expert's latest score (an expert sees only their own)
    spread: Spread
    majority: Any
    majority_text: str
    mean_allowed: bool
    reconciliation: Reconciliation | None
    outdated: bool  # an expert scored again after the reconciliation
    mine: ExpertScore | None
    form: layout.Field  # the expert's scoring form, filled with their latest score


@dataclass
class InputRow:
    spec: Input
    claimed: Any
    value: Any  # what counts now
    state: str  # unchecked, accepted, corrected, reconciled
    latest: Decision | Reconciliation | None  # the decision in force
    stale: list[Decision]  # decisions about a claim the county has since changed
    history: list[Decision | Reconciliation]  # every decision on the input, newest first
    form: layout.Field  # the correction form, filled with the value that counts
    records: list[RecordRow] = dataclass_field(default_factory=list)  # the records that count
    claimed_records: list[RecordRow] = dataclass_field(default_factory=list)
    judged: Judged | None = None
    error: str = ""
    notice: str = ""
    reason: str = ""  # the reason typed, shown again after a refusal

    @property
    def state_label(self) -> str:
        return {
            "unchecked": _("待核实"),
            ACCEPTED: _("核实无误"),
            CORRECTED: _("已更正"),
            RECONCILED: _("专家评审认定"),
        }[self.state]

    @property
    def is_records(self) -> bool:
        return isinstance(self.spec, RecordsInput)

    @property
    def claimed_text(self) -> str:
        return _shown(self.spec, self.claimed)

    @property
    def value_text(self) -> str:
        return _shown(self.spec, self.value)

    @property
    def changed(self) -> bool:
        return bool(self.value != self.claimed)

    @property
    def anchor(self) -> str:
        return "input-" + self.spec.key.replace(".", "-").replace("_", "-")


def _shown(spec: Input, value: Any) -> str:
    if value is None:
        return _("未填报")
    if isinstance(spec, RecordsInput):
        return _("无") if value == [] else _("{n} 条").format(n=len(value))
    return readable(spec, value)


@dataclass
class CriterionRow:
    id: str
    standard: str
    max: float
    claimed: float
    adjudicated: float


@dataclass
class IndicatorBlock:
    number: int  # 0: the gates
    name: str
    points: float
    tiered: bool
    preamble: str
    criteria: list[CriterionRow]
    standards: list[str]  # the gates' statements (indicator 0)
    claimed_points: float | None
    adjudicated_points: float | None
    rows: list[InputRow]
    evidence: list[Evidence]

    @property
    def changed(self) -> bool:
        return self.claimed_points != self.adjudicated_points


@dataclass
class Group:
    name: str
    points: float
    blocks: list[IndicatorBlock]


@dataclass
class Section:
    name: str
    points: float
    groups: list[Group]


@dataclass
class Workspace:
    application: Application
    gates: IndicatorBlock | None
    sections: list[Section]
    changed: set[int]  # the indicators whose points the decisions changed (the whole framework)
    estimate: Estimate
    can_decide: bool
    can_score: bool
    open: bool  # the application still takes decisions


# ---------------------------------------------------------------- building it


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


def workspace(
    application: Application,
    user: User,
    *,
    only: int | None = None,
    among: Collection[int] | None = None,
    **state: Any,
) -> Workspace:
    """Return the workspace of an application: every block, only one indicator's (`only`), or
    the gates and the blocks of the indicators `among` (a group the page shows)."""
    loaded = _load(application, user)
    framework = application.campaign.framework
    estimated = estimate_both(application, loaded.claims, loaded.values)
    claimed, adjudicated = estimated.claimed, estimated.adjudicated
    results = (
        {r.number: r for r in claimed.indicators},
        {r.number: r for r in adjudicated.indicators},
    )
    gates = None
    if framework.gates and (only is None or only == 0):
        inputs = [x for g in framework.gates for x in g.inputs]
        gates = IndicatorBlock(
            0,
            _("前置指标与一票否决项"),
            0.0,
            False,
            "",
            [],
            [f"{g.name}：{g.statement} {g.standard}" for g in framework.gates],
            None,
            None,
            [_row(application, user, x, loaded, state) for x in inputs],
            [e for e in loaded.evidence if e.indicator == 0],
        )
    sections = []
    for first in framework.first_level:
        groups = []
        for second in first.second_level:
            blocks = [
                _block(application, user, indicator, loaded, results, state)
                for indicator in second.indicators
                if (only is None or indicator.number == only)
                and (among is None or indicator.number in among)
            ]
            if blocks:
                groups.append(Group(second.name, second.points, blocks))
        if groups:
            sections.append(Section(first.name, first.points, groups))
    return Workspace(
        application,
        gates,
        sections,
        {n for n, r in results[0].items() if r.points != _points(results[1].get(n))},
        estimated,
        access.can_decide(user),
        access.can_score(user),
        access.open_for_decisions(application),
    )


def _points(result: IndicatorResult | None) -> float | None:
    return result.points if result else None


def block_of(workspace_: Workspace) -> IndicatorBlock:
    """Return the one block of a workspace built with `only`."""
    if workspace_.gates is not None:
        return workspace_.gates
    return workspace_.sections[0].groups[0].blocks[0]


def _block(
    application: Application,
    user: User,
    indicator: Indicator,
    loaded: _Loaded,
    results: tuple[dict[int, IndicatorResult], dict[int, IndicatorResult]],
    state: dict[str, Any],
) -> IndicatorBlock:
    claimed, adjudicated = results[0].get(indicator.number), results[1].get(indicator.number)
    criteria = []
    for n, c in enumerate(indicator.criteria):
        criteria.append(
            CriterionRow(
                c.id,
                c.standard,
                c.points,
                claimed.criteria[n].points if claimed else 0.0,
                adjudicated.criteria[n].points if adjudicated else 0.0,
            )
        )
    return IndicatorBlock(
        indicator.number,
        indicator.name,
        indicator.points,
        indicator.tiered,
        indicator.preamble or "",
        criteria,
        [],
        claimed.points if claimed else None,
        adjudicated.points if adjudicated else None,
        [
            _row(application, user, x, loaded, state)
            for x in indicator.inputs
            if not x.informational or loaded.claims.get(x.key) not in (None, "")
        ],
        [e for e in loaded.evidence if e.indicator == indicator.number],
    )


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


# ---------------------------------------------------------------- reading a record list form


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
