"""Worker heartbeats: the banner on the pages, and the tasks of dead workers queued again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from qcounty.web.accounts.models import User
from qcounty.web.operations import heartbeat
from qcounty.web.operations.models import WorkerHeartbeat
from tests.web.conftest import World

BANNER = "后台任务未运行"


@pytest.fixture(autouse=True)
def _no_cached_status() -> Iterator[None]:
    heartbeat.clear_status_cache()
    yield
    heartbeat.clear_status_cache()


def seen(worker_id: str, ago: float, stopped: bool = False) -> WorkerHeartbeat:
    at = timezone.now() - dt.timedelta(seconds=ago)
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname="app1",
        pid=1,
        started_at=at,
        last_seen=at,
        stopped_at=at if stopped else None,
    )


def home(client: Client) -> str:
    return client.get("/", follow=True).content.decode()


def test_the_province_is_told_when_no_worker_was_ever_seen(
    world: World, login: Callable[[User], Client]
) -> None:
    page = home(login(world.evaluator))
    assert BANNER in page and "从未运行" in page and "请联系系统管理员" in page


def test_the_banner_says_when_the_worker_was_last_seen(
    world: World, login: Callable[[User], Client], settings: object
) -> None:
    # 2023-05-04 12:00 UTC is 20:00 in Asia/Shanghai
    at = dt.datetime(2023, 5, 4, 12, 0, tzinfo=dt.UTC)
    WorkerHeartbeat.objects.create(worker_id="w", hostname="h", pid=1, started_at=at, last_seen=at)
    page = home(login(world.evaluator))
    assert f"{BANNER}：最后一次运行于 2023-05-04 20:00。" in page


def test_no_banner_while_a_worker_beats(world: World, login: Callable[[User], Client]) -> None:
    seen("w1", ago=300, stopped=True)
    seen("w2", ago=5)
    assert BANNER not in home(login(world.evaluator))


def test_a_worker_unseen_past_the_staleness_delay_is_taken_as_dead(
    world: World, login: Callable[[User], Client], settings: object
) -> None:
    settings.WORKER_STALE_SECONDS = 120  # type: ignore[attr-defined]
    seen("w", ago=121)
    assert BANNER in home(login(world.office))


def test_a_worker_that_said_it_stopped_is_not_running(
    world: World, login: Callable[[User], Client]
) -> None:
    seen("w", ago=1, stopped=True)
    page = home(login(world.admin))
    assert BANNER in page and "请检查后台任务进程（qcounty-worker 服务）" in page


def test_clerks_whose_work_needs_no_worker_see_no_banner(
    world: World, login: Callable[[User], Client]
) -> None:
    assert BANNER not in home(login(world.market_clerk))


def test_the_status_is_read_once_per_few_seconds_not_on_every_page(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.evaluator)
    home(client)
    with CaptureQueriesContext(connection) as queries:
        home(client)
    assert not [q for q in queries.captured_queries if "operations_workerheartbeat" in q["sql"]]
    heartbeat.clear_status_cache()
    with CaptureQueriesContext(connection) as queries:
        home(client)
    assert len([q for q in queries if "operations_workerheartbeat" in q["sql"]]) == 1


def claimed(worker_id: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="qcounty.web.evaluation.tasks.run_robustness_analysis",
        worker_ids=[worker_id],
        backend_name="default",
        run_after=timezone.now(),
    )


@pytest.mark.django_db
def test_tasks_of_stopped_and_silent_workers_are_queued_again_not_those_of_live_ones() -> None:
    seen("live", ago=5)
    seen("stopped", ago=5, stopped=True)
    seen("silent", ago=600)
    tasks = {w: claimed(w) for w in ("live", "stopped", "silent", "unknown")}
    requeued = heartbeat.requeue_orphaned_tasks("default")
    assert sorted(requeued) == sorted(str(tasks[w].pk) for w in ("stopped", "silent", "unknown"))
    status = {w: DBTaskResult.objects.get(pk=t.pk).status for w, t in tasks.items()}
    assert status == {"live": "RUNNING", "stopped": "READY", "silent": "READY", "unknown": "READY"}


@pytest.mark.django_db
def test_a_worker_restarted_under_its_fixed_id_runs_its_own_lost_task_again() -> None:
    seen("app1-worker", ago=3)  # systemd restarted it at once: its old beat is still fresh
    task = claimed("app1-worker")
    assert heartbeat.requeue_orphaned_tasks("default", restarted="app1-worker") == [str(task.pk)]


@pytest.mark.django_db
def test_a_beat_records_the_worker_and_a_stop_is_recorded_too() -> None:
    beats = heartbeat.Heartbeat("w-1")
    beats.beat()
    row = WorkerHeartbeat.objects.get(worker_id="w-1")
    assert row.stopped_at is None and heartbeat.read_status().ok
    beats.stop()  # never started: stop only records it
    assert WorkerHeartbeat.objects.get(worker_id="w-1").stopped_at is not None
    assert not heartbeat.read_status().ok
