"""The province's lists at national scale: a page of applications at a time, filtered (issue 12).

`/adjudication/` lists 150 applications a page, by city and county, filtered by city, tier,
state and a part of the name, or to those still open; `/evaluation/` counts every open county
but lists the first 50, with a link to the filtered workspace index for the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.adjudication.views import ROWS_PER_PAGE
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation.views.results import UNSETTLED_SHOWN
from tests.web.conftest import World

ROW = re.compile(r'<td><a href="/adjudication/(\d+)/">([^<]*)</a></td>')


def rows(client: Client, query: str = "") -> list[tuple[int, str]]:
    page = client.get(reverse("adjudication:index") + query)
    assert page.status_code == 200
    return [(int(pk), name) for pk, name in ROW.findall(page.content.decode())]


def test_the_workspace_index_lists_a_page_at_a_time_and_filters(
    world: World, login: Callable[[User], Client]
) -> None:
    call_command("fill_campaign", applications=ROWS_PER_PAGE + 20, seed=3)
    client = login(world.evaluator)
    held = Application.objects.filter(campaign=world.campaign).exclude(status="draft").count()
    first = rows(client)
    assert len(first) == ROWS_PER_PAGE
    second = rows(client, f"?campaign={world.campaign.pk}&page=2")
    assert len(first) + len(second) == held
    assert not {pk for pk, _ in first} & {pk for pk, _ in second}
    names = [name for _, name in first + second]
    assert names == sorted(names)  # by city, then county: the city's name leads each row
    # a part of the name
    found = rows(client, "?q=合成县0007")
    assert len(found) == 1 and found[0][1].endswith("合成县0007")
    # a city, and a state no application is in
    name = found[0][1].removesuffix("合成县0007")
    city = rows(client, f"?city={name}")
    assert found[0] in city and all(n.startswith(name) for _, n in city)
    assert len(city) < len(first)
    assert rows(client, "?status=returned") == []
    # still open: none of the synthetic applications has been checked
    assert len(rows(client, "?open=1&status=accepted")) == ROWS_PER_PAGE
    # nonsense in the query string is ignored, not an error
    assert len(rows(client, "?tier=x&page=abc&status=nope&campaign=zz")) == ROWS_PER_PAGE


def test_the_evaluation_home_counts_every_open_county_and_lists_the_first_50(
    world: World, login: Callable[[User], Client]
) -> None:
    call_command("fill_campaign", applications=UNSETTLED_SHOWN + 10, seed=3)
    page = login(world.evaluator).get(reverse("evaluation:index")).content.decode()
    listed = page.split('class="list unsettled-list"')[1].split("</table>")[0]
    assert listed.count("<tr>") == 1 + UNSETTLED_SHOWN  # the head and 50 counties
    accepted = Application.objects.filter(campaign=world.campaign, status="accepted").count()
    assert f"{accepted} 个县有未经省级核实的数据项" in page
    link = f"/adjudication/?campaign={world.campaign.pk}&amp;status=accepted&amp;open=1"
    assert link in page and f"查看全部 {accepted} 个县" in page
