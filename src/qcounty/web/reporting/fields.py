"""The reporting form's fields, generated from the framework: read a POST into a value.

Every value is finally checked by the core (`check_value`), so the web form, the cohort file
and the Excel import accept exactly the same values with the same Chinese messages.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from qcounty.core.cohort import check_record, check_value
from qcounty.core.framework import inputs
from qcounty.core.framework.model import Framework
from qcounty.core.numbers import FULL_WIDTH_DIGITS, parse_number

FULL_WIDTH = FULL_WIDTH_DIGITS  # kept for the forms that read digits themselves


def parse_input(spec: inputs.Input, post: QueryDict) -> Any:
    """Return the JSON value of a scalar input from its form, or raise ValueError (Chinese)."""
    raw: Any
    if isinstance(spec, inputs.BoolInput):
        raw = {"true": True, "false": False, "": None}.get(post.get("value", ""), "?")
        if raw == "?":
            raise ValueError(_("请选择“是”或“否”"))
    elif isinstance(spec, inputs.ChoiceInput):
        raw = post.get("value") or None
    elif isinstance(spec, inputs.ChecklistInput):
        raw = post.getlist("value")
    elif isinstance(spec, inputs.CountsInput):
        texts = {o.id: post.get(f"value.{o.id}", "").strip() for o in spec.options}
        if not any(texts.values()):
            raw = None
        else:
            raw = {k: _integer(v, spec.min) if v else 0 for k, v in texts.items()}
    elif isinstance(spec, inputs.CountInput):
        raw = _integer(post.get("value", ""), 0)
    elif isinstance(spec, inputs.PercentInput | inputs.NumberInput):
        raw = _number(post.get("value", ""))
    elif isinstance(spec, inputs.TextInput | inputs.DateInput):
        raw = post.get("value", "").strip() or None
    else:
        raise ValueError(_("该字段不能这样填写"))
    if raw is None:
        return None
    return plain(check_value(spec, raw))


def parse_record(spec: inputs.RecordsInput, post: QueryDict) -> dict[str, Any]:
    """Return one record from its form, or raise ValueError naming the field (Chinese)."""
    data: dict[str, Any] = {}
    for f in spec.fields:
        text = post.get(f.key, "").strip()
        try:
            data[f.key] = _record_value(f, text, post)
        except ValueError as e:
            raise ValueError(f"“{f.label}”{e}") from None
    # the core's own checks: required fields, types, options
    return plain(check_record(spec, data))  # type: ignore[no-any-return]


def _record_value(f: inputs.RecordField, text: str, post: QueryDict) -> Any:
    if f.type == "bool":
        value = post.get(f.key, "")
        return {"true": True, "false": False}.get(value)
    if not text:
        return None
    if f.type == "count":
        return _integer(text, 0)
    if f.type == "number":
        return _number(text)
    return text


def _integer(text: str, low: int) -> int | None:
    # low is the input's floor, checked by the core; the grammar is the same for every count
    value = parse_number(text, integer=True)
    return None if value is None else int(value)


def _number(text: str) -> float | None:
    value = parse_number(text, percent=True)
    return None if value is None else float(value)


def plain(value: Any) -> Any:
    """Return a value as JSON stores it (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def window_warning(
    framework: Framework, spec: inputs.RecordsInput, data: dict[str, Any], year: int
) -> str:
    """Return a warning when a record falls outside its time window (it will not count)."""
    if not spec.date_field or not data.get(spec.date_field):
        return ""
    window_id = spec.window
    if spec.window_by and data.get(spec.window_by.field) in spec.window_by.windows:
        window_id = spec.window_by.windows[data[spec.window_by.field]]
    if not window_id:
        return ""
    window = framework.windows[window_id]
    when = date.fromisoformat(data[spec.date_field])
    if window.contains(when, year):
        return ""
    label = spec.field(spec.date_field).label if spec.field(spec.date_field) else "日期"  # type: ignore[union-attr]
    return _("该{record}的{field}（{date}）不在{window}（{span}）内，不计分").format(
        record=spec.label,
        field=label,
        date=when.isoformat(),
        window=window.label,
        span=window.span(year),
    )
