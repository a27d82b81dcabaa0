"""The province's evaluation through the API: the core's ranking of a snapshot and the figures
frozen in a published list, read by the province; an expert only once results are opened; a
county reads its own published row and nothing of the evaluation.

The cohort is the evaluation tests' hand-computed one (tests/web/evaluation/conftest.py):
德城区 4.00 (1), 文登区 3.20 (2), 历下区 and 荣成市 2.00 (3, tied); 市中区 and 陵城区 unranked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from qcounty.web.accounts.models import User
from qcounty.web.evaluation import actions
from qcounty.web.evaluation.models import CohortSnapshot
from tests.web.api.conftest import Api
from tests.web.conftest import World
from tests.web.evaluation.conftest import RANKS, TOTALS

Role = User.Role


def test_the_province_reads_the_cores_ranking_of_a_snapshot(
    world: World, snapshot: CohortSnapshot, tokens: dict[str, Api]
) -> None:
    api = tokens["evaluator"]
    listed = api.get("/snapshots").json()
    assert [s["id"] for s in listed["items"]] == [snapshot.pk]
    assert listed["items"][0]["cohort_sha256"] == snapshot.cohort_sha256
    rows = api.get(f"/snapshots/{snapshot.pk}/ranking", limit=100).json()["items"]
    assert {r["county"]: round(r["total"], 2) for r in rows} == TOTALS
    assert {r["county"]: r["rank"] for r in rows} == RANKS
    wendeng = next(r for r in rows if r["county"] == "文登区")
    assert [lv["name"] for lv in wendeng["first_level"]][:1] == ["质量发展环境"] or wendeng[
        "first_level"
    ]


def test_a_published_list_is_read_as_frozen_and_a_county_reads_its_own_row(
    world: World, snapshot: CohortSnapshot, tokens: dict[str, Api]
) -> None:
    publication = actions.publish(snapshot, "proposed", world.evaluator)
    api = tokens["evaluator"]
    assert [p["id"] for p in api.get("/publications").json()["items"]] == [publication.pk]
    assert api.get(f"/publications/{publication.pk}").json()["kind"] == "proposed"
    rows = api.get(f"/publications/{publication.pk}/rows", limit=100).json()["items"]
    assert {r["county"]: round(r["total"], 2) for r in rows} == TOTALS
    # the county office reads its own county's published row, nothing of the province's lists
    office = tokens["office"]
    mine = office.get(f"/applications/{world.application.pk}/published-scores").json()["items"]
    assert [(m["publication_id"], m["rank"], round(m["total"], 2)) for m in mine] == [
        (publication.pk, 2, 3.2)
    ]
    assert office.get(f"/publications/{publication.pk}").status_code == 404
    assert (
        tokens["market_clerk"]
        .get(f"/applications/{world.application.pk}/published-scores")
        .status_code
        == 404
    )


def test_an_expert_reads_results_only_once_the_province_opens_them(
    world: World, snapshot: CohortSnapshot, make_token: Callable[..., Any]
) -> None:
    _token, expert = make_token(world.province, Role.EXPERT, "read")
    assert expert.get("/snapshots").json()["count"] == 0
    blind = expert.get(f"/snapshots/{snapshot.pk}/ranking")
    assert blind.status_code == 403 and "专家" in blind.json()["message"]
    world.campaign.experts_see_results = True
    world.campaign.save()
    assert expert.get(f"/snapshots/{snapshot.pk}/ranking").status_code == 200


@pytest.mark.parametrize("who", ["office", "market_clerk"])
def test_a_county_reads_nothing_of_the_evaluation(
    who: str, world: World, snapshot: CohortSnapshot, tokens: dict[str, Api]
) -> None:
    for path in ("/snapshots", f"/snapshots/{snapshot.pk}", f"/snapshots/{snapshot.pk}/ranking"):
        assert tokens[who].get(path).status_code == 404, path
