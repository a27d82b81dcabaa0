"""The top bar names each role's pages as their titles; deep pages show the way back."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.reporting.templatetags import navigation
from tests.web.conftest import World, _user


def top_bar(client: Client, url: str = "/") -> list[str]:
    html = client.get(url).content.decode()
    nav = html[html.index("<nav>") : html.index("</nav>")]
    return re.findall(r'class="role-link[^"]*"[^>]*>([^<]+)</a>', nav)


def test_each_role_has_its_own_links_in_the_top_bar(
    world: World, login: Callable[[User], Client]
) -> None:
    expert = _user("expert-1", User.Role.EXPERT, world.province)
    assert top_bar(login(world.market_clerk)) == ["我的填报"]
    assert top_bar(login(world.office)) == [
        "本县工作台",
        "申报表",
        "进度看板",
        "任务看板",
        "领导驾驶舱",
        "公示与异议",
    ]
    assert top_bar(login(expert)) == ["待评分", "省级核实"]
    assert top_bar(login(world.evaluator)) == [
        "省级工作台",
        "省级核实",
        "省级评价",
        "公示与异议",
        "省级批量导入",
        "评价体系库",
        "统计部门数据",
    ]
    assert top_bar(login(world.admin)) == [
        "省级工作台",
        "省级核实",
        "省级评价",
        "公示与异议",
        "省级批量导入",
        "评价体系库",
        "统计部门数据",
        "接口令牌",
    ]


def test_the_top_bar_names_are_the_titles_of_the_pages_they_open(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.office)
    html = client.get("/").content.decode()
    nav = html[html.index("<nav>") : html.index("</nav>")]
    for url, label in re.findall(r'<a href="([^"]+)" class="role-link[^"]*"[^>]*>([^<]+)</a>', nav):
        page = client.get(url).content.decode()
        title = re.search(r"<title>([^<]*)</title>", page)
        assert title, url
        if label == "申报表":  # the application's page is titled by its county and campaign
            assert world.wendeng.name in title.group(1)
        else:
            assert title.group(1).startswith(label), (url, label, title.group(1))


def test_a_deep_page_shows_the_way_back_to_the_home_page(
    world: World, login: Callable[[User], Client]
) -> None:
    html = login(world.office).get(reverse("review:progress", args=[world.application.pk]))
    crumbs = html.content.decode()
    crumbs = crumbs[
        crumbs.index('class="breadcrumbs') : crumbs.index(
            "</nav>", crumbs.index('class="breadcrumbs')
        )
    ]
    application = reverse("reporting:application", args=[world.application.pk])
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("/", "本县工作台"),
        (application, "文登区"),
    ]
    assert 'aria-current="page">进度看板' in crumbs


def test_the_way_back_does_not_look_up_the_county_offices_latest_application_again(
    world: World, login: Callable[[User], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_up: list[int] = []
    real = navigation._office_links

    def counted(user: User) -> list[tuple[str, str]]:
        looked_up.append(1)
        return real(user)

    monkeypatch.setattr(navigation, "_office_links", counted)
    url = reverse("reporting:application", args=[world.application.pk])
    html = login(world.office).get(url).content.decode()
    assert 'class="breadcrumbs no-print"' in html  # the way back is shown
    assert looked_up == [1]  # by the top bar only: the way back needs the home page alone
