"""Values as people read them, and what changed since a section was returned."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountsInput,
    Input,
    RecordsInput,
)
from qcounty.core.framework.model import Framework
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.board.state import CHANGES, A, Action, S, inputs_by_section
from qcounty.web.review.models import AuditEntry, Section


def field_label(framework: Framework, key: str) -> str:
    try:
        return framework.value_label(key)
    except KeyError:
        return key


def _shown(framework: Framework, e: AuditEntry, value: Any) -> str:
    if e.action == Action.STATE:
        if value is None:
            return ""
        states = S if e.section_id else A
        return str(dict(states.choices).get(value, value))
    if e.action == Action.EXTENSION:
        return value or ""
    if e.action in (Action.EVIDENCE_ADDED, Action.EVIDENCE_REMOVED):
        return value.get("name", "") if isinstance(value, dict) else ""
    if e.action == Action.REFUSED:
        return ""
    if e.action == Action.FLAG_EXPLAINED or e.name == "explain_flag":
        return value if isinstance(value, str) else ""  # the county's explanation, as written
    if e.action == Action.VALUE and value is None:
        return _("未填报")
    return readable(framework.input_or_none(e.key), value)


def readable(spec: Input | None, value: Any) -> str:
    """Show a stored value as a person reads it: labels for options, units, 是/否."""
    if value is None:
        return ""
    if isinstance(spec, RecordsInput):
        if value == []:
            return _("无")
        if isinstance(value, dict):
            return _record_text(spec, value)
        return "；".join(_record_text(spec, v) for v in value if isinstance(v, dict))
    if isinstance(spec, BoolInput):
        return _("是") if value else _("否")
    if isinstance(spec, ChoiceInput):
        return next((o.label for o in spec.options if o.id == value), str(value))
    if isinstance(spec, ChecklistInput):
        labels = {o.id: o.label for o in spec.options}
        return "、".join(labels.get(v, str(v)) for v in value) or _("（无）")
    if isinstance(spec, CountsInput):
        labels = {o.id: o.label for o in spec.options}
        return "；".join(f"{labels.get(k, k)}：{v}{spec.unit}" for k, v in value.items())
    unit = getattr(spec, "unit", "") or ("%" if spec is not None and spec.type == "percent" else "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 95%, not 95.0%
    return f"{value}{unit}"


def _record_text(spec: RecordsInput, data: dict[str, Any]) -> str:
    parts = []
    for f in spec.fields:
        v = data.get(f.key)
        if v is None or v == "":
            continue
        if f.type == "choice":
            v = next((o.label for o in f.options if o.id == v), v)
        elif f.type == "bool":
            v = _("是") if v else _("否")
        parts.append(f"{f.label}：{v}")
    return "，".join(parts)


@dataclass
class Change:
    key: str
    label: str
    indicator: int
    record_id: int | None
    before: str
    after: str


def changes_since_return(section: Section) -> list[Change]:
    """Return each value and record of a section changed since its last return: then → now."""
    if section.returned_at is None:
        return []
    application = section.application
    framework = application.campaign.framework
    owned = {o.spec.key: o for o in inputs_by_section(application, [section])[section.pk]}
    entries = AuditEntry.objects.filter(
        application=application,
        action__in=CHANGES,
        at__gt=section.returned_at,
        key__in=list(owned),
    ).exclude(name="explain_flag")  # an explanation logged as a value before it had its own action
    entries = entries.order_by("at", "id")
    first_value: dict[str, Any] = {}  # key → the value at the return
    first_record: dict[int, tuple[str, Any]] = {}  # record id → (key, its data at the return)
    for e in entries:
        if e.action == Action.VALUE:
            first_value.setdefault(e.key, e.old)
        elif e.record_id is not None and e.record_id not in first_record:
            existed = e.action != Action.RECORD_ADDED
            first_record[e.record_id] = (e.key, e.old if existed else None)
    now_values = dict(
        InputValue.objects.filter(application=application, key__in=list(first_value)).values_list(
            "key", "value"
        )
    )
    now_records = dict(
        Record.objects.filter(application=application, pk__in=list(first_record)).values_list(
            "pk", "data"
        )
    )
    out = []
    for key, then in first_value.items():
        spec = owned[key].spec
        before, after = _value_text(spec, then), _value_text(spec, now_values.get(key))
        if before != after:
            out.append(
                Change(key, field_label(framework, key), owned[key].indicator, None, before, after)
            )
    for record_id, (key, then) in first_record.items():
        spec = owned[key].spec
        now = now_records.get(record_id)
        before = readable(spec, then) if then is not None else _("（无此记录）")
        after = readable(spec, now) if now is not None else _("（已删除）")
        if before != after:
            out.append(
                Change(
                    key, field_label(framework, key), owned[key].indicator, record_id, before, after
                )
            )
    return sorted(out, key=lambda c: (c.indicator, c.key, c.record_id or 0))


def _value_text(spec: Input, value: Any) -> str:
    return _("未填报") if value is None else readable(spec, value)
