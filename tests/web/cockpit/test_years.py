"""The multi-year view: a county's scores and values, campaign beside campaign.

Wendeng's 2022 application (accepted by the province) reported item 1 only: 2 points; its 2023
application (a draft) items 1, 28, 29 and 27 "analysed, not published": 6 points (see
test_report.py for the hand-made reference).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from tests.web.cockpit.test_report import (
    WENDENG_2023,
    _fresh_scores,  # noqa: F401  (an autouse fixture)
    earlier_campaign,
    store,
    with_hand_made_reference,
)
from tests.web.conftest import World


def url(world: World) -> str:
    return reverse("cockpit:years", args=[world.wendeng.pk])


def rows(response: Any) -> dict[str, list[str]]:
    """Return each table row's first cell → the texts of its cells (tags stripped)."""
    html = response.content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    out: dict[str, list[str]] = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        out.setdefault(cells[0], cells[1:])
    return out


def changed_cells(response: Any) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r'<td class="[^"]*\bchanged\b[^"]*">(.*?)</td>', html, re.S)
    ]


@pytest.fixture
def two_years(world: World) -> World:
    with_hand_made_reference(world)
    store(world.application, WENDENG_2023)
    earlier_campaign(world)
    return world


def test_the_office_sees_both_years_scores_side_by_side(
    two_years: World, office_client: Client
) -> None:
    response = office_client.get(url(two_years))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r">2022</a>.*>2023</a>", html, re.S)  # oldest first
    table = rows(response)
    # 2 points, then 2 + 2 + 1 + 1 = 6: up 4; 2022's of the province's checked values
    assert table["核实后得分／自评总分"] == ["100", "2.00", "6.00 ↑"]
    assert "省级公布" not in table  # the province has published no list
    assert table["质量发展理念"] == ["16", "2.00", "2.00"]  # item 1 both years
    assert table["质量发展成效"] == ["39", "0.00", "3.00 ↑"]  # items 28 and 29 in 2023
    assert table["估算名次"] == ["", "—", "1/5"]  # no reference in 2022


def test_every_input_is_shown_as_users_read_it_and_changes_stand_out(
    two_years: World, office_client: Client
) -> None:
    response = office_client.get(url(two_years))
    table = rows(response)
    slogan = "质量精神或质量发展宣传口号在党委政府文件中有明确体现"
    assert table[slogan] == ["", "是", "是"]
    safe = "创建成为省级及以上农产品质量安全县并在动态评价中保持合格"
    assert table[safe] == ["", "未填报", "是"]
    assert table["28. 创建成为省级及以上农产品质量安全县，并在动态评价中保持合格。"] == [
        "2",
        "0.00",
        "2.00 ↑",
    ]
    changed = changed_cells(response)
    assert "是" in changed  # item 28's value, reported in 2023
    assert "2.00 ↑" in changed and "6.00 ↑" in changed
    assert table["前置指标"] == ["", "达标", "达标"]


def test_the_province_sees_only_the_applications_it_has(two_years: World, login: Any) -> None:
    response = login(two_years.evaluator).get(url(two_years))
    assert response.status_code == 200
    html = response.content.decode()
    assert ">2022</a>" in html and ">2023</a>" not in html  # 2023 is still the county's draft
    assert rows(response)["核实后得分"] == ["100", "2.00"]
    assert "领导驾驶舱" not in html  # the dashboard is the county's


def test_the_province_does_not_find_a_county_without_a_submitted_application(
    world: World, login: Any
) -> None:
    assert login(world.evaluator).get(url(world)).status_code == 404


def test_the_provinces_corrections_show_in_the_accepted_year(
    two_years: World, office_client: Client
) -> None:
    from qcounty.web.adjudication.models import Decision

    earlier = Application.objects.get(campaign__evaluation_year=2022)
    Decision.objects.create(
        application=earlier,
        key="i01.slogan",
        kind=Decision.Kind.CORRECTED,
        claimed=True,
        value=False,
        reason="口号未见于党委政府文件",
        decided_by=two_years.evaluator,
    )
    table = rows(office_client.get(url(two_years)))
    assert table["质量精神或质量发展宣传口号在党委政府文件中有明确体现"] == ["", "否", "是"]
    assert table["核实后得分／自评总分"] == ["100", "0.00", "6.00 ↑"]  # 2022: item 1 corrected


