"""Small template helpers: no scoring happens here, only lookup and formatting."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def get(mapping: Any, key: str) -> Any:
    """Return mapping[key], or '' when there is none."""
    try:
        value = mapping.get(key, "")
    except AttributeError:
        return ""
    return "" if value is None else value


@register.filter
def points(value: float | None) -> str:
    """Show points with two decimals (full precision is kept everywhere else)."""
    if value is None:
        return "—"
    return f"{value:.2f}"


@register.filter
def percent(value: float | str | None, decimals: int = 1) -> str:
    """Show a share (0.702) as a percentage with one decimal (70.2 %)."""
    if value is None or value == "":
        return "—"
    return f"{100 * float(value):.{int(decimals)}f} %"


@register.filter
def percent_of(value: float, most: float) -> float:
    return 0.0 if not most else max(0.0, min(100.0, 100.0 * value / most))


@register.filter
def sees_technical(user: Any) -> bool:
    """Return whether the user is shown digests and formulas (the province's evaluators)."""
    role = getattr(user, "role", None)
    return role in ("evaluator", "admin")


@register.simple_tag
def chart_data(result: Any) -> SafeString:
    """Return the second-level scores as JSON for the chart (values the core computed)."""
    data = {
        "names": [s.name for s in result.second_level],
        "points": [round(s.points, 2) for s in result.second_level],
        "lost": [round(s.max - s.points, 2) for s in result.second_level],
    }
    return SafeString(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))
