"""An application's history: its audit entries as rows a reader follows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from qcounty.web.campaigns.models import Application
from qcounty.web.review.board.readable import _shown, field_label
from qcounty.web.review.board.state import Action, action_labels, inputs_by_section
from qcounty.web.review.models import AuditEntry, Section


@dataclass
class HistoryRow:
    entry: AuditEntry
    label: str  # what was done
    field: str  # the field's label, or ""
    old: str
    new: str
    department: str


def history(
    application: Application, *, indicator: int | None = None, section: Section | None = None
) -> list[HistoryRow]:
    """Return the audit trail of an application in time order, optionally narrowed."""
    framework = application.campaign.framework
    entries = AuditEntry.objects.filter(application=application).select_related(
        "user", "section__department"
    )
    if indicator == 0:
        gate_keys = [x.key for g in framework.gates for x in g.inputs]
        entries = entries.filter(key__in=gate_keys)
    elif indicator is not None:
        entries = entries.filter(indicator=indicator)
    if section is not None:
        owned = inputs_by_section(application, [section])[section.pk]
        keys = [o.spec.key for o in owned]
        numbers = sorted({o.indicator for o in owned if o.indicator})
        entries = entries.filter(
            Q(section=section) | Q(key__in=keys) | Q(key="", indicator__in=numbers, section=None)
        )
    labels = action_labels()
    by_key, by_indicator = _departments_of_inputs(application)
    out = []
    for e in entries.order_by("at", "id"):
        if e.section is not None:
            department = e.section.department.name
        elif e.key:
            department = "、".join(by_key.get(e.key, []))
        else:
            department = "、".join(by_indicator.get(e.indicator or -1, []))
        out.append(
            HistoryRow(
                e,
                _entry_label(e, labels),
                field_label(framework, e.key) if e.key else "",
                _shown(framework, e, e.old),
                _shown(framework, e, e.new),
                department,
            )
        )
    return out


def _departments_of_inputs(
    application: Application,
) -> tuple[dict[str, list[str]], dict[int, list[str]]]:
    """Return input key → and indicator number → the names of the departments answering."""
    sections = list(Section.objects.filter(application=application).select_related("department"))
    by_key: dict[str, list[str]] = {}
    by_indicator: dict[int, list[str]] = {}
    inputs = inputs_by_section(application, sections)
    for s in sections:
        for o in inputs[s.pk]:
            names = by_key.setdefault(o.spec.key, [])
            if s.department.name not in names:
                names.append(s.department.name)
            names = by_indicator.setdefault(o.indicator, [])
            if s.department.name not in names:
                names.append(s.department.name)
    return by_key, by_indicator


def _entry_label(e: AuditEntry, labels: dict[str, str]) -> str:
    named = labels.get(e.name, e.name)
    if e.name == "explain_flag":  # also an explanation logged before it had its own action
        return str(Action.FLAG_EXPLAINED.label)
    if e.action == Action.REFUSED:
        return _("被拒绝：{action}").format(action=named)
    if e.action in (Action.STATE, Action.EXTENSION):
        return named
    if e.action == Action.VALUE and e.name in labels:
        return named  # the province's decisions on a value (adjudication)
    return str(e.get_action_display())
