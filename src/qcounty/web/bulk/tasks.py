"""Background tasks (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from qcounty.web.bulk.actions import load_batch


@task()
def load_bulk_import(batch_id: int) -> None:
    load_batch(batch_id)
