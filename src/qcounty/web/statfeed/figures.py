"""Read the official figures: for a county's form, for the plausibility checks, for the caches.

Only plain numeric inputs a county reports itself may carry an official figure: counts,
numbers and percentages, not a judgement the province's experts settle.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef

from qcounty.core.framework.inputs import CountInput, Input, NumberInput, PercentInput
from qcounty.core.framework.model import Framework
from qcounty.core.messages import fmt
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation
from qcounty.web.statfeed.models import LockedInput, OfficialFigure

Official = dict[tuple[str, str], dict[str, dict[str, Any]]]  # (city, county) → key → figure


def is_feedable(spec: Input | None) -> bool:
    """Return whether an input may carry an official figure (a plain number the county reports)."""
    return isinstance(spec, CountInput | NumberInput | PercentInput) and not spec.judged


def feedable_inputs(framework: Framework) -> list[Input]:
    """Return the framework's inputs that may carry an official figure, in the form's order."""
    return [spec for spec in framework.inputs() if is_feedable(spec)]


@dataclass(frozen=True)
class Figure:
    """An official figure as the form shows it beside the county's claim."""

    key: str
    value: int | float
    source: str
    as_of: dt.date
    locked: bool = False

    @property
    def shown(self) -> str:
        return fmt(self.value, 4)

    def plain(self) -> dict[str, Any]:
        """Return the figure as the core's plausibility check reads it."""
        return {"value": self.value, "source": self.source, "date": self.as_of.isoformat()}


def locked_keys(campaign_id: int) -> set[str]:
    """Return the inputs of the campaign locked to their official figure."""
    return set(LockedInput.objects.filter(campaign_id=campaign_id).values_list("key", flat=True))


def figures_of(application: Application) -> dict[str, Figure]:
    """Return input key → the official figure of the application's county (one query)."""
    locks = LockedInput.objects.filter(campaign_id=OuterRef("campaign_id"), key=OuterRef("key"))
    rows = (
        OfficialFigure.objects.filter(
            campaign_id=application.campaign_id, county_id=application.county_id
        )
        .annotate(locked=Exists(locks))
        .values_list("key", "value", "source", "as_of", "locked")
    )
    return {
        key: Figure(key, value, source, as_of, locked) for key, value, source, as_of, locked in rows
    }


def official_of_application(application: Application) -> Official:
    """Return the county's figures as the core's `check_county` reads them."""
    county = application.county
    city = county.city_name
    figures = figures_of(application)
    return {(city, county.name): {k: f.plain() for k, f in figures.items()}} if figures else {}


def official_of_campaign(campaign: Campaign) -> Official:
    """Return every county's figures of the campaign as the core's `check_cohort` reads them."""
    rows = OfficialFigure.objects.filter(campaign=campaign).values_list(
        "county__parent__kind",
        "county__parent__name",
        "county__name",
        "key",
        "value",
        "source",
        "as_of",
    )
    out: Official = {}
    for kind, city, county, key, value, source, as_of in rows:
        figure = {"value": value, "source": source, "date": as_of.isoformat()}
        # a unit of the province itself has no city (Organisation.city_name)
        city = city if kind == Organisation.Kind.CITY else ""
        out.setdefault((city or "", county), {})[key] = figure
    return out


def stamp(official: Official) -> str:
    """Return a digest of official figures, to key what is computed from them."""
    parts = sorted(
        f"{city}|{county}|{key}|{figure['value']!r}|{figure['source']}|{figure['date']}"
        for (city, county), figures in official.items()
        for key, figure in figures.items()
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