def test_a_county_without_applications_says_so(world: World, office_client: Client) -> None:
    Application.objects.filter(county=world.wendeng).delete()
    response = office_client.get(url(world))
    assert response.status_code == 200
    assert "本县还没有任何创建周期的申报。" in response.content.decode()


# --------------------------------------------------------------------------- access


def test_a_clerk_of_the_county_may_not_see_it(two_years: World, login: Any) -> None:
    assert login(two_years.market_clerk).get(url(two_years)).status_code == 403


def test_another_countys_office_and_clerk_do_not_find_it(two_years: World, login: Any) -> None:
    assert login(two_years.rongcheng_office).get(url(two_years)).status_code == 404
    assert login(two_years.rongcheng_clerk).get(url(two_years)).status_code == 404


def test_only_counties_have_a_history(two_years: World, office_client: Client) -> None:
    for org in (two_years.weihai, two_years.market_dept):
        assert office_client.get(reverse("cockpit:years", args=[org.pk])).status_code == 404
    missing = Organisation.objects.order_by("-pk").first().pk + 1  # type: ignore[union-attr]
    assert office_client.get(reverse("cockpit:years", args=[missing])).status_code == 404


def test_the_administrator_sees_every_year(two_years: World, login: Any) -> None:
    response = login(two_years.admin).get(url(two_years))
    assert rows(response)["核实后得分／自评总分"] == ["100", "2.00", "6.00 ↑"]


def test_the_years_are_drawn_as_a_chart_of_first_level_points(
    two_years: World, office_client: Client
) -> None:
    """Beside the table, a chart: each year's first-level points, its total in the legend."""
    import json

    html = office_client.get(url(two_years)).content.decode()
    assert 'data-chart="years"' in html
    script = re.search(
        r'<script id="years-chart-data" type="application/json">(.*?)</script>', html
    )
    assert script is not None
    chart = json.loads(script.group(1))
    assert chart["years"] == ["2022", "2023"]
    assert chart["levels"][0] == "质量发展理念" and chart["levels"][-1] == "质量发展成效"
    assert chart["totals"] == [2.0, 6.0]  # as the table's 核实后得分／自评总分 row
    assert chart["points"][0][0] == chart["points"][1][0] == 2.0  # item 1 both years
    assert chart["points"][1][-1] == 3.0  # items 28 and 29 in 2023


def test_a_reload_scores_nothing_again_and_a_saved_value_scores_anew(
    two_years: World, office_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qcounty.web.cockpit import reportdata
    from qcounty.web.reporting.models import InputValue

    calls: list[str] = []
    real = reportdata.self_assess

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1].name)
        return real(*args, **kwargs)

    monkeypatch.setattr(reportdata, "self_assess", counted)
    first = rows(office_client.get(url(two_years)))
    scored_first = len(calls)
    assert scored_first >= 1
    assert rows(office_client.get(url(two_years))) == first  # the reload: every result cached
    assert len(calls) == scored_first
    InputValue.objects.filter(application=two_years.application).delete()  # the values change
    office_client.get(url(two_years))
    assert len(calls) == scored_first + 1  # the changed application only


def test_a_year_under_an_earlier_version_compares_only_through_the_mapping(
    two_years: World, office_client: Client
) -> None:
    from qcounty.core.framework.loader import resolve
    from qcounty.web.campaigns.models import Campaign
    from qcounty.web.schemes import actions

    # 2023 runs on a revision of the scheme whose mapping carries item 1 over and nothing else
    text = resolve("shandong-county-2022").read_text(encoding="utf-8")
    text = text.replace('version: "2022"', 'version: "2022.2"', 1) + (
        '\npredecessor: {id: shandong-county-2022, version: "2022",'
        " mapping: [{number: 1, from: [1]}]}\n"
    )
    row = actions.upload_scheme(two_years.admin, text.encode())
    actions.publish_scheme(two_years.admin, row.pk)
    Campaign.objects.filter(pk=two_years.campaign.pk).update(framework_version="2022.2")
    response = office_client.get(url(two_years))
    assert "各年度使用的评价体系版本不同" in response.content.decode()
    table = rows(response)
    first = next(v for k, v in table.items() if k.startswith("1. "))
    assert first[1:] == ["2.00", "2.00"]  # mapped: 2022's item 1 beside 2023's
    later = next(v for k, v in table.items() if k.startswith("28. "))
    assert later[1] == "不可比"  # not mapped: not lined up by its number
