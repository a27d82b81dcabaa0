"""An application's values and records as a token sees them: what it may see, and change.

Visibility and editability are the reporting app's answers (`reporting.access`): a clerk's
token sees its department's indicators only, and may change only what the form lets that
clerk change now.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from qcounty.core.framework.inputs import Input, RecordsInput
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting import access, selfcheck
from qcounty.web.reporting.models import InputValue, Record


@dataclass(frozen=True)
class Seen:
    """What a user sees of an application: the inputs shown, with their indicator, and
    the keys they may change now."""

    inputs: list[tuple[int, Input]]
    editable: set[str]

    def shown_keys(self) -> set[str]:
        return {spec.key for _number, spec in self.inputs}

    def number_of(self, key: str) -> int | None:
        return next((n for n, spec in self.inputs if spec.key == key), None)


def seen_by(user: User, application: Application) -> Seen:
    """Return the inputs of the application the user sees, in the form's order."""
    framework = application.campaign.framework
    units = access.visible_units(user, application)
    shown: list[tuple[int, Input]] = []
    for gate in framework.gates:
        shown += [(0, x) for x in gate.inputs if selfcheck.visible(application, units, 0, x.key)]
    for indicator in framework.indicators():
        if access.indicator_visible(units, indicator):
            shown += [(indicator.number, x) for x in indicator.inputs]
    return Seen(shown, access.editable_keys(user, application))


def value_states(
    application: Application, seen: Seen, *, indicator: int | None = None
) -> list[dict[str, Any]]:
    """Return the state of every input seen (of one indicator, if given)."""
    rows = {row.key: row for row in InputValue.objects.filter(application=application)}
    listed = set(
        Record.objects.filter(application=application).values_list("key", flat=True).distinct()
    )
    out = []
    for number, spec in seen.inputs:
        if indicator is not None and number != indicator:
            continue
        row = rows.get(spec.key)
        value = row.value if row is not None else None
        reported = row is not None and row.value is not None
        if isinstance(spec, RecordsInput):
            reported = reported or spec.key in listed
        out.append(
            {
                "key": spec.key,
                "label": spec.label,
                "type": spec.type,
                "indicator": number,
                "value": value,
                "reported": reported,
                "version": row.version if row is not None else 0,
                "updated_at": row.updated_at if row is not None else None,
                "editable": spec.key in seen.editable,
            }
        )
    return out


def record_state(record: Record, seen: Seen) -> dict[str, Any]:
    return {
        "id": record.pk,
        "key": record.key,
        "data": record.data,
        "version": record.version,
        "updated_at": record.updated_at,
        "editable": record.key in seen.editable,
    }


def finite(data: Any) -> Any:
    """Return JSON data with every NaN or infinity as null (JSON has no such numbers)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [finite(v) for v in data]
    return data
