"""Run the background worker as a child process and start it again whenever it exits."""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from django.utils.crypto import get_random_string

from qcounty.web.operations import heartbeat
from qcounty.web.operations.transient import backoff

log = logging.getLogger(__name__)

FIRST_PAUSE = 1.0
MOST_PAUSE = 60.0
# a child that ran this long was healthy: the next restart waits FIRST_PAUSE again
HEALTHY_SECONDS = 60.0


def worker_command(worker_id: str, extra: list[str]) -> list[str]:
    """Return the command line that runs one worker with this project's manage.py."""
    manage = sys.argv[0] if sys.argv and sys.argv[0].endswith("manage.py") else None
    base = [sys.executable, manage] if manage else [sys.executable, "-m", "django"]
    return [*base, "run_worker", "--worker-id", worker_id, *extra]


class Command(BaseCommand):
    help = (
        "Run `run_worker` as a child and start it again when it exits (pausing 1 s, doubling "
        "up to 60 s while it keeps dying); TERM or Ctrl-C stops the worker and the supervisor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-restarts",
            type=int,
            default=None,
            help="Give up after this many restarts (default: never)",
        )
        parser.add_argument(
            "worker_args", nargs="*", help="Options for run_worker, after --, e.g. -- --interval 2"
        )

    def handle(
        self, *args: Any, max_restarts: int | None, worker_args: list[str], **_: Any
    ) -> None:
        self.stopping = False
        self.stop_asked = 0.0
        self.child: subprocess.Popen[bytes] | None = None
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        restarts = failures = 0
        while not self.stopping:
            worker_id = f"{socket.gethostname()[:40]}-{get_random_string(12)}"
            started = time.monotonic()
            # its own process group: a Ctrl-C in the terminal reaches the supervisor only, which
            # passes on one TERM (a second signal would make the worker drop its current task)
            self.child = subprocess.Popen(worker_command(worker_id, worker_args), process_group=0)
            self.stdout.write(f"worker started: pid {self.child.pid}, id {worker_id}")
            code = self.child.wait()
            self._record_stopped(worker_id)
            if self.stopping:
                break
            self.stderr.write(f"worker pid {self.child.pid} exited with status {code}")
            if max_restarts is not None and restarts >= max_restarts:
                raise SystemExit(f"worker exited {restarts + 1} times; giving up")
            failures = 1 if time.monotonic() - started > HEALTHY_SECONDS else failures + 1
            pause = backoff(failures, FIRST_PAUSE, MOST_PAUSE)
            self.stderr.write(f"restarting the worker in {pause:.0f} s")
            self._sleep(pause)
            restarts += 1
        self.stdout.write("supervisor stopped")

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:
            # asked again (not the same Ctrl-C reaching us twice): do not wait for the task
            if time.monotonic() - self.stop_asked > 2 and self.child and self.child.poll() is None:
                self.child.kill()
            return
        self.stopping = True
        self.stop_asked = time.monotonic()
        if self.child is not None and self.child.poll() is None:
            # the worker finishes its current task and exits (db_worker's graceful stop)
            self.child.send_signal(signal.SIGTERM)

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.2)

    def _record_stopped(self, worker_id: str) -> None:
        """Say the child has stopped, so the next one runs its unfinished task again at once."""
        try:
            heartbeat.mark_stopped(worker_id)
        except Exception:  # the database is down: the task is requeued once the beat is stale
            log.warning("could not record that worker %s stopped", worker_id, exc_info=True)
        finally:
            for conn in connections.all(initialized_only=True):
                conn.close()  # hold no connection (nor SQLite file handle) while waiting
