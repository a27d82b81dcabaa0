"""Fixtures of the statistical feed's tests: Shandong's 136 counties, each with an application."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest

from qcounty.core.cohort import shandong_counties
from qcounty.web.campaigns.actions import open_application
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from tests.web.conftest import World

KEY = "i30.resident_population"  # 当地常住人口, a count
LABEL = "当地常住人口"
SOURCE = "山东省统计局《2022年山东统计年鉴》"
AS_OF = "2023-05-01"
Kind = Organisation.Kind


@dataclass
class Province:
    world: World
    counties: list[Organisation]  # the 136, in the order of the shipped list
    applications: dict[str, Application]  # "city+county" → its application

    def application(self, city: str, county: str) -> Application:
        return self.applications[city + county]


def figure(index: int) -> int:
    """Return the resident population fed for the county at `index` of the shipped list."""
    return 300_000 + 1_000 * index


@pytest.fixture
def province(world: World) -> Province:
    """Add the rest of Shandong's counties to the world's province, each with an application."""
    cities: dict[str, Organisation] = {"威海市": world.weihai}
    counties = []
    for known in shandong_counties():
        city = cities.get(known.city)
        if city is None:
            city, _ = Organisation.objects.get_or_create(
                kind=Kind.CITY, name=known.city, parent=world.province, tier=known.tier
            )
            cities[known.city] = city
        county, _ = Organisation.objects.get_or_create(
            kind=Kind.COUNTY, name=known.county, parent=city
        )
        counties.append(county)
    applications = {
        f"{c.parent.name}{c.name}": open_application(world.campaign, c)  # type: ignore[union-attr]
        for c in counties
    }
    return Province(world, counties, applications)


def feed_csv(
    rows: list[list[object]], header: tuple[str, ...] = ("市", "县（市、区）", "字段", "数值")
) -> bytes:
    """Return a CSV file of the rows, as Excel saves it (UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def population_rows(field: str = LABEL) -> list[list[object]]:
    """Return one row per shipped county: its city, name, the input and `figure(index)`."""
    return [
        [known.city, known.county, field, figure(i)] for i, known in enumerate(shandong_counties())
    ]
