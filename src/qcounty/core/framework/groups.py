"""Attributes of the evaluated units and the comparison groups they declare.

A scheme compares a unit with the units of its group on `tiered` indicators. Shandong's groups
are city tiers (`tiers:`, a county's tier is its city's); another scheme declares an attribute
of its units (industry, region, size class) under `attributes:` and names it in `groups_by:`,
and the cohort file gives each unit's value of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from qcounty.core.framework.inputs import Option, Strict

if TYPE_CHECKING:
    from qcounty.core.framework.model import Framework


class Attribute(Strict):
    """An attribute of an evaluated unit, one of its options, given by the cohort file."""

    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: str  # the column's header and the grouping's name: 行业
    options: list[Option] = Field(min_length=1)


def group_problems(f: Framework) -> list[tuple[str, str]]:
    """Return what is wrong with the file's attributes and comparison groups."""
    out: list[tuple[str, str]] = []
    keys = [a.key for a in f.attributes]
    for n, a in enumerate(f.attributes):
        if keys.index(a.key) != n:
            out.append((f"attributes[{n}]", f"attribute '{a.key}' is declared twice"))
        ids = [o.id for o in a.options]
        if len(set(ids)) != len(ids):
            out.append((f"attributes[{n}].options", "two options share an id"))
    if f.groups_by and f.groups_by not in keys:
        out.append(("groups_by", f"unknown attribute '{f.groups_by}'; attributes: {keys}"))
    if f.groups_by and f.tiers:
        out.append(("groups_by", "the groups are the tiers or an attribute's options, not both"))
    return out
