"""The workspace holds one group of indicators at a time; the others load on demand (issue 12).

With htmx a group's tab or an indicator's link loads the group in place (`sections/N/`, the
application page's mechanism); without JavaScript the same links load the page with that group
open (`?section=N`, `?indicator=N`), and a decision comes back to the page with its group open.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting import layout
from tests.web.adjudication.conftest import HTMX, text
from tests.web.conftest import World

LIMIT = 150 * 1024  # issue 12: no page over 150 KB of HTML


def indicators_in(page: str) -> set[int]:
    return {
        int(n) for n in re.findall(r'<article class="indicator[^"]*" id="indicator-(\d+)"', page)
    }


def test_every_group_of_the_workspace_is_a_page_under_150_kb(
    world: World, submitted: Application, login: Callable[[User], Client]
) -> None:
    client = login(world.evaluator)
    url = reverse("adjudication:application", args=[submitted.pk])
    first = client.get(url)
    assert len(first.content) < LIMIT
    groups, _ = layout.outline(world.campaign.framework, None)
    assert len(groups) > 1
    everything: set[int] = set()
    for group in groups:
        response = client.get(f"{url}?section={group.number}")
        assert response.status_code == 200
        assert len(response.content) < LIMIT, (group.number, len(response.content))
        shown = indicators_in(text(response)) - {0}
        assert shown == set(group.indicators)  # that group, and no other
        everything |= shown
    every = {i.number for i in world.campaign.framework.indicators()}
    assert everything == every  # every indicator is reachable, one group at a time


def test_a_link_to_an_indicator_opens_its_group_and_the_tabs_load_groups_with_htmx(
    world: World, submitted: Application, login: Callable[[User], Client]
) -> None:
    client = login(world.evaluator)
    url = reverse("adjudication:application", args=[submitted.pk])
    page = text(client.get(f"{url}?indicator=35"))
    assert 35 in indicators_in(page)
    assert 17 not in indicators_in(page)
    # another group's indicator: a plain link to the page with it open (no JavaScript) that
    # app.js turns into an htmx load of the group (data-parts + data-section)
    groups, _ = layout.outline(world.campaign.framework, None)
    holding_17 = next(g for g in groups if 17 in g.indicators)
    assert f'data-parts="{url}sections/"' in page
    assert (
        f'<a href="?indicator=17#indicator-17" data-indicator="17" '
        f'data-section="{holding_17.number}" class="elsewhere">17</a>'
    ) in page
    tab = f'<a href="?section={holding_17.number}" hx-get="{url}sections/{holding_17.number}/"'
    assert tab in page
    part = client.get(f"{url}sections/{holding_17.number}/", **HTMX)
    assert part.status_code == 200
    assert indicators_in(text(part)) == set(holding_17.indicators)
    assert "<html" not in text(part)
    assert client.get(f"{url}sections/999/", **HTMX).status_code == 404


def test_without_javascript_a_decision_comes_back_with_its_group_open(
    world: World, submitted: Application, login: Callable[[User], Client]
) -> None:
    client = login(world.evaluator)
    url = reverse("adjudication:decide", args=[submitted.pk, "i17.metrologists"])
    response = client.post(url, {"action": "accept"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("?indicator=17#indicator-17")
    assert 17 in indicators_in(text(response))
    assert "已核实无误" in text(response)


def test_the_group_parts_are_the_provinces_only(
    world: World, submitted: Application, login: Callable[[User], Client]
) -> None:
    url = reverse("adjudication:section", args=[submitted.pk, 1])
    assert login(world.office).get(url, **HTMX).status_code == 404
