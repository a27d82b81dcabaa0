"""Every cockpit page scores the same values and says which: the county's, or the province's.

The hand-made reference and Wendeng's values are those of test_report.py: 文登区 has 6 points
(item 1: 2, item 27 analysed but not published: 1, item 28: 2, item 29: 1). Once the application
is with the province and the province corrects item 28 (国家农产品质量安全县) to "no", the
values that count give 6 − 2 = 4 points, on the dashboard, the gap analysis, the rank estimate
and as the base of the what-if alike.
"""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from qcounty.web.adjudication.actions import correct_value
from qcounty.web.campaigns.models import Application
from qcounty.web.cockpit import gapdata
from qcounty.web.reporting.scoring import values_of
from tests.web.cockpit.test_dashboard import data_of
from tests.web.cockpit.test_report import (
    WENDENG_2023,
    _fresh_scores,  # noqa: F401  (an autouse fixture)
    store,
    with_hand_made_reference,
)
from tests.web.conftest import World

HTMX = {"HTTP_HX_REQUEST": "true"}
PROVINCE = "按省级核实后的数据计分"
COUNTY = "按本县填报的数据计分"


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _pages(client: Client, application: Application) -> dict[str, str]:
    pk = application.pk
    return {
        name: _text(client.get(reverse(f"cockpit:{name}", args=[pk])))
        for name in ("dashboard", "gaps", "rank", "whatif")
    }


def _corrected(world: World) -> Application:
    with_hand_made_reference(world)
    store(world.application, WENDENG_2023)
    Application.objects.filter(pk=world.application.pk).update(status=Application.Status.SUBMITTED)
    world.application.refresh_from_db()
    correct_value(
        world.application, "i28.safe_county", False, "未在动态评价中保持合格", world.evaluator
    )
    return world.application


def test_after_a_province_correction_every_page_counts_the_corrected_value(
    world: World, office_client: Client
) -> None:
    application = _corrected(world)
    assert values_of(application)["i28.safe_county"] is True  # the county's claim stands
    pk = application.pk
    dashboard = data_of(office_client.get(reverse("cockpit:dashboard", args=[pk])))["total"]
    gaps = gapdata.gaps_for(application).result.total
    base = gapdata.what_if(application, {}).current.total
    estimate = gapdata.rank_for(application)
    assert estimate is not None
    assert dashboard == round(gaps, 2) == round(base, 2) == round(estimate.total, 2) == 4.0
    pages = _pages(office_client, application)
    # the province's checked values: not the county's self-assessment
    assert "核实后得分 4.00 分" in pages["gaps"]
    assert "自评得分" not in pages["gaps"] and "自评总分" not in pages["dashboard"]
    assert "核实后得分 4.00" in pages["dashboard"]
    # the gap page lists item 28 as lost: 0 of 2 points, 2 lost
    html = office_client.get(reverse("cockpit:gaps", args=[pk])).content.decode()
    row = re.search(r'<tr id="loss-28">(.*?)</tr>', html)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    assert [re.sub(r"<[^>]+>", "", c) for c in cells[2:5]] == ["0.00", "2", "2.00"]
    response = office_client.post(reverse("cockpit:whatif", args=[pk]), {}, **HTMX)
    assert "核实后数据得分 4.00" in _text(response)
    assert re.search(r'id="whatif-total">4\.00<', response.content.decode())
    for name, text in pages.items():
        assert PROVINCE in text, name
        assert COUNTY not in text, name


def test_while_the_application_is_with_the_county_the_pages_say_so(
    world: World, office_client: Client
) -> None:
    with_hand_made_reference(world)
    store(world.application, WENDENG_2023)
    pk = world.application.pk
    assert data_of(office_client.get(reverse("cockpit:dashboard", args=[pk])))["total"] == 6.0
    assert gapdata.gaps_for(world.application).result.total == 6.0  # 2 + 1 + 2 + 1
    for name, text in _pages(office_client, world.application).items():
        assert COUNTY in text, name
        assert PROVINCE not in text, name
