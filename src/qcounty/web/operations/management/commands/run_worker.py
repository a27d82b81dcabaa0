"""Run the background worker: django-tasks-db's db_worker, surviving transient database errors."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from qcounty.web.operations.worker import ResilientWorker


class Command(db_worker.Command):
    help = (
        "Run the background worker (db_worker's options) that waits out a busy or lost "
        "database, records a heartbeat and queues again the tasks of dead workers."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # db_worker builds its Worker inside handle(): run that code with ours in its place
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker  # type: ignore[misc]  # swapped for this run only
        try:
            options["reload"] = False  # a reloaded child would hide its death from a supervisor
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]  # put back
