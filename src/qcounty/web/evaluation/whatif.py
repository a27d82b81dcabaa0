"""What-if on a snapshot: the inputs an evaluator may try, their form, and the table of changes.

The value typed is read by the reporting form's parser and checked by the core (`check_value`),
so it is refused with the same Chinese messages as everywhere else; `qcounty.core.evaluate`
rescores the cohort. Nothing here is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from qcounty.core.cohort import check_value
from qcounty.core.evaluate import WhatIf, select, what_if
from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountsInput,
    DateInput,
    Input,
    RecordsInput,
    TextInput,
)
from qcounty.core.framework.model import Framework
from qcounty.web.evaluation.snapshots import Scored
from qcounty.web.reporting.fields import parse_input, plain
from qcounty.web.review.board import readable


def can_try(spec: Input) -> bool:
    """Whether the what-if offers this input: scored single values (record lists are corrected
    in the adjudication workspace)."""
    return not spec.informational and not isinstance(spec, RecordsInput | TextInput)


def groups(framework: Framework) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the inputs an evaluator may try, grouped by gate and indicator."""
    out = []
    for gate in framework.gates:
        keys = [(x.key, x.label) for x in gate.inputs if can_try(x)]
        if keys:
            out.append((gate.name, keys))
    for ind in framework.indicators():
        keys = [(x.key, x.label) for x in ind.inputs if can_try(x)]
        if keys:
            out.append((f"{ind.number}. {ind.name}", keys))
    return out


def spec_for(framework: Framework, key: str) -> Input | None:
    spec = framework.input_or_none(key)
    return spec if spec is not None and can_try(spec) else None


def indicator_of(framework: Framework, key: str) -> int | None:
    for ind in framework.indicators():
        if any(x.key == key for x in ind.inputs):
            return ind.number
    return None


def widget(spec: Input, value: Any) -> dict[str, Any]:
    """Return what the value's form field needs: its type, options and the value shown."""
    shown = plain(value)
    out: dict[str, Any] = {"type": spec.type, "key": spec.key, "label": spec.label}
    out["unit"] = getattr(spec, "unit", "") or ("%" if spec.type == "percent" else "")
    if isinstance(spec, BoolInput):
        out["bool"] = "" if shown is None else ("true" if shown else "false")
    elif isinstance(spec, ChoiceInput):
        out["options"] = [(o.id, o.label, o.id == shown) for o in spec.options]
    elif isinstance(spec, ChecklistInput):
        chosen = set(shown or [])
        out["options"] = [(o.id, o.label, o.id in chosen) for o in spec.options]
    elif isinstance(spec, CountsInput):
        counts = shown or {}
        out["options"] = [
            (o.id, o.label, "" if shown is None else counts.get(o.id, 0)) for o in spec.options
        ]
    elif isinstance(spec, DateInput):
        out["text"] = shown or ""
    else:
        if isinstance(shown, float) and shown.is_integer():
            shown = int(shown)
        out["text"] = "" if shown is None else str(shown)
    return out


def form_params(spec: Input, stored: Any) -> list[tuple[str, str]]:
    """Return the form fields that give back this stored value (the save form carries them)."""
    if isinstance(spec, CountsInput):
        counts = stored or {}
        return [
            (f"value.{o.id}", "" if stored is None else str(counts.get(o.id, 0)))
            for o in spec.options
        ]
    if isinstance(spec, ChecklistInput):
        return [("value", v) for v in stored or []]
    if stored is None:
        return [("value", "")]
    if isinstance(spec, BoolInput):
        return [("value", "true" if stored else "false")]
    if isinstance(stored, float):
        return [("value", repr(stored))]
    return [("value", str(stored))]


def read(spec: Input, form: QueryDict) -> tuple[Any, Any]:
    """Return (the value as stored, the value as the core reads it); ValueError (Chinese)."""
    stored = parse_input(spec, form)
    return stored, None if stored is None else check_value(spec, stored)


@dataclass
class Preview:
    """A what-if and what it changes, ready to show."""

    result: WhatIf
    key: str
    label: str
    before: str
    after: str
    rows: list[dict[str, Any]]
    entering: list[str]
    leaving: list[str]
    titles: int
    params: list[tuple[str, str]]


def preview(scored: Scored, i: int, spec: Input, stored: Any, value: Any, titles: int) -> Preview:
    """Rescore the snapshot's cohort with county i's input set to `value`."""
    score = scored.score
    result = what_if(score, i, {spec.key: value})
    rows = []
    for c in result.changes():
        county = score.counties[c.index]
        rows.append(
            {
                "position": c.index,
                "county": county.name,
                "city": county.city,
                "changed": c.index == i,
                "before": c.total_before,
                "after": c.total_after,
                "delta": c.delta,
                "rank_before": c.rank_before,
                "rank_after": c.rank_after,
                "rank_moved": (
                    None
                    if c.rank_before is None or c.rank_after is None
                    else c.rank_before - c.rank_after
                ),
            }
        )
    chosen_before = set(select(result.before, titles).selected)
    chosen_after = set(select(result.after, titles).selected)

    def names(indices: set[int]) -> list[str]:
        ordered = sorted(indices, key=lambda j: int(result.after.ranks[j]) or 10**9)
        return [score.counties[j].city + score.counties[j].name for j in ordered]

    old = score.counties[i].values.get(spec.key)
    return Preview(
        result=result,
        key=spec.key,
        label=spec.label,
        before=readable(spec, plain(old)) or _("未填报"),
        after=readable(spec, stored) or _("未填报"),
        rows=rows,
        entering=names(chosen_after - chosen_before),
        leaving=names(chosen_before - chosen_after),
        titles=titles,
        params=form_params(spec, stored),
    )
