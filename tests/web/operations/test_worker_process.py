"""The worker as an operator runs it: a real process, a real SQLite lock, a real kill."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.testenv import selected_database

# the worker runs on its own SQLite file whatever the suite's database: once is enough
pytestmark = pytest.mark.skipif(
    selected_database() != "sqlite", reason="runs on SQLite only (its own database)"
)

REPO = Path(__file__).resolve().parents[3]
TASK = "tests.web.operations.worktasks.note_attempt"


class Site:
    """A migrated SQLite installation in a temporary directory, and its manage.py."""

    def __init__(self, var: Path) -> None:
        self.var = var
        self.db = var / "qcounty.sqlite3"
        self.env = {
            k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "QCOUNTY_DEBUG")
        } | {
            "QCOUNTY_VAR": str(var),
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
            "DJANGO_SETTINGS_MODULE": "qcounty.web.settings",
            "QCOUNTY_SQLITE_TIMEOUT": "1",  # a lock held past 1 s fails the waiting writer
        }

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(REPO / "manage.py"), *args]

    def run(self, *args: str) -> None:
        subprocess.run(self.command(*args), env=self.env, check=True, capture_output=True)

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            self.command(*args),
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=(self.var / "worker.log").open("ab"),
        )

    def enqueue(self, path: Path, hold: float = 0) -> None:
        code = f"from {TASK.rsplit('.', 1)[0]} import note_attempt; "
        code += f"note_attempt.enqueue({str(path)!r}, {hold})"
        self.run("shell", "-c", code)

    def query(self, sql: str) -> list[tuple]:
        with sqlite3.connect(self.db, timeout=10) as conn:
            return conn.execute(sql).fetchall()

    def log(self) -> str:
        path = self.var / "worker.log"
        return path.read_text() if path.exists() else ""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    var = tmp_path_factory.mktemp("worker-site")
    Site(var).run("migrate", "--verbosity", "0")
    return var / "qcounty.sqlite3"


@pytest.fixture
def site(migrated: Path, tmp_path: Path) -> Iterator[Site]:
    (tmp_path / "qcounty.sqlite3").write_bytes(migrated.read_bytes())
    s = Site(tmp_path)
    (tmp_path / "secret_key").write_text("test-secret-key-for-the-worker-process-tests")
    processes: list[subprocess.Popen[bytes]] = []
    s.started = processes  # type: ignore[attr-defined]
    yield s
    for p in processes:
        if p.poll() is None:
            p.kill()
            p.wait()


def until(condition: Callable[[], object], seconds: float, what: str, site: Site) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}; worker log:\n{site.log()}")
        time.sleep(0.1)


def lines(path: Path) -> int:
    return path.read_text().count("\n") if path.exists() else 0


def live_worker_pids(site: Site) -> list[int]:
    return [
        r[0]
        for r in site.query("SELECT pid FROM operations_workerheartbeat WHERE stopped_at IS NULL")
    ]


def test_a_database_locked_past_the_busy_timeout_does_not_kill_the_worker(
    site: Site, tmp_path: Path
) -> None:
    worker = site.start("run_worker", "--interval", "0.2", "--no-startup-delay")
    site.started.append(worker)  # type: ignore[attr-defined]
    until(lambda: live_worker_pids(site), 60, "the worker's first heartbeat", site)
    # another process holds the write lock for 3 s, three times the busy timeout: the worker's
    # claim of a task (an exclusive transaction every 0.2 s) fails with "database is locked"
    locker = sqlite3.connect(site.db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    time.sleep(3)
    locker.execute("ROLLBACK")
    locker.close()
    assert worker.poll() is None, f"the worker died:\n{site.log()}"
    assert "database is locked" in site.log()
    # and it still works
    done = tmp_path / "done.txt"
    site.enqueue(done)
    until(lambda: lines(done) == 1, 60, "the task queued after the lock", site)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=20) == 0
    assert site.query("SELECT stopped_at IS NOT NULL FROM operations_workerheartbeat") == [(1,)]


def test_a_killed_worker_is_restarted_and_its_task_run_again_to_the_end(
    site: Site, tmp_path: Path
) -> None:
    supervisor = site.start("supervise_worker", "--", "--interval", "0.2", "--no-startup-delay")
    site.started.append(supervisor)  # type: ignore[attr-defined]
    until(lambda: live_worker_pids(site), 60, "the worker's first heartbeat", site)
    [first] = live_worker_pids(site)
    notes = tmp_path / "attempts.txt"
    site.enqueue(notes, hold=60)
    until(lambda: lines(notes) == 1, 60, "the task to start", site)
    os.kill(first, signal.SIGKILL)  # the worker dies in the middle of the task
    until(lambda: lines(notes) == 2, 60, "the task to run again in a new worker", site)
    until(
        lambda: (
            site.query("SELECT status FROM django_tasks_database_dbtaskresult") == [("SUCCESSFUL",)]
        ),
        20,
        "the task to finish",
        site,
    )
    [second] = live_worker_pids(site)
    assert second != first and supervisor.poll() is None
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=20) == 0
    assert not live_worker_pids(site)  # the supervisor stopped its worker and recorded it
