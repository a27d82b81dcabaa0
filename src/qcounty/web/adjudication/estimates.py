"""The core's estimates of one application: for the county's claims and for the values that count.

Estimated against the campaign's reference cohort, as the county's self-assessment is: the
cohort's own score (all applicants together) is the evaluation app's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qcounty.core.results import CountyResult
from qcounty.core.wording import Wording, wording
from qcounty.web.adjudication.effective import apply_decisions, events_of, resolve
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.scoring import assess_values, values_of


@dataclass
class Difference:
    number: int
    name: str
    claimed: float
    adjudicated: float

    @property
    def change(self) -> float:
        return self.adjudicated - self.claimed


@dataclass
class Estimate:
    """The core's estimates of one application: for the claims and for the values that count."""

    claimed: CountyResult
    adjudicated: CountyResult
    words: Wording = field(default_factory=lambda: wording(None))  # the scheme's status names

    @property
    def status_claimed(self) -> str:
        return self.words.status(self.claimed.status)

    @property
    def status_adjudicated(self) -> str:
        return self.words.status(self.adjudicated.status)

    @property
    def levels(self) -> list[tuple[str, float, float, float]]:
        """Return (name, most, claimed, adjudicated) per first-level indicator."""
        return [
            (a.name, a.max, a.points, b.points)
            for a, b in zip(self.claimed.first_level, self.adjudicated.first_level, strict=True)
        ]

    @property
    def differences(self) -> list[Difference]:
        """Return the indicators whose points the province's decisions changed."""
        return [
            Difference(a.number, a.name, a.points, b.points)
            for a, b in zip(self.claimed.indicators, self.adjudicated.indicators, strict=True)
            if abs(a.points - b.points) > 1e-9
        ]


def estimates(application: Application) -> Estimate:
    """Return the core's estimates for the county's claims and for the values that count."""
    claims = values_of(application)
    values = apply_decisions(claims, resolve(claims, events_of(application)))
    return estimate_both(application, claims, values)


def estimate_both(
    application: Application, claims: dict[str, Any], values: dict[str, Any]
) -> Estimate:
    """Return the estimates of the claims and of the values that count (scored once when the
    decisions changed no value: the page of an application was scoring the same county twice).

    Each scored once per state of its values, against the reference's columns built once
    (`reporting.scoring.assess_values`, as the county's score panel): every page of the
    workspace was scoring the county in the whole reference cohort again (half its CPU)."""
    claimed = assess_values(application, claims)
    if values == claims:
        return Estimate(claimed, claimed, wording(application.campaign.framework))
    adjudicated = assess_values(application, values)
    return Estimate(claimed, adjudicated, wording(application.campaign.framework))
