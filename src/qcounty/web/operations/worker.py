"""A django-tasks-db worker that outlives a busy or lost database and says it is alive."""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from qcounty.web.operations import heartbeat
from qcounty.web.operations.transient import backoff, is_transient, reset_connections

log = logging.getLogger(__name__)

FIRST_PAUSE = 1.0
MOST_PAUSE = 30.0
# with the heartbeat: look for tasks left by dead workers every this many beats (a minute)
RECOVER_EVERY_BEATS = 6


class ResilientWorker(Worker):
    """db_worker's loop, restarted after a transient database error instead of dying.

    The loop claims a task in a short exclusive transaction and records its outcome; a
    database locked past the busy timeout or a dropped connection there used to end the
    process. Here the connections are reset and the loop starts again after a pause that
    doubles up to MOST_PAUSE; any other error still ends the process (for its supervisor).
    """

    def run(self) -> None:
        beats = heartbeat.Heartbeat(self.worker_id, on_beat=self._every_beat)
        self._wait_for_database(beats)
        beats.start()
        failures = 0
        try:
            while True:
                started = time.monotonic()
                try:
                    super().run()
                    return  # --batch or --max-tasks: the loop ended by itself
                except (OperationalError, InterfaceError) as e:
                    if not self.running or not is_transient(e):
                        raise
                    failures = 1 if time.monotonic() - started > MOST_PAUSE else failures + 1
                    pause = backoff(failures, FIRST_PAUSE, MOST_PAUSE)
                    log.warning("worker loop: %s; going on in %.1f s", e, pause)
                    reset_connections()
                    time.sleep(pause)
                    self.startup_delay = False
                    self._requeue_own_tasks()
        finally:
            beats.stop()

    def _every_beat(self) -> None:
        # other workers may die with no supervisor to say so: look for their tasks now and then
        self._beats = getattr(self, "_beats", 0) + 1
        if self._beats % RECOVER_EVERY_BEATS == 0:
            heartbeat.requeue_orphaned_tasks(self.backend_name)

    def _wait_for_database(self, beats: heartbeat.Heartbeat) -> None:
        """Start the heartbeat and put back the tasks of dead workers, waiting for the database."""
        failures = 0
        while True:
            try:
                beats.beat()
                heartbeat.forget_old()
                heartbeat.requeue_orphaned_tasks(self.backend_name, restarted=self.worker_id)
                return
            except (OperationalError, InterfaceError) as e:
                if not is_transient(e):
                    raise
                failures += 1
                pause = backoff(failures, FIRST_PAUSE, MOST_PAUSE)
                log.warning("worker start: %s; trying again in %.1f s", e, pause)
                reset_connections()
                time.sleep(pause)

    def _requeue_own_tasks(self) -> None:
        """Queue again a task this worker claimed but could not record the end of."""
        # the loop is single-threaded: a task of ours still marked running is not running
        try:
            for result in DBTaskResult.objects.filter(
                status=TaskResultStatus.RUNNING, backend_name=self.backend_name
            ):
                if result.worker_ids and result.worker_ids[-1] == self.worker_id:
                    DBTaskResult.objects.filter(
                        pk=result.pk, status=TaskResultStatus.RUNNING
                    ).update(status=TaskResultStatus.READY)
                    log.warning("task %s was interrupted; queued again", result.pk)
        except (OperationalError, InterfaceError) as e:
            if not is_transient(e):
                raise
            reset_connections()  # the loop will meet the same error and pause
