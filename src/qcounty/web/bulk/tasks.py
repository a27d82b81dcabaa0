"""Background tasks (django-tasks; the worker is `manage.py run_worker`)."""

from __future__ import annotations

from django_tasks import task

from qcounty.web.bulk.actions import check_batch, load_batch
from qcounty.web.operations.transient import retry_transient


@task()
@retry_transient()
def load_bulk_import(batch_id: int) -> None:
    load_batch(batch_id)


@task()
@retry_transient()
def check_bulk_import(batch_id: int) -> None:
    check_batch(batch_id)
