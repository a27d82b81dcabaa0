"""Scores as the scoring core computed them: a county's self-assessment with its reasons,
a snapshot's ranking, a published list's frozen figures. Nothing here computes a point."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema


class LevelScore(Schema):
    name: str
    max: float
    points: float | None


class GateResult(Schema):
    id: str
    name: str
    passed: bool
    messages: list[str]


class CriterionResult(Schema):
    id: str
    rule: str
    max: float
    raw: float | None
    points: float | None
    inputs: dict[str, str]
    efficacy: list[dict[str, Any]]
    floor: float | None
    ceiling: float | None
    messages: list[str]
    review: list[str]


class IndicatorResult(Schema):
    number: int
    name: str
    max: float
    raw: float | None
    points: float | None
    tiered: bool
    notes: list[str]
    criteria: list[CriterionResult]


class SelfAssessment(Schema):
    """The county's self-assessed score against its campaign's reference, with the reasons."""

    application_id: int
    name: str
    city: str
    tier: int
    status: str
    total: float | None
    floor: float | None
    ceiling: float | None
    gates: list[GateResult]
    first_level: list[LevelScore]
    second_level: list[LevelScore]
    indicators: list[IndicatorResult]


class Snapshot(Schema):
    id: int
    campaign_id: int
    scheme_id: str
    scheme_version: str
    evaluation_year: int
    counties: int
    note: str
    created_at: datetime
    cohort_sha256: str
    scheme_sha256: str


class LevelPoints(Schema):
    name: str
    points: float | None
    max: float


class RankingRow(Schema):
    position: int
    application_id: int
    rank: int | None
    tier_rank: int | None
    shared: bool
    county: str
    city: str
    tier: int
    tier_name: str
    total: float | None
    first_level: list[LevelPoints]
    status: str
    status_zh: str
    selected: bool
    tied_at_boundary: bool
    reason: str


class Publication(Schema):
    id: int
    campaign_id: int
    snapshot_id: int
    kind: str
    title: str
    version: int
    titles: int
    counties: int
    ranked: int
    notice: str
    published_on: date
    published_at: datetime
