"""The application page loads one group of indicators at a time, and a save costs a fixed
number of queries: what a province's deadline day asks of the busiest pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.operations import heartbeat
from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.reporting import scoring
from qcounty.web.reporting.models import InputValue
from qcounty.web.review.models import Section
from qcounty.web.review.sections import ensure_sections
from tests.web.conftest import World, framework
from tests.web.reporting.test_score import fill_in_the_database, synthetic_values

FIRST_RESPONSE_MOST = 80 * 1024  # issue 12: the application page's first response < 80 KB
ARTICLE = r'<article class="indicator" id="indicator-(\d+)"'


def page_url(application: Application) -> str:
    return reverse("reporting:application", args=[application.pk])


def shown(html: str) -> set[int]:
    return {int(n) for n in re.findall(ARTICLE, html)}


@pytest.fixture
def full(world: World) -> Application:
    """文登区's application filled in, one department per unit of the scheme (as in the demo),
    every department's section submitted: the office's page at its heaviest."""
    fill_in_the_database(world.application, synthetic_values())
    assigned = set(
        UnitAssignment.objects.filter(county=world.wendeng).values_list("unit_id", flat=True)
    )
    fw = framework()
    for unit in fw.units:
        if unit.id in assigned:
            continue
        department = Organisation.objects.create(
            kind=Organisation.Kind.DEPARTMENT, name=f"区{unit.id}", parent=world.wendeng
        )
        UnitAssignment.objects.create(
            county=world.wendeng, framework_id=fw.id, unit_id=unit.id, department=department
        )
    ensure_sections(world.application)
    Section.objects.filter(application=world.application).update(status=Section.Status.SUBMITTED)
    return world.application


def test_the_first_response_of_a_full_application_is_under_80_kb(
    full: Application, office_client: Client
) -> None:
    response = office_client.get(page_url(full))
    assert response.status_code == 200
    assert len(response.content) < FIRST_RESPONSE_MOST, len(response.content)
    # one group of indicators, not all 43; the index still lists every one of them
    assert 0 < len(shown(response.content.decode())) < 43
    toc = re.findall(r'data-indicator="(\d+)"', response.content.decode())
    assert sorted(map(int, toc)) == list(range(1, 44))


def test_every_group_of_indicators_opens_by_its_link_and_no_page_exceeds_150_kb(
    full: Application, office_client: Client
) -> None:
    html = office_client.get(page_url(full)).content.decode()
    numbers = sorted(set(re.findall(r'href="\?section=(\d+)"', html)), key=int)
    assert len(numbers) == sum(len(f.second_level) for f in framework().first_level)
    seen: set[int] = set()
    for n in numbers:
        response = office_client.get(f"{page_url(full)}?section={n}")
        assert len(response.content) < 150 * 1024
        group = shown(response.content.decode())
        assert group and not group & seen
        seen |= group
    assert seen == set(range(1, 44))


def test_a_group_of_indicators_loads_on_demand_without_the_rest_of_the_page(
    full: Application, office_client: Client
) -> None:
    fw = framework()
    # 计量 is the 7th second-level indicator: 理念 2, 保障 2, then 平台, 标准化, 计量
    names = [s.name for f in fw.first_level for s in f.second_level]
    assert names[6] == "计量"
    page = office_client.get(page_url(full)).content.decode()
    part_url = reverse("reporting:section", args=[full.pk, 7])
    assert f'hx-get="{part_url}"' in page  # the tab fetches the group, and pushes ?section=7
    assert 'hx-push-url="?section=7"' in page
    response = office_client.get(part_url)
    assert response.status_code == 200
    part = response.content.decode()
    assert shown(part) == {16, 17, 18}
    assert "<html" not in part and 'id="score-panel"' not in part
    assert 'aria-current="page"' in part  # its tab is marked as the open one


def test_a_group_that_does_not_exist_or_is_not_the_users_is_not_found(
    world: World, login: Callable[[User], Client]
) -> None:
    # the market clerk answers for no indicator of 质量理念 (group 1)
    client = login(world.market_clerk)
    assert (
        client.get(reverse("reporting:section", args=[world.application.pk, 1])).status_code == 404
    )
    assert (
        client.get(reverse("reporting:section", args=[world.application.pk, 99])).status_code == 404
    )


def test_a_link_to_indicator_17_opens_the_group_that_holds_it(
    full: Application, office_client: Client
) -> None:
    page = office_client.get(page_url(full)).content.decode()
    assert 17 not in shown(page)
    # the index links to it through the query the server reads, the anchor for the browser
    assert '<a href="?indicator=17#indicator-17" data-indicator="17"' in page
    opened = office_client.get(f"{page_url(full)}?indicator=17").content.decode()
    assert shown(opened) == {16, 17, 18}
    assert '<a href="#indicator-17" data-indicator="17" data-section="7">' in opened
    # the other pages link to it the same way (the gap analysis, the score panel)
    panel = office_client.get(reverse("reporting:score", args=[full.pk])).content.decode()
    assert 'href="?indicator=17#indicator-17"' in panel


def test_a_clerk_opens_on_the_group_where_something_is_left_to_fill_in(
    world: World, login: Callable[[User], Client]
) -> None:
    fw = framework()
    mine = [i for i in fw.indicators() if "market_supervision" in i.units]
    first, later = mine[0], next(i for i in mine if i.number == 17)
    for ind in mine:
        if ind.number == 17:
            continue
        for x in ind.inputs:
            InputValue.objects.create(application=world.application, key=x.key, value=None)
    assert first.number < 16  # in an earlier group than 计量 (16–18)
    page = login(world.market_clerk).get(page_url(world.application)).content.decode()
    assert later.number in shown(page)
    assert first.number not in shown(page)


def save_queries(client: Client, application: Application, value: str) -> int:
    url = reverse("reporting:save", args=[application.pk, "i17.metrologists"])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"value": value})
    assert response.status_code == 200
    assert "已保存" in response.content.decode()
    return len(queries)


# session, the user with its organisation (and county); the application; BEGIN,
# the lock with the status, the freeze, the unit assignments with their sections' status
# (access, read once, under the lock), the county's official figures with their locks (a
# locked input refuses another value, statfeed), the stored value, its update, the audit entry,
# COMMIT; the field's open return notes and official figure; on PostgreSQL one more, the shared lock on the campaign row
# that makes a save racing the final list wait for it (campaigns/freeze.py: a statement of its
# own, so that the freeze read after it sees a list committed while it waited)
SAVE_QUERIES = 14 + (connection.vendor == "postgresql")


@pytest.mark.parametrize("filled", [False, True], ids=["empty", "full"])
def test_a_save_costs_a_fixed_number_of_queries_however_full_the_application(
    world: World, login: Callable[[User], Client], filled: bool, settings: Any
) -> None:
    if filled:
        values = synthetic_values()
        values.pop("i17.metrologists", None)
        fill_in_the_database(world.application, values)
    client = login(world.market_clerk)
    save_queries(client, world.application, "8")  # the first save creates the row
    assert save_queries(client, world.application, "9") == SAVE_QUERIES


def test_the_score_is_computed_once_per_state_of_the_values(world: World) -> None:
    application = world.application
    first = scoring.assess(application)
    assert scoring.assess(application) is first  # asked again (the panel after a reload)
    InputValue.objects.create(application=application, key="i17.metrologists", value=9)
    changed = scoring.assess(application)
    assert changed is not first
    # 9 registered metrologists: 0.1 × (9 − 3) = 0.60 points more under item 17.1
    assert round(changed.total - first.total, 2) == 0.60


# session, user; the application, the freeze, the unit assignments (what the office may edit);
# the stored values with their versions, the open return notes and the county's official
# figures (统计部门数据; once for the sections and the gates), the evidence, the departments of
# the indicators; the score's values and records; the review panel (department units, sections,
# values, records; the gates' values and records); the top bar's latest application, the
# notifications, the worker's heartbeat, the documents
OFFICE_PAGE = 2 + 3 + 5 + 2 + 6 + 4


def test_the_offices_application_page_reads_the_stored_values_once_for_sections_and_gates(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.office)
    url = page_url(world.application)
    client.get(url)
    heartbeat.clear_status_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) <= OFFICE_PAGE, "\n".join(q["sql"][:70] for q in queries.captured_queries)
