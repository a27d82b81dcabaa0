"""What the workspace shows, as plain data: input rows, records, experts' spreads, blocks and groups."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.utils.translation import gettext as _

from qcounty.core.framework.inputs import Input, RecordsInput
from qcounty.web.adjudication.effective import (
    ACCEPTED,
    CORRECTED,
    RECONCILED,
)
from qcounty.web.adjudication.estimates import Estimate
from qcounty.web.adjudication.models import Decision, ExpertScore, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting import layout
from qcounty.web.review.board import readable


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
    flags: list[Any] = dataclass_field(default_factory=list)  # flagged.Shown about this input
    flagged_records: set[int] = dataclass_field(default_factory=set)  # 1-based, named by a flag

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
