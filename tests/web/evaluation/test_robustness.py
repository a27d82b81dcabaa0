"""Robustness analyses: the form, the background run (run at once in tests), the figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qcounty.core.evaluate import RobustnessSpec
from qcounty.web.evaluation import actions
from qcounty.web.evaluation.models import CohortSnapshot, RobustnessRun
from tests.web.conftest import World

FORM = {"replications": "2000", "noise": "10", "seed": "20231", "top": "3"}


def start(client: Client, snapshot: CohortSnapshot, **changes: Any):  # type: ignore[no-untyped-def]
    return client.post(reverse("evaluation:robustness", args=[snapshot.pk]), FORM | changes)


def test_a_run_is_queued_runs_in_the_background_and_shows_its_figures(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    response = start(evaluator_client, snapshot, policies=["ec_mapping"])
    run = RobustnessRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:robustness_run", args=[run.pk])
    assert (run.status, run.done, run.total) == ("done", 2000, 2000)
    assert run.spec == {
        "replications": 2000,
        "weight_noise": 0.1,
        "policies": ["ec_mapping"],
        "seed": 20231,
        "top": 3,
    }
    counties = {c["name"]: c for c in run.result["counties"]}
    # the vetoed and the ineligible county are never ranked
    assert counties["陵城区"]["p_top"] is None and counties["市中区"]["rank"] is None
    # 德城区 (4.00) leads by 0.8 over 文登区 (3.20): ±10 % weights cannot close the gap
    # (at most 4 × 0.9 = 3.6 against 3.2 × 1.1 = 3.52 before renormalising both alike) and under
    # ec_mapping = scaled 德城区 has 4.00 against 2.00: always first
    assert (counties["德城区"]["rank_low"], counties["德城区"]["rank_high"]) == (1, 1)
    assert counties["德城区"]["p_top"] == 1.0
    page = evaluator_client.get(response["Location"]).content.decode()
    assert "个县能否进入前 3 名不确定" in page
    assert 'data-chart="uncertainty"' in page
    assert 'id="uncertainty-data"' in page
    # the results page shows the latest finished run's chart
    results = evaluator_client.get(reverse("evaluation:snapshot", args=[snapshot.pk]))
    assert f"最近一次稳健性分析（#{run.pk}，2000 次模拟）" in results.content.decode()


def test_two_runs_with_the_same_seed_give_the_same_figures_bit_for_bit(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    for _ in range(2):
        start(evaluator_client, snapshot, noise="30", policies=["ec_mapping", "ec_tier_groups"])
    first, second = RobustnessRun.objects.order_by("id")
    assert first.result == second.result
    # 历下区 and 荣成市 score on item 31 alone, so weights move them alike; the tier groups
    # decide. Within tiers 历下区 has d = 100 (2.00, third at worst). Over the province its
    # d = 84 (1.68; 1.20 when scaled) is behind 荣成市 (2.00) and usually 德城区 (2 × w1 for the
    # slogan + 1.20 × w31, or 2 × w1 when scaled): only a scaled replication whose weights put
    # item 31 far above item 1 (1.2 × w31 > 2 × w1: w31 > 1.67 × w1, possible within ±30 %)
    # brings it back. So P(top 3) is the share of `tiers` draws plus a little.
    p = {c["name"]: c["p_top"] for c in first.result["counties"]}
    tiers = first.result["policy_draws"]["ec_tier_groups"]["tiers"] / 2000
    assert 0.45 < tiers < 0.55
    assert tiers < p["历下区"] < tiers + 0.02
    assert p["荣成市"] == 1.0
    # 文登区 (2 × w1 when scaled) falls behind 历下区 and 荣成市 (2 × w31 each, tied) when a
    # scaled (½), tiered (½) replication has w31 > w1 (½): about an eighth of them
    assert 0.82 < p["文登区"] < 0.93
    uncertain = sorted(n for n, x in p.items() if x is not None and 0.05 < x < 0.95)
    assert uncertain == ["历下区", "文登区"]
    assert first.result["uncertain"] == 2
    other = start(evaluator_client, snapshot, noise="30", seed="7", policies=["ec_mapping"])
    assert other.status_code == 302
    assert RobustnessRun.objects.order_by("id").last().result != first.result


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"replications": "1000000000"}, "模拟次数不能超过 100,000 次"),
        ({"replications": "1e9"}, "模拟次数不能超过 100,000 次"),
        ({"replications": "0"}, "模拟次数必须是正整数"),
        ({"replications": "很多"}, "模拟次数应为整数，实际为“很多”"),
        ({"noise": "-5"}, "权重扰动幅度不能为负数"),
        ({"noise": "80"}, "权重扰动幅度不能超过 ±50%"),
        ({"policies": ["ec_generous"]}, "不能随机抽取的政策：ec_generous"),
        ({"top": "0"}, "前 N 名（认定名额）的 N 必须是正整数"),
        ({"seed": "-1"}, "随机种子必须是 0 到 2⁶³−1 之间的整数"),
    ],
)
def test_absurd_parameters_are_refused_with_a_message_and_nothing_runs(
    snapshot: CohortSnapshot, evaluator_client: Client, changes: dict[str, Any], message: str
) -> None:
    response = start(evaluator_client, snapshot, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert RobustnessRun.objects.count() == 0


def test_the_progress_bar_polls_until_the_run_has_finished(
    snapshot: CohortSnapshot, evaluator_client: Client, world: Any
) -> None:
    run = RobustnessRun.objects.create(
        snapshot=snapshot,
        spec={"replications": 3000, "weight_noise": 0.1, "policies": [], "seed": 1, "top": 3},
        total=3000,
        done=1000,
        status=RobustnessRun.Status.RUNNING,
        created_by=world.evaluator,
    )
    url = reverse("evaluation:robustness_progress", args=[run.pk])
    polling = evaluator_client.get(url, HTTP_HX_REQUEST="true")
    html = polling.content.decode()
    assert '<progress max="3000" value="1000">' in html
    assert 'hx-trigger="every 1s"' in html
    assert "HX-Refresh" not in polling
    RobustnessRun.objects.filter(pk=run.pk).update(status="done", done=3000)
    finished = evaluator_client.get(url, HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true"
    assert "hx-trigger" not in finished.content.decode()


def test_the_form_offers_a_random_seed_and_the_campaigns_titles(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    html = evaluator_client.get(
        reverse("evaluation:robustness", args=[snapshot.pk])
    ).content.decode()
    assert 'name="replications" value="1000"' in html
    assert 'name="noise" value="10"' in html
    assert 'name="top" value="3"' in html
    assert 'name="seed" value="' in html
    assert "功效系数得分折算方式" in html


def queued(snapshot: CohortSnapshot, world: World) -> RobustnessRun:
    """A run queued as the form queues it, without a worker to run it."""
    spec = RobustnessSpec(replications=2000, weight_noise=0.1, policies=(), seed=1, top=3)
    return actions.queue_robustness(snapshot, spec, world.evaluator)


def test_a_run_whose_worker_died_is_marked_failed_when_its_progress_is_polled(
    world: World, snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    run = queued(snapshot, world)
    url = reverse("evaluation:robustness_progress", args=[run.pk])
    # the worker started it and did 1,000 of 2,000 replications, then nothing for 9 minutes
    RobustnessRun.objects.filter(pk=run.pk).update(
        status="running", done=1000, updated_at=timezone.now() - dt.timedelta(minutes=9)
    )
    polled = evaluator_client.get(url, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in polled
    assert f'hx-get="{url}"' in polled.content.decode()  # still polling
    assert RobustnessRun.objects.get(pk=run.pk).status == "running"
    # …and 11 minutes: the worker is gone (a chunk of 1,000 takes well under a second)
    RobustnessRun.objects.filter(pk=run.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=11)
    )
    polled = evaluator_client.get(url, headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"  # the page reloads, showing the failure
    assert "hx-get" not in polled.content.decode()  # and polls no more
    run.refresh_from_db()
    assert (run.status, run.done, run.error) == (
        "failed",
        1000,
        "任务中断：后台进程已停止，请重新运行",
    )
    page = evaluator_client.get(reverse("evaluation:robustness_run", args=[run.pk]))
    assert "任务中断：后台进程已停止，请重新运行" in page.content.decode()
    assert "hx-get" not in page.content.decode()


def test_a_run_never_started_is_given_up_too_and_its_late_worker_does_nothing(
    world: World, snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    run = queued(snapshot, world)
    RobustnessRun.objects.filter(pk=run.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=30)
    )
    # the form page lists the snapshot's runs: looking at it gives up the silent one
    evaluator_client.get(reverse("evaluation:robustness", args=[snapshot.pk]))
    run.refresh_from_db()
    assert run.status == "failed" and run.error.startswith("任务未能开始：后台进程没有运行")
    actions.run_robustness(run.pk)  # a worker comes back and picks the task up: too late
    run.refresh_from_db()
    assert (run.status, run.done, run.result) == ("failed", 0, None)


def test_a_worker_whose_run_was_given_up_stops_and_leaves_it_failed(
    world: World, snapshot: CohortSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = queued(snapshot, world)
    real = actions.robustness
    chunks = []

    def slow_worker(score, spec, progress):  # type: ignore[no-untyped-def]
        # the worker hung after starting; meanwhile a page polled and gave the run up
        RobustnessRun.objects.filter(pk=run.pk).update(
            updated_at=timezone.now() - dt.timedelta(minutes=11)
        )
        actions.check_stalled(RobustnessRun.objects.get(pk=run.pk))

        def counted(done: int, total: int) -> None:
            chunks.append(done)
            progress(done, total)

        return real(score, spec, counted)

    monkeypatch.setattr(actions, "robustness", slow_worker)
    actions.run_robustness(run.pk)
    run.refresh_from_db()
    # it stopped at its first report of progress (1,000 replications) and wrote nothing
    assert chunks == [1000]
    assert (run.status, run.done, run.result) == ("failed", 0, None)
    assert run.error == "任务中断：后台进程已停止，请重新运行"


def test_the_same_analysis_asked_twice_before_it_finishes_is_one_run(
    world: World, snapshot: CohortSnapshot
) -> None:
    first = queued(snapshot, world)
    assert queued(snapshot, world) == first  # a double click on 开始分析
    other = RobustnessSpec(replications=2000, weight_noise=0.1, policies=(), seed=2, top=3)
    assert actions.queue_robustness(snapshot, other, world.evaluator) != first
    RobustnessRun.objects.filter(pk=first.pk).update(status="done")
    assert queued(snapshot, world) != first  # asked again once finished: a new run


def test_probabilities_read_as_percentages(
    snapshot: CohortSnapshot, evaluator_client: Client
) -> None:
    """A reader sees “100.0 %” where the figure is 1.0, never “1.000” or “0.702”."""
    import re

    response = start(evaluator_client, snapshot, policies=["ec_mapping"])
    page = evaluator_client.get(response["Location"]).content.decode()
    rows = re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", page, re.S)
    leader = next(r for r in rows if "德城区" in r)
    assert "100.0 %" in leader  # p_top = 1.0, as the test above shows
    assert not re.search(r">\s*[01]\.\d{3}\s*<", page)
    assert "进入的概率在 5 %–95 % 之间" in page
