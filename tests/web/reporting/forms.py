"""What a browser posts for a value: the reporting form's fields, filled in as a person would."""

from __future__ import annotations

from typing import Any

from qcounty.core.framework.inputs import Input, RecordsInput


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # str(float) round-trips: float(str(x)) == x


def field_post(spec: Input, value: Any) -> dict[str, Any]:
    """Return the POST data of a scalar input's form holding `value` (JSON, as in a cohort)."""
    assert not isinstance(spec, RecordsInput)
    if value is None:
        return {"value": ""}
    if spec.type == "checklist":
        return {"value": list(value)}
    if spec.type == "counts":
        return {f"value.{k}": str(n) for k, n in value.items()}
    return {"value": _text(value)}


def record_post(data: dict[str, Any]) -> dict[str, str]:
    """Return the POST data of the add-a-record form for one record (JSON fields)."""
    return {k: _text(v) for k, v in data.items() if v is not None}
