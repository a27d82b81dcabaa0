"""The flags as the province's workspace shows them (issue 17).

Each flag links to its claim and is also shown beside it (`attach`); it carries the county's
explanation, the decision that settled it (已处理: who, when, what), and for a cross-county
duplicate the rows of every county involved side by side, with links. Only the province opens
the workspace: nothing here is shown to a county.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from qcounty.core.messages import DEFAULT_WORDS
from qcounty.core.plausibility import Flag
from qcounty.core.plausibility.sides import same_claim_places
from qcounty.web.accounts.models import User
from qcounty.web.adjudication.cohort import HELD, claims_of, events_of_all
from qcounty.web.adjudication.effective import (
    ACCEPTED,
    CORRECTED,
    RECONCILED,
    Event,
    apply_decisions,
    resolve,
)
from qcounty.web.adjudication.risk import State, application_state, cohort_state, input_of
from qcounty.web.adjudication.workspace import Workspace
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting import selfcheck
from qcounty.web.reporting.access import applications as application_rows
from qcounty.web.reporting.access import indicator_of_key
from qcounty.web.reporting.models import FlagNote
from qcounty.web.review.board import field_label, readable

ACROSS_KINDS = ("same_claim", "same_text", "same_evidence")
SIDES = 10  # other counties shown side by side with this one (and named); the rest are counted


@dataclass
class Settled:
    """The decision that settled a flag: who took it, when, and what it was."""

    by: User | None
    at: dt.datetime
    text: str


@dataclass
class Side:
    """One county's row of a cross-county duplicate."""

    county: str
    own: bool  # the application of the workspace
    link: str  # that county's workspace at the indicator
    text: str  # the record, the text or the file's name
    file: str = ""  # the evidence file, for the same file in two counties


@dataclass
class Shown:
    """A flag in the workspace: its input, the link to its group, the county's explanation."""

    flag: Flag
    key: str  # the input the flag is about ("" for an evidence file)
    label: str
    link: str
    note: FlagNote | None
    settled: Settled | None = None
    sides: list[Side] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.flag.explain()

    @property
    def others(self) -> str:
        # the core names the first few other counties and counts them all (`others_n`)
        shown = self.flag.others[:SIDES]
        names = "、".join(f"{city}{name}" for city, name in shown)
        more = self.flag.others_n - len(shown)
        unit = self.flag.message.params.get("unit", DEFAULT_WORDS["unit"])  # as the core wrote it
        return names + (
            _("等 {n} 个{unit}").format(n=self.flag.others_n, unit=unit) if more > 0 else ""
        )


def workspace_flags(application: Application, *, partial: bool = False) -> list[Shown]:
    """Return the application's flags, open ones first (riskiest first), then settled ones.

    `partial`: for a part of the page (a group, a decision's answer, the list reloaded), the
    flags the cohort gave last in this process (`risk.application_state`).
    """
    if application.status not in (Application.Status.SUBMITTED, Application.Status.ACCEPTED):
        return []
    state = application_state(application) if partial else cohort_state(application.campaign)
    flags = state.flags.get(application.pk, [])
    notes = selfcheck.notes_of(application)
    framework = application.campaign.framework
    settled = _settlements(application, state, flags)
    sides = _sides(application, state, flags)
    out = []
    for n, flag in enumerate(flags):
        key = input_of(framework, flag.keys[0]) if flag.keys else ""
        number = _number(application, key)
        label = field_label(framework, key) if key else ""
        link = _link(application.pk, number) if key else ""
        note = notes.get(selfcheck.identity(flag))
        out.append(Shown(flag, key, label, link, note, settled.get(n), sides.get(n, [])))
    out.sort(key=lambda s: s.settled is not None)  # stable: each part keeps the risk order
    return out


def attach(ws: Workspace, shown: list[Shown]) -> None:
    """Put each flag beside the claim it is about, in every input row the workspace holds."""
    by_key: dict[str, list[Shown]] = {}
    for s in shown:
        if s.key:
            by_key.setdefault(s.key, []).append(s)
    blocks = [ws.gates] if ws.gates is not None else []
    blocks += [b for section in ws.sections for group in section.groups for b in group.blocks]
    for block in blocks:
        for row in block.rows:
            row.flags = by_key.get(row.spec.key, [])
            row.flagged_records = {s.flag.record for s in row.flags if s.flag.record}


def _number(application: Application, key: str) -> int:
    indicator = indicator_of_key(application.campaign.framework, key) if key else None
    return indicator.number if indicator is not None else 0


def _link(application_id: int, number: int) -> str:
    page = reverse("adjudication:application", args=[application_id])
    return f"{page}?indicator={number}#indicator-{number}" if number else f"{page}#indicator-0"


# ---------------------------------------------------------------- settled by a decision


