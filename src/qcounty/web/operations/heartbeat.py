"""The workers' heartbeats: written by each worker, read by the pages and /healthz.

A worker's heartbeat thread writes `last_seen` every HEARTBEAT_SECONDS, also while a long task
runs. A worker unseen for QCOUNTY_WORKER_STALE_SECONDS (settings.WORKER_STALE_SECONDS) is
taken as dead: the pages say background work is not running, and the tasks it had claimed are
put back in the queue by the next worker that starts or looks.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qcounty.web.operations.models import WorkerHeartbeat

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10.0
# the pages read the heartbeat at most this often per process: one query per few seconds
STATUS_CACHE_SECONDS = 5.0
FORGET_AFTER = dt.timedelta(days=7)


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.WORKER_STALE_SECONDS)


# ---------------------------------------------------------------- written by the worker


def beat(worker_id: str, started_at: dt.datetime) -> None:
    """Record that the worker is alive now."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        last_seen=now, stopped_at=None
    )
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            hostname=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=started_at,
            last_seen=now,
        )


def mark_stopped(worker_id: str) -> None:
    """Record that the worker has stopped (its tasks, if any, may be run again at once)."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())


def forget_old() -> None:
    """Delete the heartbeats of workers stopped or unseen for a week (they only pile up)."""
    WorkerHeartbeat.objects.filter(last_seen__lt=timezone.now() - FORGET_AFTER).delete()


def requeue_orphaned_tasks(backend_name: str, restarted: str | None = None) -> list[str]:
    """Put back in the queue the running tasks whose worker has stopped or is unseen too long.

    `restarted` is the id of a worker that is starting: a task still claimed under its id was
    claimed by an earlier process with that id (systemd restarts the worker under a fixed id).
    A task is run again only once its worker is known to be gone, so it never runs twice at
    the same time; the task's own code makes the second run start from a clean state.
    """
    now = timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(
            stopped_at__isnull=True, last_seen__gte=now - stale_after()
        ).values_list("worker_id", flat=True)
    )
    alive.discard(restarted)
    requeued = []
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(
            status=TaskResultStatus.RUNNING, backend_name=backend_name
        )
        for result in running:
            owner = result.worker_ids[-1] if result.worker_ids else None
            if owner in alive:
                continue
            result.status = TaskResultStatus.READY
            result.save(update_fields=["status"])
            requeued.append(str(result.id))
    for task_id in requeued:
        log.warning("task %s was left running by a stopped worker; queued again", task_id)
    return requeued


class Heartbeat:
    """A daemon thread that beats for the worker every `interval` seconds until stopped."""

    def __init__(
        self,
        worker_id: str,
        interval: float = HEARTBEAT_SECONDS,
        on_beat: Callable[[], None] | None = None,
    ) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self.on_beat = on_beat
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def beat(self) -> None:
        beat(self.worker_id, self.started_at)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop beating and record that the worker has stopped."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.interval + 5)
        try:
            mark_stopped(self.worker_id)
        except Exception:  # the database is gone: the heartbeat simply grows stale
            log.warning("could not record that worker %s stopped", self.worker_id, exc_info=True)

    def _run(self) -> None:
        # the thread has its own database connection (Django's are per thread)
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.beat()
                    if self.on_beat is not None:
                        self.on_beat()
                except Exception:  # a busy or lost database: the next beat tries again
                    log.warning("worker heartbeat failed", exc_info=True)
                    connection.close()
        finally:
            connection.close()


# ---------------------------------------------------------------- read by the pages


@dataclass(frozen=True)
class WorkerStatus:
    last_seen: dt.datetime | None  # the most recent heartbeat of any worker, None if never
    ok: bool  # a worker has been seen within the staleness delay


_cache: tuple[float, WorkerStatus] | None = None
_cache_lock = threading.Lock()


def read_status(now: dt.datetime | None = None) -> WorkerStatus:
    """Return the workers' status from the database (one indexed query)."""
    now = now or timezone.now()
    seen = WorkerHeartbeat.objects.aggregate(
        running=Max("last_seen", filter=Q(stopped_at__isnull=True)), any=Max("last_seen")
    )
    if seen["running"] is None:  # every worker has stopped: say when the last one was seen
        return WorkerStatus(seen["any"], ok=False)
    return WorkerStatus(seen["running"], ok=now - seen["running"] <= stale_after())


def worker_status() -> WorkerStatus:
    """Return the workers' status, read at most every STATUS_CACHE_SECONDS in this process."""
    global _cache
    with _cache_lock:
        if _cache is not None and time.monotonic() - _cache[0] < STATUS_CACHE_SECONDS:
            return _cache[1]
    status = read_status()
    with _cache_lock:
        _cache = (time.monotonic(), status)
    return status


def clear_status_cache() -> None:
    global _cache
    with _cache_lock:
        _cache = None
