"""The gap page: points lost per indicator and the actions that win points back."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from qcounty.core.cohort import parse_cohort
from qcounty.core.gaps import gap_actions
from qcounty.web.campaigns.models import Application
from qcounty.web.cockpit import gapdata
from qcounty.web.reporting import actions
from qcounty.web.reporting.scoring import county_of
from tests.web.conftest import YEAR, World, framework, reference_cohort

FIVE_ACTIVITIES = ["quality_month", "brand_day", "consumer_day", "standards_day", "qc_groups"]


def fill(world: World, values: dict[str, Any]) -> None:
    """Store values as the office would (each through the reporting action)."""
    for key, value in values.items():
        actions.save_value(world.application, key, value, world.office)


def url(name: str, application: Application) -> str:
    return reverse(f"cockpit:{name}", args=[application.pk])


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_office_sees_its_points_lost_and_the_actions_ranked_by_gain(
    world: World, office_client: Client
) -> None:
    fill(
        world,
        {
            "i27.analysed": True,  # "已开展，未定期发布，得1分": publishing it is +1
            "i27.published": False,
            "i03.activities": FIVE_ACTIVITIES,  # 3 − 2 × 0.5 = 2: each missing one +0.5
        },
    )
    response = office_client.get(url("gaps", world.application))
    assert response.status_code == 200
    page = _text(response)
    assert "定期向社会发布质量发展状况分析报告" in page
    assert "近一年开展的群众性质量文化活动：补上“世界计量日”" in page
    # the link to the indicator in the reporting form, at its anchor
    form = reverse("reporting:application", args=[world.application.pk])
    assert f'href="{form}?indicator=27#indicator-27"' in page
    # item 27's row: +1.00 and its points now (1 of 2)
    row = re.search(r"定期向社会发布质量发展状况分析报告.*?</tr>", page).group(0)
    assert "+1.00" in row and "1.00 / 2" in row
    # item 3 lost 1 point: 3 − 2
    loss = re.search(r'<tr id="loss-3">.*?</tr>', page).group(0)
    assert '<td class="num lost">1.00</td>' in loss


def test_the_page_lists_what_the_core_computes_in_its_order(
    world: World, office_client: Client
) -> None:
    fill(world, {"i27.analysed": True, "i27.published": False, "i17.metrologists": 5})
    expected = gap_actions(
        framework(),
        county_of(world.application),
        YEAR,
        parse_cohort(reference_cohort(), framework()),
    )
    page = _text(office_client.get(url("gaps", world.application)))
    top, _, rest = page.partition("<h2>全部提分做法")
    # the top ten: the core's plan, in its order
    plan = gapdata.plan_for(world.application)
    positions = [top.find(escape(s.action.text)) for s in plan.steps]
    assert len(positions) == 10
    assert -1 not in positions and positions == sorted(positions)
    assert f"全部提分做法（{len(expected)} 项）" in page
    assert all(escape(a.text) in rest for a in expected)
    # 17.1: 0.1 per person above 3, at most 1: 13 persons, 1 − 0.2 = +0.8
    assert "注册计量师数量达到 13 人" in page


def test_an_efficacy_threshold_action_states_its_range(world: World, office_client: Client) -> None:
    fill(world, {"i17.a_class_coverage": 80})  # below 90 %: 17.3 gives nothing
    page = _text(office_client.get(url("gaps", world.application)))
    row = re.search(r"A类强制检定社会公用计量标准覆盖率达到 90 %.*?</tr>", page).group(0)
    # at the threshold x_s = 90: d = 60, 0.5 × 0.6 = 0.3; at most d = 100: 0.5
    assert "约 +0.30" in row and "0.30–0.50" in row


def test_a_department_clerk_may_not_see_the_cockpit(world: World, login: Any) -> None:
    client = login(world.market_clerk)
    for name in ("gaps", "whatif", "rank"):
        assert client.get(url(name, world.application)).status_code == 403


def test_another_countys_office_gets_404(world: World, login: Any) -> None:
    client = login(world.rongcheng_office)
    for name in ("gaps", "whatif", "rank"):
        assert client.get(url(name, world.application)).status_code == 404


def test_the_evaluator_sees_a_submitted_application_only(world: World, login: Any) -> None:
    client = login(world.evaluator)
    assert client.get(url("gaps", world.application)).status_code == 404  # a draft
    Application.objects.filter(pk=world.application.pk).update(status=Application.Status.SUBMITTED)
    assert client.get(url("gaps", world.application)).status_code == 200
    assert client.get(url("rank", world.application)).status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in(world: World, client: Client) -> None:
    response = client.get(url("gaps", world.application))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("method", ["post", "put"])
def test_the_gap_page_only_answers_get(world: World, office_client: Client, method: str) -> None:
    response = getattr(office_client, method)(url("gaps", world.application))
    assert response.status_code == 405


def _top_rows(page: str) -> list[str]:
    top = page.partition("最值得做的十件事")[2].partition("各指标失分")[0]
    return re.findall(r'<tr class="action">.*?</tr>', top)


def _gain(row: str, cls: str) -> float:
    found = re.search(rf'class="num {cls}">(?:约 )?\+(\d+\.\d+)', row)
    assert found, row
    return float(found.group(1))


def test_the_top_ten_wins_each_lost_point_once_and_adds_up(
    world: World, office_client: Client
) -> None:
    # the application is empty: item 15 has 0 of its 3 points, and a member of an international
    # technical committee (15.1, 3 points) or two national pilots (15.3, 3 points) alone fill it
    analysis = gapdata.gaps_for(world.application)
    alone = [a for a in analysis.actions[:10] if a.indicator == 15]
    assert len(alone) >= 2 and all(a.gain == pytest.approx(3.0) for a in alone)
    page = _text(office_client.get(url("gaps", world.application)))
    rows = _top_rows(page)
    assert len(rows) == 10
    assert len([r for r in rows if "第 15 项" in r]) == 1
    gains = [_gain(r, "gain") for r in rows]
    totals = [_gain(r, "cumulative") for r in rows]
    # each row's 累计 is the sum of the gains so far (to the cent of rounding)
    running = 0.0
    for gain, total in zip(gains, totals, strict=True):
        running += gain
        assert total == pytest.approx(running, abs=0.011)
    assert gains == sorted(gains, reverse=True)
    plan = gapdata.plan_for(world.application)
    assert totals[-1] == pytest.approx(round(plan.gain, 2))
    # the efficacy-coefficient steps are estimates: 约, with the range of the ten together
    assert re.search(rf"十件都做：(约 )?\+{plan.gain:.2f} 分", page)
    assert plan.gain < sum(a.gain for a in analysis.actions[:10])  # alone they overlap
    # the full list keeps every way, and marks the one chosen
    assert f"全部提分做法（{len(analysis.actions)} 项）" in page
    # the ten put into the what-if give the announced total
    whatif = office_client.get(url("whatif", world.application) + "?plan=10").content.decode()
    shown = re.search(r'id="whatif-total">([^<]*)<', whatif).group(1)
    assert shown == f"{plan.after:.2f}"
    assert "已代入“最值得做的十件事”的前 10 件" in whatif


def test_the_page_says_why_fewer_actions_are_listed_than_candidates(
    world: World, office_client: Client
) -> None:
    # one provincial pilot: item 15 has 1 of 3 points; one national pilot (15.3: 2 points)
    # fills it, and two (15.3's "2项及以上 3分") gain no more: that one is not listed.
    # Item 10 (9 funded domains, −0.5 for each missing) unreported: one domain added gains
    # nothing (3 − 8 × 0.5 < 0), only all nine do: 9 candidates without gain
    spec = framework().records_input("i15.pilots")
    pilot = {"level": "provincial", "title": "试点", "undertaker": "某公司", "date": "2022-09-01"}
    actions.add_record(world.application, spec, pilot, world.office)
    analysis = gapdata.gaps_for(world.application)
    assert analysis.dominated >= 1 and analysis.no_gain >= 9
    listed = len(analysis.actions)
    assert analysis.candidates == listed + analysis.no_gain + analysis.dominated
    page = _text(office_client.get(url("gaps", world.application)))
    assert f"共 {analysis.candidates} 项" in page and f"全部提分做法（{listed} 项）" in page
    assert (
        f"候选做法共 {analysis.candidates} 项，其中{analysis.no_gain} 项代入后重新计分不增加分数"
        f"（或增加不到 0.01 分）；{analysis.dominated} 项与同一条标准下改动更少的另一做法"
        "增加的分数相同（只列改动少的），未列出。"
    ) in page


def test_the_chart_names_each_indicator_by_its_short_name(
    world: World, office_client: Client
) -> None:
    """The chart's axis reads “3 质量文化”, “27 质量管理”, not bare numbers."""
    import json

    fill(world, {"i27.analysed": True, "i27.published": False, "i03.activities": FIVE_ACTIVITIES})
    html = office_client.get(url("gaps", world.application)).content.decode()
    script = re.search(r'<script id="gaps-chart-data" type="application/json">(.*?)</script>', html)
    assert script is not None
    names = json.loads(script.group(1))["names"]
    assert "3 质量文化" in names and "27 质量管理" in names  # their second-level indicators
    assert all(re.fullmatch(r"\d+ \S+", n) for n in names)


def test_the_gaps_and_the_plan_follow_a_saved_value_while_cached(world: World) -> None:
    # the analysis and the plan are cached per state of the counted values: a save is a new key
    fill(world, {"i27.analysed": True, "i27.published": False})  # 1 of item 27's 2 points
    before = gapdata.gaps_for(world.application)
    assert gapdata.gaps_for(world.application) is before  # cached
    assert any(a.indicator == 27 for a in before.actions)
    assert gapdata.plan_for(world.application).before == pytest.approx(before.result.total)
    fill(world, {"i27.published": True})  # "定期发布" : item 27 full, nothing left to win
    after = gapdata.gaps_for(world.application)
    assert after is not before
    assert after.result.total == pytest.approx(before.result.total + 1)
    assert not any(a.indicator == 27 for a in after.actions)
    assert gapdata.plan_for(world.application).before == pytest.approx(after.result.total)
