"""One department's section on its own: its values and evidence by indicator, for the office's review."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.board import inputs_by_section, readable
from qcounty.web.review.models import Section


@dataclass
class Field:
    key: str
    label: str
    text: str  # the value as a person reads it; "" when not reported
    informational: bool


@dataclass
class Block:
    """An indicator (0: the gates) of the section: its fields and its evidence files."""

    number: int
    name: str
    fields: list[Field] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return sum(1 for f in self.fields if not f.text and not f.informational)


def blocks(section: Section) -> list[Block]:
    """Return the section's indicators in order, each with its fields' values and evidence."""
    application = section.application
    framework = application.campaign.framework
    owned = inputs_by_section(application, [section])[section.pk]
    keys = [o.spec.key for o in owned]
    values = dict(
        InputValue.objects.filter(application=application, key__in=keys).values_list("key", "value")
    )
    records: dict[str, list[dict[str, Any]]] = {}
    for key, data in (
        Record.objects.filter(application=application, key__in=keys)
        .order_by("pk")
        .values_list("key", "data")
    ):
        records.setdefault(key, []).append(data)
    out: dict[int, Block] = {}
    for o in owned:
        if o.indicator not in out:
            name = framework.indicator(o.indicator).name if o.indicator else ""
            out[o.indicator] = Block(o.indicator, name)
        spec = o.spec
        if isinstance(spec, RecordsInput):
            value = records.get(spec.key) or values.get(spec.key)
        else:
            value = values.get(spec.key)
        out[o.indicator].fields.append(
            Field(spec.key, spec.label, readable(spec, value), spec.informational)
        )
    for evidence in Evidence.objects.filter(
        application=application, indicator__in=[n for n in out if n]
    ).order_by("indicator", "uploaded_at", "pk"):
        out[evidence.indicator].evidence.append(evidence)
    return [out[n] for n in sorted(out)]
