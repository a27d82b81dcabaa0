"""The cockpit's gap analysis, what-if editor and rank estimate.

The county office of the county sees them; the province's evaluator (and the administrator)
may look, read-only; department clerks may not. A what-if never writes: it scores a copy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountsInput,
    Input,
    RecordsInput,
)
from qcounty.core.framework.model import Framework
from qcounty.core.gaps import SHOWN, GapAction, GapAnalysis, RecordKind, record_kinds
from qcounty.core.messages import fmt
from qcounty.core.table import build_table
from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.campaigns.models import Application
from qcounty.web.cockpit import access as cockpit_access
from qcounty.web.cockpit import gapdata
from qcounty.web.cockpit.reportdata import counted_values, province_applies
from qcounty.web.gatewords import gates_title
from qcounty.web.reporting import fields
from qcounty.web.reporting.scoring import county_from_values, reference_of
from qcounty.web.words import words_of

Role = User.Role
TOP = 10  # actions shown first
MOST_RECORDS = 20  # hypothetical records of one kind in a what-if


def _cockpit_application(request: AuthenticatedHttpRequest, application_id: int) -> Application:
    """Return the application if the user may use its cockpit pages: 404, or 403 for clerks."""
    user = request.user
    return cockpit_access.get_application_for_cockpit(user, application_id)


@login_required
@require_GET
def gaps(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _cockpit_application(request, application_id)
    analysis, plan = gapdata.gaps_and_plan(application, TOP)
    result = analysis.result
    losses = [x for x in analysis.losses if x.lost >= SHOWN]  # 0.00 when shown is no loss
    chosen = {_position(analysis.actions, s.action): n for n, s in enumerate(plan.steps, 1)}
    short = gapdata.short_names(application.campaign.framework)
    chart = {
        "names": [f"{x.number} {short.get(x.number, '')}".strip() for x in losses],
        "titles": [x.name for x in losses],
        "lost": [round(x.lost, 2) for x in losses],
        "points": [round(x.points, 2) for x in losses],
    }
    context = {
        "application": application,
        "result": result,
        "losses": losses,
        "lost_total": analysis.lost_total,  # as the scheme adds up (caps, blocks)
        # a cap, block or aggregation makes an indicator's loss differ from what it costs
        "weighed": any(abs(x.at_stake - x.lost) >= SHOWN for x in losses),
        "plan": plan,
        "top": [(step, _position(analysis.actions, step.action)) for step in plan.steps],
        "actions": [(a, k, chosen.get(k)) for k, a in enumerate(analysis.actions)],
        "candidates": analysis.candidates,
        "dropped": _dropped(analysis),
        "chart": chart,
        "reference": _reference_size(application),
        "rank": gapdata.rank_for(application),
        "adjudicated": province_applies(application),
    }
    return render(request, "cockpit/gaps.html", context)


def _dropped(analysis: GapAnalysis) -> str:
    """Return why fewer actions are listed than candidates were rescored, in words."""
    parts = []
    if analysis.no_gain:
        parts.append(
            _("{n} 项代入后重新计分不增加分数（或增加不到 0.01 分）").format(n=analysis.no_gain)
        )
    if analysis.dominated:
        parts.append(
            _("{n} 项与同一条标准下改动更少的另一做法增加的分数相同（只列改动少的）").format(
                n=analysis.dominated
            )
        )
    if not parts:
        return ""
    return _("候选做法共 {candidates} 项，其中{parts}，未列出。").format(
        candidates=analysis.candidates, parts="；".join(parts)
    )


def _position(actions: list[GapAction], action: GapAction) -> int:
    """Return the position of this very action in the list (the what-if's ?action=)."""
    return next(k for k, a in enumerate(actions) if a is action)


@login_required
@require_GET
def rank(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _cockpit_application(request, application_id)
    estimate = gapdata.rank_for(application)
    context = {
        "application": application,
        "estimate": estimate,
        "sentence": gapdata.rank_sentence(estimate, words_of(application.campaign))
        if estimate
        else "",
        "reference": _reference_size(application),
        "adjudicated": province_applies(application),
    }
    return render(request, "cockpit/rank.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def whatif(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _cockpit_application(request, application_id)
    preset = _preset(application, request.GET.get("action", ""), request.GET.get("plan", ""))
    form = WhatIfForm(application, request.POST if request.method == "POST" else None, preset)
    outcome = None
    if not form.errors:
        outcome = gapdata.what_if(application, form.changes, form.added)
    words = words_of(application.campaign)
    context = {
        "application": application,
        "form": form,
        "preset": preset,
        "outcome": outcome,
        "sentence": gapdata.rank_sentence(outcome.rank, words) if outcome and outcome.rank else "",
        "current_sentence": (
            gapdata.rank_sentence(outcome.current_rank, words)
            if outcome and outcome.current_rank
            else ""
        ),
        "adjudicated": province_applies(application),
    }
    if request.method == "POST" and request.headers.get("HX-Request"):
        return render(request, "cockpit/whatif_result.html", context)
    return render(request, "cockpit/whatif.html", context)


@dataclass(frozen=True)
class Preset:
    """Changes the gap page proposes, put into the what-if's fields."""

    text: str  # what was put in, in words
    changes: dict[str, Any]


def _preset(application: Application, index: str, steps: str) -> Preset | None:
    """Return the gap list's action at this position, or the plan's first steps, to try them."""
    if steps.isascii() and steps.isdigit() and 1 <= int(steps) <= TOP:
        plan = gapdata.plan_for(application, int(steps))
        if not plan.steps:
            return None
        text = _("已代入“最值得做的十件事”的前 {n} 件（合计 {gain} 分）").format(
            n=len(plan.steps), gain=_signed(plan.gain, plan.ranged)
        )
        return Preset(text, plan.changes)
    if not index.isascii() or not index.isdigit():
        return None
    found = gapdata.gaps_for(application).actions
    if int(index) >= len(found):
        return None
    action = found[int(index)]
    text = _("已代入第 {n} 项的提分做法：{text}").format(n=action.indicator, text=action.text)
    return Preset(text, action.changes)


def _signed(gain: float, ranged: bool) -> str:
    shown = f"+{gain:.2f}"
    return _("约 {gain}").format(gain=shown) if ranged else shown


def _reference_size(application: Application) -> int:
    reference = reference_of(application.campaign)
    return 0 if reference is None else len(reference.counties)


# ------------------------------------------------------------------ the what-if form


@dataclass
class WhatIfField:
    """One scalar input of the what-if: its stored value and the value tried."""

    spec: Input
    stored: Any
    value: Any  # the value tried (as stored), or the text typed when it is wrong
    typed: dict[str, Any]
    error: str = ""

    @property
    def name(self) -> str:
        return f"f:{self.spec.key}"

    @property
    def unit(self) -> str:
        return getattr(self.spec, "unit", "") or ("%" if self.spec.type == "percent" else "")

    @property
    def changed(self) -> bool:
        return not self.error and self.value != self.stored

    @property
    def text(self) -> str:
        """Return the value tried, as text for a text box."""
        if self.error:
            return str(self.typed.get("value", ""))
        if self.value is None:
            return ""
        if isinstance(self.value, float):
            return fmt(self.value, 4)
        return str(self.value)

    @property
    def bool_value(self) -> str:
        if self.error:
            return str(self.typed.get("value", ""))
        return {True: "true", False: "false"}.get(self.value, "")

    def options(self) -> list[dict[str, Any]]:
        spec = self.spec
        if isinstance(spec, ChoiceInput):
            chosen = self.typed.get("value") if self.error else self.value
            return [
                {"id": o.id, "label": o.label, "selected": o.id == chosen} for o in spec.options
            ]
        if isinstance(spec, ChecklistInput):
            chosen = self.typed.get("values", []) if self.error else (self.value or [])
            return [
                {"id": o.id, "label": o.label, "selected": o.id in chosen} for o in spec.options
            ]
        if isinstance(spec, CountsInput):
            counts = self.value or {}
            return [
                {
                    "id": o.id,
                    "label": o.label,
                    "name": f"{self.name}.{o.id}",
                    "count": self.typed.get(f"value.{o.id}", "")
                    if self.error
                    else counts.get(o.id, ""),
                }
                for o in spec.options
            ]
        return []

    @property
    def stored_shown(self) -> str:
        return _shown(self.spec, self.stored)


@dataclass
class WhatIfRecords:
    """Hypothetical records of one kind: how many the application has, how many to add."""

    kind: RecordKind
    have: int  # reported
    counted: int  # of them, those the engine counts (inside the window, not duplicates)
    add: str  # as typed
    error: str = ""

    @property
    def name(self) -> str:
        return f"add:{self.kind.id}"


@dataclass
class WhatIfGroup:
    number: int | None  # the indicator, None for the gates
    title: str
    fields: list[WhatIfField]
    records: list[WhatIfRecords]


class WhatIfForm:
    """The what-if's inputs: every scored input of the framework, checked by the core."""

    def __init__(
        self, application: Application, post: QueryDict | None, preset: Preset | None = None
    ) -> None:
        framework = application.campaign.framework
        self.stored, _adjudicated = counted_values(application)  # the base of the what-if
        # the records the engine counts (inside their window, not duplicates), per list
        table = build_table(
            framework,
            [county_from_values(application, self.stored)],
            application.campaign.evaluation_year,
        )
        self.counted = {key: [r for _, r in rows[0]] for key, rows in table.counted.items()}
        self.changes: dict[str, Any] = {}
        self.added: list[tuple[RecordKind, int]] = []
        self.errors: list[str] = []
        # a gap action to try: its values in the fields, its records as counts per kind
        self.preset = {} if preset is None or post is not None else fields.plain(preset.changes)
        self.preset_added = self._preset_added(record_kinds(framework))
        self.groups = self._groups(framework, post)

    def _groups(self, framework: Framework, post: QueryDict | None) -> list[WhatIfGroup]:
        sent = set(post.getlist("k")) if post is not None else set()
        kinds = record_kinds(framework)
        groups = []
        gate_fields = [
            self._field(x, post, sent) for g in framework.gates for x in g.inputs if _scored(x)
        ]
        groups.append(WhatIfGroup(None, gates_title(framework), gate_fields, []))
        for ind in framework.indicators():
            fields_ = [self._field(x, post, sent) for x in ind.inputs if _scored(x)]
            lists = {x.key for x in ind.inputs if isinstance(x, RecordsInput)}
            records = [self._records(k, post) for k in kinds if k.records in lists]
            if fields_ or records:
                groups.append(WhatIfGroup(ind.number, ind.name, fields_, records))
        return groups

    def _preset_added(self, kinds: list[RecordKind]) -> dict[str, int]:
        """Return how many of a preset's new records fall under each kind (the first that fits)."""
        out: dict[str, int] = {}
        for key, records in self.preset.items():
            if not isinstance(records, list) or not any(k.records == key for k in kinds):
                continue
            for record in records[len(self.stored.get(key) or []) :]:
                kind = next((k for k in kinds if k.records == key and _matches(record, k)), None)
                if kind is not None:
                    out[kind.id] = out.get(kind.id, 0) + 1
        return out

    def _field(self, spec: Input, post: QueryDict | None, sent: set[str]) -> WhatIfField:
        stored = self.stored.get(spec.key)
        if spec.key in self.preset:
            self.changes[spec.key] = self.preset[spec.key]
            return WhatIfField(spec, stored, self.preset[spec.key], {})
        if post is None or spec.key not in sent:
            return WhatIfField(spec, stored, stored, {})
        name = f"f:{spec.key}"
        one = QueryDict(mutable=True)
        one.setlist("value", post.getlist(name))
        for o in getattr(spec, "options", []):
            one.setlist(f"value.{o.id}", post.getlist(f"{name}.{o.id}"))
        typed = {"value": post.get(name, ""), "values": post.getlist(name)}
        typed |= {
            f"value.{o.id}": post.get(f"{name}.{o.id}", "") for o in getattr(spec, "options", [])
        }
        try:
            value = fields.parse_input(spec, one)
        except ValueError as e:
            message = _("“{label}”：{error}").format(label=spec.label, error=e)
            self.errors.append(message)
            return WhatIfField(spec, stored, stored, typed, str(e))
        if isinstance(spec, ChecklistInput) and value == [] and stored is None:
            value = None  # nothing ticked in a list never reported: still not reported
        if value != stored:
            self.changes[spec.key] = value
        return WhatIfField(spec, stored, value, typed)

    def _records(self, kind: RecordKind, post: QueryDict | None) -> WhatIfRecords:
        have = sum(1 for r in self.stored.get(kind.records) or [] if _matches(r, kind))
        counted = sum(1 for r in self.counted.get(kind.records, []) if _matches(r, kind))
        text = "" if post is None else post.get(f"add:{kind.id}", "").strip()
        if kind.id in self.preset_added:
            text = str(self.preset_added[kind.id])
        if not text:
            return WhatIfRecords(kind, have, counted, "")
        digits = text.translate(fields.FULL_WIDTH)
        if not digits.isascii() or not digits.isdigit() or int(digits) > MOST_RECORDS:
            error = _("假设新增的条数应为 0–{most} 的整数，实际为“{text}”").format(
                most=MOST_RECORDS, text=text
            )
            self.errors.append(_("“{label}”：{error}").format(label=kind.label, error=error))
            return WhatIfRecords(kind, have, counted, text, error)
        if int(digits):
            self.added.append((kind, int(digits)))
        return WhatIfRecords(kind, have, counted, str(int(digits)))

    @property
    def changed_count(self) -> int:
        return len(self.changes) + sum(n for _, n in self.added)


def _scored(spec: Input) -> bool:
    return not spec.informational and not isinstance(spec, RecordsInput)


def _matches(record: dict[str, Any], kind: RecordKind) -> bool:
    for w in kind.where:
        wanted = w.equals if isinstance(w.equals, list) else [w.equals]
        if record.get(w.field) not in wanted:
            return False
    return True


def _shown(spec: Input, value: Any) -> str:
    """Return a stored value as a reader reads it."""
    if value is None:
        return _("未填报")
    if isinstance(spec, BoolInput):
        return _("是") if value else _("否")
    if isinstance(spec, ChoiceInput):
        return next((o.label for o in spec.options if o.id == value), str(value))
    if isinstance(spec, ChecklistInput):
        labels = [o.label for o in spec.options if o.id in value]
        return "、".join(labels) if labels else _("（无）")
    if isinstance(spec, CountsInput):
        return "，".join(f"{o.label} {value.get(o.id, 0)}" for o in spec.options)
    if isinstance(value, float):
        return fmt(value, 4)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
