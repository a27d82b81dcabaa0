"""Fixtures of the evaluation tests: a hand-computed cohort of six counties in three tiers.

Every input is blank (not reported: 0 points) except these, so each total can be checked by hand
(item 31, R&D share, is a tiered efficacy-coefficient item worth 2 points; item 1, the slogan, a
yes/no item worth 2 points; gates pass with 20 stations, 4 three-star, 2 four-star):

| county | city (tier) | i31.rd_share | i01.slogan | gates |
| --- | --- | --- | --- | --- |
| 历下区 | 济南市 (1) | 3.0 | | pass |
| 市中区 | 济南市 (1) | 1.0 | | 2 three-star of 20 = 10 % < 16 %: not eligible |
| 文登区 | 威海市 (2) | 2.0 | yes | pass |
| 荣成市 | 威海市 (2) | 4.0 | | pass |
| 德城区 | 德州市 (3) | 1.5 | yes | pass |
| 陵城区 | 德州市 (3) | 5.0 | | a major safety accident: vetoed |

Item 31 compares a county with the eligible counties of its tier (d = 60 + 40 × (x − x_s) /
(x_h − x_s), points = 2 × d / 100):

- tier 1: 历下区 alone (市中区 is out): all equal, d = 100 → 2.00
- tier 2: 文登区 2.0 = x_s → d = 60 → 1.20 (+ 2 slogan = 3.20); 荣成市 4.0 = x_h → 2.00
- tier 3: 德城区 alone → 2.00 (+ 2 = 4.00)
- 市中区 (information only, its tier's bounds, d clipped to 60–100): 1.0 < 3.0 → d = 60 → 1.20
- 陵城区 (likewise): 5.0 > 1.5 → d = 100 → 2.00

Ranking: 德城区 4.00 (1), 文登区 3.20 (2), 历下区 2.00 and 荣成市 2.00 (3, tied); with three
titles the tie at the boundary selects four counties.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.actions import open_application
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation import snapshots
from qcounty.web.evaluation.actions import take_snapshot
from qcounty.web.evaluation.models import CohortSnapshot
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.models import InputValue
from tests.builders import passing_gates
from tests.web.conftest import World, _user

Kind = Organisation.Kind
TITLES = 3
HAND = {  # county → (city, values)
    "历下区": ("济南市", {"i31.rd_share": 3.0}),
    "市中区": ("济南市", {"i31.rd_share": 1.0, "pre.three_star": 2}),
    "文登区": ("威海市", {"i31.rd_share": 2.0, "i01.slogan": True}),
    "荣成市": ("威海市", {"i31.rd_share": 4.0}),
    "德城区": ("德州市", {"i31.rd_share": 1.5, "i01.slogan": True}),
    "陵城区": ("德州市", {"i31.rd_share": 5.0, "veto.safety_accident": True}),
}
TOTALS = {  # the hand computation above
    "历下区": 2.0,
    "市中区": 1.2,
    "文登区": 3.2,
    "荣成市": 2.0,
    "德城区": 4.0,
    "陵城区": 2.0,
}
RANKS = {"德城区": 1, "文登区": 2, "历下区": 3, "荣成市": 3, "市中区": None, "陵城区": None}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_snapshot_cache() -> Iterator[None]:
    # a rolled-back test gives the next test's snapshot the same id (SQLite)
    snapshots.clear_cache()
    yield
    snapshots.clear_cache()


def store_values(application: Application, values: dict[str, Any]) -> None:
    InputValue.objects.bulk_create(
        InputValue(application=application, key=k, value=v) for k, v in values.items()
    )


@pytest.fixture
def cohort(world: World) -> dict[str, Application]:
    """The six applications of the hand cohort, filled and accepted by the province."""
    Campaign.objects.filter(pk=world.campaign.pk).update(titles=TITLES)
    world.campaign.refresh_from_db()
    cities = {"威海市": world.weihai}
    for name, tier in (("济南市", 1), ("德州市", 3)):
        cities[name] = Organisation.objects.create(
            kind=Kind.CITY, name=name, parent=world.province, tier=tier
        )
    counties = {"文登区": world.wendeng, "荣成市": world.rongcheng}
    out = {}
    for name, (city, values) in HAND.items():
        county = counties.get(name) or Organisation.objects.create(
            kind=Kind.COUNTY, name=name, parent=cities[city]
        )
        application = open_application(world.campaign, county)
        store_values(application, passing_gates() | values)
        Application.objects.filter(pk=application.pk).update(status=Application.Status.ACCEPTED)
        application.refresh_from_db()
        out[name] = application
    return out


@pytest.fixture
def snapshot(world: World, cohort: dict[str, Application]) -> CohortSnapshot:
    return take_snapshot(world.campaign, world.evaluator, confirmed=True)


@pytest.fixture
def expert(world: World) -> User:
    return _user("expert-1", User.Role.EXPERT, world.province)


@pytest.fixture
def evaluator_client(world: World, login: Callable[[User], Client]) -> Client:
    return login(world.evaluator)


def tamper(snapshot: CohortSnapshot, **fields: Any) -> None:
    """Change a stored snapshot behind the application's back, as a database console could
    (on PostgreSQL with the table's immutability trigger switched off by its owner)."""
    table = CohortSnapshot._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending events: ALTER may run
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_immutable")
        CohortSnapshot.objects.filter(pk=snapshot.pk).update(**fields)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_immutable")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def position(snapshot: CohortSnapshot, name: str) -> int:
    """Return the county's position in the snapshot's cohort file."""
    import json

    names = [c["name"] for c in json.loads(snapshot.cohort_json)["counties"]]
    return names.index(name)
