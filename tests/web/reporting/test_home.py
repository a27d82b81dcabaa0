"""Each role's home page is its work queue: counts first, then the items, each one click from
its action; the province's list of applications is filtered, searched, sorted and paginated."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.adjudication.models import ExpertScore, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting import queues
from qcounty.web.review.actions import transition_section
from qcounty.web.review.models import ReturnNote, Section
from qcounty.web.review.sections import ensure_sections
from tests.web.conftest import World, _user
from tests.web.review.conftest import put

Status = Application.Status


def home(client: Client, query: str = "") -> str:
    return client.get(reverse("home") + query).content.decode()


def queue_rows(html: str) -> list[tuple[str, str]]:
    """Return (link, county name) of each row of the home page's list, in order."""
    if 'class="list queue-list"' not in html:
        return []
    table = html[html.index('class="list queue-list"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<td class="county"><a href="([^"]+)">([^<]+)</a>', table)


def submit(application: Application) -> None:
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)


# ---------------------------------------------------------------- the province


def test_the_province_home_puts_the_application_waiting_for_it_first_with_a_link(
    world: World, login: Callable[[User], Client]
) -> None:
    """126 rows with the campaign's name as link text buried 文登区 已报省: now it comes
    first, under its own name, linked to the province's workspace on it, with 接收 one click
    away."""
    call_command("fill_campaign", applications=10, seed=5)
    submit(world.application)
    html = home(login(world.evaluator))
    rows = queue_rows(html)
    assert len(rows) == 11  # 10 accepted, 文登区 submitted (荣成市 is a draft)
    assert rows[0] == (reverse("adjudication:application", args=[world.application.pk]), "文登区")
    assert all(name != world.campaign.name for _link, name in rows)
    receive = reverse("reporting:application", args=[world.application.pk]) + "#review-panel"
    assert f'href="{receive}"' in html
    counts = html[html.index("province-counts") : html.index("快照与发布")]
    assert re.search(r"<strong>1</strong> 份申报待接收", counts)


def test_the_province_home_sorts_by_city_in_the_administrative_order(
    world: World, login: Callable[[User], Client]
) -> None:
    call_command("fill_campaign", applications=20, seed=5)
    rows = Application.objects.filter(campaign=world.campaign).exclude(status=Status.DRAFT)
    expected = [
        a.county.name
        for a in rows.select_related("county").order_by("county__parent_id", "county_id")
    ]
    shown = [name for _link, name in queue_rows(home(login(world.evaluator), "?sort=city"))]
    assert shown == expected


def test_the_province_home_filters_by_city_tier_state_and_county_name(
    world: World, login: Callable[[User], Client]
) -> None:
    call_command("fill_campaign", applications=30, seed=5)
    submit(world.application)
    client = login(world.evaluator)
    names = lambda query: {n for _l, n in queue_rows(home(client, query))}  # noqa: E731
    assert names("?q=文登") == {"文登区"}
    assert names("?status=submitted") == {"文登区"}
    weihai = names(f"?city={world.weihai.pk}")
    assert "文登区" in weihai
    held = Application.objects.filter(campaign=world.campaign).exclude(status=Status.DRAFT)
    assert weihai == {a.county.name for a in held.filter(county__parent=world.weihai)}
    tier_2 = names("?tier=2")
    assert tier_2 == {a.county.name for a in held.filter(county__parent__tier=2)}
    assert names("?q=没有这个县") == set()
    assert "没有符合条件的申报" in home(client, "?q=没有这个县")
    assert home(client, "?city=abc&tier=9&status=x&sort=y&page=z")  # ignored, not an error


def test_the_province_home_is_paginated(world: World, login: Callable[[User], Client]) -> None:
    call_command("fill_campaign", applications=queues.PAGE_SIZE + 5, seed=5)
    client = login(world.evaluator)
    first, second = home(client), home(client, "?sort=waiting&page=2")
    assert len(queue_rows(first)) == queues.PAGE_SIZE
    assert len(queue_rows(second)) == 5
    assert 'rel="next"' in first and "第 1 / 2 页" in first
    assert not {n for _l, n in queue_rows(first)} & {n for _l, n in queue_rows(second)}


def test_the_top_bar_names_the_province_evaluation(
    world: World, login: Callable[[User], Client]
) -> None:
    html = home(login(world.evaluator))
    nav = html[html.index("<nav>") : html.index("</nav>")]
    assert f'href="{reverse("evaluation:index")}"' in nav and "省级评价" in nav
    assert f'href="{reverse("adjudication:index")}"' in nav and "省级核实" in nav
    assert 'aria-current="page">省级工作台' in nav


def test_the_evaluator_opens_the_results_to_experts_from_the_home_page(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.evaluator)
    html = home(client)
    url = reverse("evaluation:experts_see_results", args=[world.campaign.pk])
    assert f'action="{url}"' in html and "未开放（背靠背评审）" in html
    client.post(url, {"allowed": "1"})
    world.campaign.refresh_from_db()
    assert world.campaign.experts_see_results


# ---------------------------------------------------------------- an expert


