"""The 帮助 link of every page opens the steps of that page's work for the user's role."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.help import texts
from tests.web.conftest import World
from tests.web.help.pages import FALLBACK, UNREACHABLE

HELP_LINK = re.compile(r'<a class="help-link" href="([^"]+)"')

# the pages the test world can show, with their arguments
APPLICATION_PAGES = [
    "reporting:application",
    "review:history",
    "review:progress",
    "tasks:board",
    "tasks:print",
    "tasks:mapping",
    "tasks:assessment",
    "cockpit:dashboard",
    "cockpit:gaps",
    "cockpit:rank",
    "cockpit:whatif",
    "adjudication:application",
    "adjudication:county_view",
]
PLAIN_PAGES = [
    "home",
    "accounts:preferences",
    "accounts:password_change",
    "review:notifications",
    "adjudication:index",
    "evaluation:index",
    "bulk:upload",
    "tokens:index",
    "statfeed:index",
]


def users(world: World) -> dict[str, User]:
    expert = User(username="expert-1", role=User.Role.EXPERT, organisation=world.province)
    expert.set_password("unused-password")
    expert.save()
    return {
        "clerk": world.market_clerk,
        "county_office": world.office,
        "evaluator": world.evaluator,
        "expert": expert,
        "admin": world.admin,
    }


def address(name: str, world: World) -> str:
    if name in APPLICATION_PAGES:
        return reverse(name, args=[world.application.pk])
    if name == "cockpit:years":
        return reverse(name, args=[world.wendeng.pk])
    return reverse(name)


@pytest.mark.parametrize("role", ["clerk", "county_office", "evaluator", "expert", "admin"])
def test_each_page_links_to_its_own_help_or_to_the_roles_general_page(
    role: str, world: World, login: Callable[[User], Client]
) -> None:
    # submitted to the province: the county's roles and the province's both see it
    Application.objects.filter(pk=world.application.pk).update(status=Application.Status.SUBMITTED)
    client = login(users(world)[role])
    for name in [*PLAIN_PAGES, *APPLICATION_PAGES]:
        response = client.get(address(name, world))
        if name in UNREACHABLE[role]:
            assert response.status_code in (403, 404), (role, name, response.status_code)
            continue
        assert response.status_code == 200, (role, name, response.status_code)
        link = HELP_LINK.search(response.content.decode())
        assert link is not None, (role, name)
        assert link.group(1) == reverse("help:page", args=[name])
        found = texts.entry_for(role, name)
        general = texts.general_for(role)
        assert general is not None
        entry = general[1] if name in FALLBACK[role] else found[1] if found else None
        assert entry is not None, (role, name)
        help_page = client.get(link.group(1)).content.decode()
        assert f"<h1>{entry.title}</h1>" in help_page, (role, name)
        assert all(step in help_page for step in entry.steps), (role, name)


def test_the_clerks_form_opens_the_clerks_steps_in_a_new_window(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.market_clerk)
    page = client.get(reverse("reporting:application", args=[world.application.pk])).content
    assert b'target="_blank"' in page
    steps = client.get(reverse("help:page", args=["reporting:application"])).content.decode()
    assert "离开输入框时，系统自动保存" in steps
    assert "填写本部门负责的指标" in steps
    # the office's steps of the same page are the review, not the clerk's filling in
    office = login(world.office)
    steps = office.get(reverse("help:page", args=["reporting:application"])).content.decode()
    assert "提交至省" in steps


def test_the_office_reads_the_leaders_help_on_the_dashboard(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.office)
    page = client.get(reverse("help:page", args=["cockpit:dashboard"])).content.decode()
    assert "<h1>领导驾驶舱</h1>" in page
    assert "县领导" in page


def test_a_page_without_help_shows_the_general_page_and_says_so(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.market_clerk)
    page = client.get(reverse("help:page", args=["evaluation:index"])).content.decode()
    assert "<h1>部门填报员的工作</h1>" in page
    assert "这个页面还没有单独的说明" in page


def test_an_error_page_links_to_the_help_overview(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.market_clerk)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    link = HELP_LINK.search(response.content.decode())
    assert link is not None and link.group(1) == reverse("help:index")


def test_help_needs_a_signed_in_user(client: Client, db: None) -> None:
    response = client.get(reverse("help:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
