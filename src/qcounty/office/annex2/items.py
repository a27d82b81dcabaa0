"""The seed's form items as data, and the statements the framework's inputs are grouped under."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from qcounty.core.framework.inputs import (
    Input,
)

BLANK = "____"


_SLOT = re.compile(r"□|_{3,}")


_COUNT = re.compile(r"^n:([\w.]+)\[(.*)\]$")


_PROMPT = ("请说明", "请列明", "请介绍", "请分别列明")


@dataclass
class Row:
    """One row of the form: the statement and what the county reports for it."""

    first: str
    second: str
    statement: str
    lines: list[str]
    gate: bool = False


@dataclass(frozen=True)
class FormItem:
    """One item of the seed's form: its words, and how the county's values fill them."""

    statement: str
    content: list[str]
    answer: str
    fill: list[str]
    details: list[str]


@dataclass
class _Statement:
    text: str
    inputs: list[Input] = field(default_factory=list)


def has_form(framework_id: str) -> bool:
    """Return whether the scheme has its own printed form (a data file of its items)."""
    return (resources.files("qcounty") / "data" / _form_file(framework_id)).is_file()


def _form_file(framework_id: str) -> str:
    return f"annex2-{framework_id}.csv"


@cache
def form_items(framework_id: str) -> list[FormItem]:
    """Return the seed's form items of the framework, in order (from its data file)."""
    name = _form_file(framework_id)
    text = (resources.files("qcounty") / "data" / name).read_text("utf-8")
    items = []
    for row in csv.DictReader(io.StringIO(text)):
        content = row["content"].split("\n")
        fill = row["fill"].split("\n")
        if len(fill) != len(content):
            raise ValueError(
                f"{name}: item {row['no']} has {len(content)} lines, {len(fill)} fills"
            )
        items.append(
            FormItem(row["statement"], content, row["answer"], fill, row["details"].split())
        )
    return items


def _statements(inputs: list[Input], default: str) -> list[_Statement]:
    """Group inputs by their Annex 2 statement (an input without one joins the one before)."""
    out: list[_Statement] = []
    by_text: dict[str, _Statement] = {}
    current: _Statement | None = None
    for x in inputs:
        if x.annex2:
            current = by_text.get(x.annex2)
            if current is None:
                current = by_text[x.annex2] = _Statement(x.annex2)
                out.append(current)
        elif current is None:
            current = by_text[default] = _Statement(default)
            out.append(current)
        current.inputs.append(x)
    return out