def test_an_experts_home_counts_the_judged_items_left_to_score_by_county(
    world: World, login: Callable[[User], Client]
) -> None:
    """The expert's home was the 126-row list without 待评分: now Wendeng's 0/8 comes first."""
    expert = _user("expert-1", User.Role.EXPERT, world.province)
    call_command("fill_campaign", applications=3, seed=5)
    submit(world.application)
    judged = [x.key for x in world.campaign.framework.inputs() if x.judged]
    for a in Application.objects.filter(campaign=world.campaign, status=Status.ACCEPTED):
        for key in judged:
            ExpertScore.objects.create(application=a, key=key, expert=expert, value=1)
    ExpertScore.objects.create(application=world.application, key=judged[0], expert=expert, value=1)
    html = home(login(expert))
    assert "<h1>待评分" in html
    left = len(judged) - 1
    assert re.search(rf"<strong>{left}</strong> 项待评分（共 {4 * len(judged)} 项）", html)
    first_link, first = queue_rows(html)[0]
    assert first == "文登区"
    # the link opens the workspace at the group of the next item (the page loads one group)
    number = next(
        i.number
        for i in world.campaign.framework.indicators()
        if judged[1] in {x.key for x in i.inputs}
    )
    anchor = f"?indicator={number}#input-" + judged[1].replace(".", "-").replace("_", "-")
    assert first_link == reverse("adjudication:application", args=[world.application.pk]) + anchor
    assert f"1 / {len(judged)}" in html


def test_an_expert_sees_no_ranking_link_before_the_province_opens_the_results(
    world: World, login: Callable[[User], Client]
) -> None:
    expert = _user("expert-1", User.Role.EXPERT, world.province)
    client = login(expert)
    evaluation = f'href="{reverse("evaluation:index")}"'
    assert evaluation not in home(client)
    world.campaign.experts_see_results = True
    world.campaign.save()
    assert evaluation in home(client)


# ---------------------------------------------------------------- a county


def test_a_clerks_home_links_each_empty_field_and_each_returned_field_with_its_reason(
    world: World, login: Callable[[User], Client]
) -> None:
    ensure_sections(world.application)
    section = Section.objects.get(application=world.application, department=world.market_dept)
    put(section, Section.Status.SUBMITTED)
    key = "i17.metrologists"
    transition_section(section, "return_section", world.office, reason="请补充证书编号", key=key)
    html = home(login(world.market_clerk))
    page = reverse("reporting:application", args=[world.application.pk])
    assert re.search(r"<strong>1</strong> 项被退回待修改", html)
    assert f'href="{page}?indicator=17#field-i17metrologists"' in html
    assert "请补充证书编号" in html
    missing = re.search(r"<strong>(\d+)</strong> 项尚未填报", html)
    assert missing and int(missing.group(1)) > 0
    listed = html[html.index('class="queue-items missing-items"') :]
    listed = listed[: listed.index("</ul>")]
    assert listed.count(f'<li><a href="{page}?indicator=') + listed.count(
        f'<li><a href="{page}#gates"'
    ) == int(missing.group(1))


def test_an_offices_home_lists_the_sections_waiting_for_its_review(
    world: World, login: Callable[[User], Client]
) -> None:
    ensure_sections(world.application)
    section = Section.objects.get(application=world.application, department=world.market_dept)
    put(section, Section.Status.SUBMITTED)
    html = home(login(world.office))
    assert re.search(r"<strong>1</strong> 个部门待审核", html)
    page = reverse("reporting:application", args=[world.application.pk])
    on_panel = f'href="{page}#section-{section.pk}">区市场监管局</a>'
    review_page = f'href="/review/section/{section.pk}/">区市场监管局</a>'  # if there is one
    assert on_panel in html or review_page in html
    assert "申报截止" in html and "部门填报截止" in html


def test_an_offices_home_shows_why_the_province_returned_the_application(
    world: World, login: Callable[[User], Client]
) -> None:
    Application.objects.filter(pk=world.application.pk).update(status=Status.RETURNED)
    ReturnNote.objects.create(
        application=world.application,
        key="i17.metrologists",
        reason="请补充注册计量师证书",
        created_by=world.evaluator,
    )
    html = home(login(world.office))
    page = reverse("reporting:application", args=[world.application.pk])
    assert "省级退回的理由" in html and "请补充注册计量师证书" in html
    assert f'href="{page}?indicator=17#indicator-17"' in html


def test_the_province_counts_expert_items_scored_since_their_last_reconciliation(
    world: World, login: Callable[[User], Client]
) -> None:
    expert = _user("expert-1", User.Role.EXPERT, world.province)
    call_command("fill_campaign", applications=2, seed=5)
    a, b = Application.objects.filter(campaign=world.campaign, status=Status.ACCEPTED)
    k1, k2 = [x.key for x in world.campaign.framework.inputs() if x.judged][:2]
    earlier, later = dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2024, 2, 1, tzinfo=dt.UTC)

    def score(application: Application, key: str, at: dt.datetime) -> None:
        s = ExpertScore.objects.create(application=application, key=key, expert=expert, value=1)
        ExpertScore.objects.filter(pk=s.pk).update(created_at=at)

    def reconcile(application: Application, key: str, at: dt.datetime) -> None:
        r = Reconciliation.objects.create(
            application=application, key=key, method="mean", value=1, scores=[],
            decided_by=world.evaluator,
        )  # fmt: skip
        Reconciliation.objects.filter(pk=r.pk).update(decided_at=at)

    score(a, k1, earlier)  # never reconciled: waits
    score(b, k1, earlier)
    reconcile(b, k1, later)  # reconciled after the score: settled
    reconcile(b, k2, earlier)
    score(b, k2, later)  # scored again after the reconciliation: waits
    score(a, k2, earlier)
    reconcile(a, k2, later)  # settled
    html = home(login(world.evaluator))
    assert re.search(r"<strong>2</strong> 项专家评分待汇总（2 个县）", html)