def _settlements(application: Application, state: State, flags: list[Flag]) -> dict[int, Settled]:
    """Return flag position → the decision that settled it (two queries whenever there are
    flags: a page's query count does not depend on which are settled)."""
    if not flags:
        return {}
    rows = application.decisions.select_related("decided_by")
    decisions = {d.pk: d for d in rows}
    rows_ = application.reconciliations.select_related("decided_by")
    reconciliations = {r.pk: r for r in rows_}
    framework = application.campaign.framework
    out = {}
    for n, flag in enumerate(flags):
        event = state.settlement(application.pk, flag)
        if event is None:
            continue
        found = reconciliations if event.source == RECONCILED else decisions
        row = found.get(event.order[1])
        if row is None:
            continue
        spec = framework.input_or_none(row.key)
        out[n] = Settled(row.decided_by, row.decided_at, _what(event, readable(spec, row.value)))
    return out


def _what(event: Event, value: str) -> str:
    if event.source == ACCEPTED:
        return _("核实无误")
    if event.source == CORRECTED:
        return _("已更正为 {value}").format(value=value or _("无"))
    return _("专家评审认定为 {value}").format(value=value)


# ---------------------------------------------------------------- duplicates side by side


def _sides(application: Application, state: State, flags: list[Flag]) -> dict[int, list[Side]]:
    """Return flag position → the rows of every county of a cross-county duplicate."""
    across = [(n, f) for n, f in enumerate(flags) if f.kind in ACROSS_KINDS]
    if not across:
        return {}
    owners = {who for _, f in across for who in [(f.city, f.county), *f.others[:SIDES]]}
    held = _held_values(application, state, owners)
    files = _files(held, [f for _, f in across if f.kind == "same_evidence"])
    out: dict[int, list[Side]] = {}
    for n, flag in across:
        rows: list[Side] = []
        for who in [(flag.city, flag.county), *flag.others[:SIDES]]:
            found = held.get(who)
            if found is None:
                continue
            other, values = found
            rows += _side(application, flag, other, values, files, held)
        out[n] = rows
    return out


def _side(
    application: Application,
    flag: Flag,
    other: Application,
    values: dict[str, Any],
    files: dict[tuple[int, str], list[Evidence]],
    held: dict[tuple[str, str], tuple[Application, dict[str, Any]]],
) -> list[Side]:
    framework = application.campaign.framework
    county = _city(other) + other.county.name
    own = other.pk == application.pk
    if flag.kind == "same_evidence":
        return [
            Side(
                county,
                own,
                _link(other.pk, e.indicator),
                _("指标 {n}：{name}").format(n=e.indicator, name=e.original_name),
                reverse("adjudication:evidence", args=[e.pk]),
            )
            for e in files.get((other.pk, str(flag.values.get("sha256", ""))), [])
        ]
    key = flag.keys[0]
    link = _link(other.pk, _number(application, key))
    spec = framework.input_or_none(key)
    if flag.kind == "same_text":
        return [Side(county, own, link, str(values.get(key) or ""))]
    found = values.get(key)
    listed: list[dict[str, Any]] = found if isinstance(found, list) else []
    mine_values = held.get((flag.city, flag.county), (None, {}))[1].get(key) or []
    if not flag.record or flag.record > len(mine_values):
        return []
    record = mine_values[flag.record - 1]
    places = same_claim_places(framework, key, record, listed) if not own else [flag.record]
    return [
        Side(
            county,
            own,
            link,
            _("第 {n} 条：{text}").format(n=p, text=readable(spec, listed[p - 1])),
        )
        for p in places
    ]


def _held_values(
    application: Application, state: State, owners: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[Application, dict[str, Any]]]:
    """Return (city, county) → the held application and its values after the decisions, for
    the owners named (from the state, or for a partial page loaded for them alone)."""
    if state.held.values:
        return {(_city(a), a.county.name): (a, v) for a, v in state.held.values}
    campaign = application.campaign
    names = {name for _, name in owners}
    rows = application_rows().filter(campaign=campaign, status__in=HELD, county__name__in=names)
    wanted = [a for a in rows if (_city(a), a.county.name) in owners]
    claims = claims_of(campaign.framework, wanted)
    events = events_of_all([a.pk for a in wanted])
    out = {}
    for a in wanted:
        mine = claims[a.pk]
        out[(_city(a), a.county.name)] = (
            a,
            apply_decisions(mine, resolve(mine, events.get(a.pk, {}))),
        )
    return out


def _files(
    held: dict[tuple[str, str], tuple[Application, dict[str, Any]]], flags: list[Flag]
) -> dict[tuple[int, str], list[Evidence]]:
    """Return (application id, SHA-256) → its evidence rows, for the shared files (one query)."""
    digests = {str(f.values.get("sha256", "")).lower() for f in flags}
    if not digests:
        return {}
    ids = [a.pk for a, _ in held.values()]
    out: dict[tuple[int, str], list[Evidence]] = {}
    for e in Evidence.objects.filter(sha256__in=digests, application_id__in=ids).order_by("id"):
        out.setdefault((e.application_id, e.sha256.lower()), []).append(e)
    return out


def _city(application: Application) -> str:
    return application.county.city_name
