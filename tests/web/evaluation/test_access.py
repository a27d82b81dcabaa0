"""Who may see and do what: evaluators act, experts and the administrator read, counties see
nothing (404, no hint the pages exist)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.evaluation.actions import publish, set_experts_see_results
from qcounty.web.evaluation.models import CohortSnapshot, Publication, RobustnessRun
from tests.web.conftest import World


@pytest.fixture
def pages(world: World, snapshot: CohortSnapshot) -> list[str]:
    published = publish(snapshot, "proposed", world.evaluator)
    run = RobustnessRun.objects.create(
        snapshot=snapshot,
        spec={"replications": 10, "weight_noise": 0.1, "policies": [], "seed": 1, "top": 3},
        total=10,
        created_by=world.evaluator,
    )
    s = snapshot.pk
    return [
        reverse("evaluation:index"),
        reverse("evaluation:snapshot", args=[s]),
        reverse("evaluation:county", args=[s, 0]),
        reverse("evaluation:whatif", args=[s, 0]) + "?key=i31.rd_share&value=3",
        reverse("evaluation:compare", args=[s]),
        reverse("evaluation:robustness", args=[s]),
        reverse("evaluation:robustness_run", args=[run.pk]),
        reverse("evaluation:robustness_progress", args=[run.pk]),
        reverse("evaluation:cohort_file", args=[s]),
        reverse("evaluation:framework_file", args=[s]),
        reverse("evaluation:results_json", args=[s]),
        reverse("evaluation:publication", args=[published.pk]),
        reverse("evaluation:publication_list", args=[published.pk, "docx"]),
        reverse("evaluation:county_report", args=[published.pk, 0]),
    ]


def writes(world: World, snapshot: CohortSnapshot) -> list[tuple[str, dict[str, str]]]:
    s = snapshot.pk
    return [
        (reverse("evaluation:take_snapshot", args=[world.campaign.pk]), {}),
        (reverse("evaluation:publish", args=[s]), {"kind": "proposed"}),
        (
            reverse("evaluation:robustness", args=[s]),
            {"replications": "10", "noise": "10", "seed": "1", "top": "3"},
        ),
        (
            reverse("evaluation:whatif_save", args=[s, 0]),
            {"key": "i31.rd_share", "value": "3", "reason": "核实"},
        ),
    ]


def counts() -> tuple[int, int, int]:
    return (
        CohortSnapshot.objects.count(),
        Publication.objects.count(),
        RobustnessRun.objects.count(),
    )


@pytest.mark.parametrize("role", ["office", "market_clerk", "rongcheng_office"])
def test_county_roles_get_404_on_every_page_and_every_write(
    world: World,
    snapshot: CohortSnapshot,
    pages: list[str],
    login: Callable[[User], Client],
    role: str,
) -> None:
    client = login(getattr(world, role))
    for url in pages:
        assert client.get(url).status_code == 404, url
    before = counts()
    for url, data in writes(world, snapshot):
        assert client.post(url, data).status_code == 404, url
    assert counts() == before


def test_an_expert_reads_every_page_but_cannot_act(
    world: World,
    snapshot: CohortSnapshot,
    pages: list[str],
    expert: User,
    login: Callable[[User], Client],
) -> None:
    set_experts_see_results(world.campaign, True, world.evaluator)
    client = login(expert)
    for url in pages:
        assert client.get(url).status_code == 200, url
    assert "生成快照" not in client.get(reverse("evaluation:index")).content.decode()
    assert "按此快照发布" not in client.get(pages[1]).content.decode()
    before = counts()
    for url, data in writes(world, snapshot):
        assert client.post(url, data).status_code == 403, url
    assert counts() == before


def test_the_administrator_reads_but_does_not_act(
    world: World, snapshot: CohortSnapshot, pages: list[str], login: Callable[[User], Client]
) -> None:
    client = login(world.admin)
    for url in pages:
        assert client.get(url).status_code == 200, url
    before = counts()
    for url, data in writes(world, snapshot):
        assert client.post(url, data).status_code == 403, url
    assert counts() == before


def test_the_evaluator_reaches_every_page(
    snapshot: CohortSnapshot, pages: list[str], evaluator_client: Client
) -> None:
    for url in pages:
        assert evaluator_client.get(url).status_code == 200, url


def test_an_anonymous_visitor_is_sent_to_log_in(
    snapshot: CohortSnapshot, pages: list[str], client: Client
) -> None:
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_county_position_outside_the_snapshot_is_404(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    assert (
        evaluator_client.get(reverse("evaluation:county", args=[snapshot.pk, 6])).status_code == 404
    )
    assert (
        evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk + 1])).status_code
        == 404
    )


def test_an_expert_sees_no_result_before_the_province_opens_them(
    world: World,
    snapshot: CohortSnapshot,
    pages: list[str],
    expert: User,
    login: Callable[[User], Client],
) -> None:
    """Blind review: by default every page of a campaign's results refuses its experts (403,
    saying why), and the evaluation's home names no snapshot and no list."""
    client = login(expert)
    index = client.get(pages[0]).content.decode()
    assert "评审期间专家不能查看评价结果" in index
    assert f"/evaluation/snapshots/{snapshot.pk}/" not in index
    for url in pages[1:]:
        response = client.get(url)
        assert response.status_code == 403, url
    assert "评审期间专家不能查看评价结果" in client.get(pages[1]).content.decode()


def test_only_the_evaluator_opens_and_closes_the_results_to_experts(
    world: World, snapshot: CohortSnapshot, expert: User, login: Callable[[User], Client]
) -> None:
    url = reverse("evaluation:experts_see_results", args=[world.campaign.pk])
    snapshot_page = reverse("evaluation:snapshot", args=[snapshot.pk])
    for someone in (expert, world.admin):
        assert login(someone).post(url, {"allowed": "1"}).status_code == 403
    assert login(world.office).post(url, {"allowed": "1"}).status_code == 404
    world.campaign.refresh_from_db()
    assert world.campaign.experts_see_results is False

    assert login(world.evaluator).post(url, {"allowed": "1"}).status_code == 302
    assert login(expert).get(snapshot_page).status_code == 200
    assert login(world.evaluator).post(url, {"allowed": "0"}).status_code == 302
    assert login(expert).get(snapshot_page).status_code == 403
