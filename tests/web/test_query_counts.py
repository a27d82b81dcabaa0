"""The list pages run as many queries for 136 applications as for 10 (no query per row).

The province's pages list the applications of a campaign (a page of them at a time, filtered),
an office's and a clerk's their own. Each page is requested with 10 accepted applications in the campaign, then with 136
(`fill_campaign`, issue 12), and must run the same number of queries.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation import snapshots
from qcounty.web.evaluation.actions import take_snapshot
from qcounty.web.operations import heartbeat
from tests.web.conftest import World, _user

PAGES = {  # role → the list pages it sees
    "evaluator": [
        "/",
        "/adjudication/",
        "/adjudication/?open=1&status=accepted",
        "/adjudication/?city=威海市&q=文登",
        "/adjudication/?sort=risk",
        "/adjudication/{accepted}/",
        "/adjudication/{accepted}/?indicator=35",
        "/adjudication/{accepted}/sections/3/",
        "/evaluation/",
        "/evaluation/snapshots/{snapshot}/",
        "/evaluation/snapshots/{snapshot}/counties/0/",
        "/review/notifications/",
        "/bulk/",
    ],
    "expert": ["/", "/adjudication/"],
    "office": ["/", "/review/notifications/", "/tasks/{application}/"],
    "market_clerk": ["/", "/review/notifications/", "/tasks/{application}/"],
}


def counts(world: World, login: Callable[[User], Client]) -> dict[tuple[str, str], int]:
    """Return (role, page) → the queries of its request, with a fresh snapshot of the campaign."""
    snapshots.clear_cache()
    snapshot = take_snapshot(world.campaign, world.evaluator, confirmed=True)
    accepted = Application.objects.get(pk=snapshot.application_ids[0])
    users = {
        "evaluator": world.evaluator,
        "expert": User.objects.get(username="expert-1"),
        "office": world.office,
        "market_clerk": world.market_clerk,
    }
    out = {}
    for role, pages in PAGES.items():
        client = login(users[role])
        for page in pages:
            url = page.format(
                snapshot=snapshot.pk, application=world.application.pk, accepted=accepted.pk
            )
            client.get(url)  # the snapshot scored, the framework parsed: per-process caches
            # the worker banner's status is cached for a few seconds: read it in every count
            heartbeat.clear_status_cache()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            out[(role, page)] = len(queries.captured_queries)
    snapshots.clear_cache()
    return out


def test_list_pages_run_as_many_queries_for_136_applications_as_for_10(
    world: World, login: Callable[[User], Client]
) -> None:
    _user("expert-1", User.Role.EXPERT, world.province)
    call_command("fill_campaign", applications=10, seed=5)
    few = counts(world, login)
    call_command("fill_campaign", applications=126, seed=6)
    many = counts(world, login)
    grown = {page: (few[page], many[page]) for page in few if few[page] != many[page]}
    assert not grown, grown
