"""Each role's home page runs as many queries for 136 applications as for 10.

The province's and the experts' homes count the whole campaign (aggregates) and read only the
page shown; the counts are taken with experts' scores, reconciliations and decisions on every
application, so that no per-row query hides behind an empty table.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from qcounty.web.accounts.models import User
from qcounty.web.adjudication.models import Decision, ExpertScore, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.operations import heartbeat
from qcounty.web.tasks.actions import generate_tasks
from tests.web.conftest import World, _user

URLS = [
    "/",
    "/?sort=city&page=2",
    "/?sort=name",
    "/?status=accepted&tier=2",
    "/?q=县",
]


def work(world: World, expert: User) -> None:
    """Give every accepted application a score, a reconciliation and a decision."""
    framework = world.campaign.framework
    judged = [x.key for x in framework.inputs() if x.judged]
    data = next(x.key for x in framework.inputs() if not x.judged and not x.informational)
    accepted = Application.objects.filter(campaign=world.campaign, status="accepted")
    done = set(ExpertScore.objects.values_list("application_id", flat=True))
    for a in accepted.exclude(pk__in=done):
        ExpertScore.objects.create(application=a, key=judged[0], expert=expert, value=1)
        Reconciliation.objects.create(
            application=a, key=judged[1], method="mean", value=1, scores=[], decided_by=expert
        )
        Decision.objects.create(
            application=a, key=data, kind="accepted", claimed=None, value=None,
            decided_by=world.evaluator,
        )  # fmt: skip


def counts(world: World, login: Callable[[User], Client]) -> dict[tuple[str, str], int]:
    users = {
        "evaluator": world.evaluator,
        "admin": world.admin,
        "expert": User.objects.get(username="expert-1"),
        "office": world.office,
        "market_clerk": world.market_clerk,
    }
    out = {}
    for role, user in users.items():
        client = login(user)
        for url in URLS if role in ("evaluator", "admin", "expert") else ["/"]:
            client.get(url)  # the framework parsed: a per-process cache
            heartbeat.clear_status_cache()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (role, url)
            out[(role, url)] = len(queries.captured_queries)
    return out


def test_every_home_page_runs_as_many_queries_for_136_applications_as_for_10(
    world: World, login: Callable[[User], Client]
) -> None:
    expert = _user("expert-1", User.Role.EXPERT, world.province)
    Application.objects.filter(pk=world.application.pk).update(status="submitted")
    call_command("fill_campaign", applications=10, seed=5)
    work(world, expert)
    few = counts(world, login)
    call_command("fill_campaign", applications=126, seed=6)
    work(world, expert)
    many = counts(world, login)
    grown = {page: (few[page], many[page]) for page in few if few[page] != many[page]}
    assert not grown, grown


# a clerk's home: session, user, the county's applications, the notifications' count; per
# application its department units, sections, values, records and open returns (5); the tasks
# shown and their counts (one aggregate, none when fewer than a page) and, per application among
# them, the data of their states (5: units, values, records, sections, returns)
CLERK_HOME = 4 + 5 + 2 + 5


def test_a_clerks_home_reads_each_applications_data_once(
    world: World, login: Callable[[User], Client]
) -> None:
    generate_tasks(world.application, world.office)
    client = login(world.market_clerk)
    client.get("/")
    heartbeat.clear_status_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert "我的任务" in response.content.decode()  # the tasks are there, read once
    assert len(queries.captured_queries) <= CLERK_HOME, "\n".join(
        q["sql"][:60] for q in queries.captured_queries
    )


# a county office's home: session, user, the county's applications, the notifications' count,
# the worker's heartbeat, the campaigns to open (2); per application its department units,
# sections, values, records, the province's decisions (one aggregate) and reconciliations; the
# task lines (the applications again, then one aggregate each); the 公示 list in force (its
# period and the working days left)
OFFICE_HOME = 7 + 6 + 2 + 1


def test_a_county_offices_home_counts_the_provinces_decisions_in_one_query(
    world: World, login: Callable[[User], Client]
) -> None:
    generate_tasks(world.application, world.office)
    client = login(world.office)
    client.get("/")
    heartbeat.clear_status_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert len(queries.captured_queries) <= OFFICE_HOME, "\n".join(
        q["sql"][:60] for q in queries.captured_queries
    )
