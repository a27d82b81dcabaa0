"""Schemes (评价体系): the indicator tree, points and rules' texts, shared with the core.

The inputs, windows, tiers and units are the core's own pydantic types (the framework file's
shape), so a field's type, options and limits read here are exactly what the core checks.
"""

from __future__ import annotations

from ninja import Schema

from qcounty.core.framework.inputs import Input
from qcounty.core.framework.model import Tier, Unit, Window


class SchemeSummary(Schema):
    id: str
    name: str
    version: str
    provider: str
    total_points: float


class Criterion(Schema):
    """One scoring clause: the seed's evaluation standard verbatim and its rule's kind."""

    id: str
    standard: str
    points: float
    rule: str


class Indicator(Schema):
    number: int
    name: str
    points: float
    units: list[str]
    preamble: str
    tiered: bool
    cumulative_cap: str
    inputs: list[Input]
    criteria: list[Criterion]


class SecondLevel(Schema):
    name: str
    points: float
    indicators: list[Indicator]


class FirstLevel(Schema):
    name: str
    points: float
    second_level: list[SecondLevel]


class Gate(Schema):
    """The prerequisite (前置指标) or the one-vote veto (一票否决项)."""

    id: str
    kind: str
    name: str
    statement: str
    standard: str
    consequence: str
    units: list[str]
    inputs: list[Input]


class Scheme(SchemeSummary):
    source: str
    locale: str
    default_evaluation_year: int
    units: list[Unit]
    tiers: list[Tier]
    windows: dict[str, Window]
    gates: list[Gate]
    first_level: list[FirstLevel]
