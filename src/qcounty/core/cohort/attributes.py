"""A unit's attributes in a cohort file, and the comparison group they put it in."""

from __future__ import annotations

from typing import Any

from qcounty.core.framework.model import Framework


def checked_attributes(
    framework: Framework, raw: Any, who: str, problems: list[str]
) -> dict[str, str] | None:
    """Return the unit's attributes (attribute key → option id); None, with problems, if wrong."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(f"{who}：attributes（属性）应为 JSON 对象。")
        return None
    declared = {a.key: a for a in framework.attributes}
    out: dict[str, str] = {}
    wrong = False
    for key in raw:
        if key not in declared:
            problems.append(f"{who}：未知属性“{key}”，本评价体系中没有这一属性。")
            wrong = True
    for key, attribute in declared.items():
        value = raw.get(key)
        ids = [o.id for o in attribute.options]
        if value is None:
            problems.append(f"{who}：缺少属性“{attribute.label}”（attributes.{key}）。")
            wrong = True
        elif value not in ids:
            options = "、".join(f"{o.id}（{o.label}）" for o in attribute.options)
            problems.append(f"{who}：属性“{attribute.label}”应为 {options} 之一，实际为“{value}”。")
            wrong = True
        else:
            out[key] = value
    return None if wrong else out


def group_of(
    framework: Framework, city: str, attributes: dict[str, str], tiers: dict[str, int]
) -> int:
    """Return the unit's comparison group: its grouping option's position, or its city's tier."""
    by = framework.grouping_attribute()
    if by is None:
        return tiers.get(city, 0)
    ids = [o.id for o in by.options]
    value = attributes.get(by.key)
    return ids.index(value) + 1 if value in ids else 0
