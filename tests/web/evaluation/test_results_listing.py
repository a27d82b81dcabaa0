"""The results page of a large cohort: pages of rows, a filter by city, tier and name, a print
view with every row, and no read of the stored cohort file once the snapshot is scored."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qcounty.web.evaluation.models import CohortSnapshot
from qcounty.web.evaluation.views import results


def listed(client: Client, snapshot: CohortSnapshot, **query: str) -> list[str]:
    """Return the counties the ranking and unranked tables show, in their order."""
    page = client.get(reverse("evaluation:snapshot", args=[snapshot.pk]), query)
    assert page.status_code == 200
    html = page.content.decode()
    tables = re.findall(r'<table class="list (?:ranking|unranked)">(.*?)</table>', html, re.S)
    links = re.findall(r'/counties/\d+/">([^<]+)</a>', "".join(tables))
    return links


@pytest.fixture
def four_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "ROWS_PER_PAGE", 4)


# the hand cohort (conftest): ranked 德城区, 文登区, 历下区, 荣成市; unranked 陵城区 (德州市,
# vetoed) and 市中区 (济南市, ineligible), in the core's order; unranked rows follow the ranked
EVERY = ["德城区", "文登区", "历下区", "荣成市", "陵城区", "市中区"]


def test_the_rows_are_split_into_pages(
    snapshot: CohortSnapshot, evaluator_client: Client, four_a_page: None
) -> None:
    assert listed(evaluator_client, snapshot) == EVERY[:4]
    assert listed(evaluator_client, snapshot, page="2") == EVERY[4:]
    page = evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk])).content
    assert "第 1 / 2 页".encode() in page and b'rel="next"' in page


def test_the_print_view_lists_every_row_on_one_page(
    snapshot: CohortSnapshot, evaluator_client: Client, four_a_page: None
) -> None:
    assert listed(evaluator_client, snapshot, all="1") == EVERY


def test_a_city_filter_keeps_that_citys_counties(
    snapshot: CohortSnapshot, evaluator_client: Client, four_a_page: None
) -> None:
    assert listed(evaluator_client, snapshot, city="德州市") == ["德城区", "陵城区"]


def test_a_tier_filter_keeps_that_tiers_counties(
    snapshot: CohortSnapshot, evaluator_client: Client, four_a_page: None
) -> None:
    # 济南市 is tier 1 (conftest): 历下区 ranked, 市中区 not
    assert listed(evaluator_client, snapshot, tier="1") == ["历下区", "市中区"]


def test_a_name_filter_matches_part_of_the_city_or_county_name(
    snapshot: CohortSnapshot, evaluator_client: Client, four_a_page: None
) -> None:
    assert listed(evaluator_client, snapshot, q="城") == ["德城区", "陵城区"]
    assert listed(evaluator_client, snapshot, q="威海") == ["文登区", "荣成市"]
    assert listed(evaluator_client, snapshot, q="没有这个县") == []


def test_filters_combine_and_page_links_keep_them(
    snapshot: CohortSnapshot, evaluator_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(results, "ROWS_PER_PAGE", 1)
    assert listed(evaluator_client, snapshot, city="德州市", tier="3") == ["德城区"]
    html = evaluator_client.get(
        reverse("evaluation:snapshot", args=[snapshot.pk]), {"city": "德州市"}
    ).content.decode()
    assert "city=%E5%BE%B7%E5%B7%9E%E5%B8%82&amp;page=2" in html


def test_a_bad_page_or_tier_shows_the_first_page_and_every_tier(
    snapshot: CohortSnapshot, evaluator_client: Client, four_a_page: None
) -> None:
    assert listed(evaluator_client, snapshot, page="x", tier="一") == EVERY[:4]
    assert listed(evaluator_client, snapshot, page="99") == EVERY[4:]  # the last page


def test_the_selection_line_follows_the_last_selected_county(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    # four selected of four ranked: no line; with titles 1, the line follows 德城区
    html = evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk])).content
    assert b"selection-line" not in html
    snapshot.campaign.__class__.objects.filter(pk=snapshot.campaign_id).update(titles=1)
    html = evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk])).content
    ranking = html.decode().split('class="list ranking"')[1]
    assert ranking.index("德城区") < ranking.index("selection-line") < ranking.index("文登区")


def test_a_scored_snapshots_pages_do_not_read_its_cohort_file(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    county = reverse("evaluation:county", args=[snapshot.pk, 0])
    page = reverse("evaluation:snapshot", args=[snapshot.pk])
    evaluator_client.get(page)  # scored and cached
    for url in (page, county):
        with CaptureQueriesContext(connection) as queries:
            assert evaluator_client.get(url).status_code == 200
        assert not [q for q in queries.captured_queries if "cohort_json" in q["sql"]]


def test_the_policy_comparison_is_paginated_and_its_links_keep_the_policies(
    snapshot: CohortSnapshot, evaluator_client: Client, four_a_page: None
) -> None:
    url = reverse("evaluation:compare", args=[snapshot.pk])
    query = {"a_ec_mapping": "scaled", "b_ec_mapping": "scaled"}

    def rows(page: str) -> list[str]:
        html = evaluator_client.get(url, query | {"page": page}).content.decode()
        table = html.split('class="list compare"')[1].split("</table>")[0]
        return re.findall(r'/counties/\d+/">([^<]+)</a>', table)

    first, second = rows("1"), rows("2")
    assert len(first) == 4 and len(second) == 2
    assert sorted(first + second) == sorted(f"{c}" for c in _full_names())
    html = evaluator_client.get(url, query).content.decode()
    assert "a_ec_mapping=scaled&amp;b_ec_mapping=scaled&amp;page=2" in html


def _full_names() -> list[str]:
    return [
        "德州市德城区",
        "威海市文登区",
        "济南市历下区",
        "威海市荣成市",
        "德州市陵城区",
        "济南市市中区",
    ]
