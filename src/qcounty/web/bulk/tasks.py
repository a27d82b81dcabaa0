"""Background tasks (django-tasks; the worker is `manage.py run_worker`)."""

from __future__ import annotations

from django_tasks import task

from qcounty.web.bulk.actions import load_batch
from qcounty.web.operations.transient import retry_transient


@task()
@retry_transient()
def load_bulk_import(batch_id: int) -> None:
    load_batch(batch_id)
