"""Background tasks (django-tasks; the worker is `manage.py run_worker`)."""

from __future__ import annotations

from django_tasks import task

from qcounty.web.documents.jobs import run_job
from qcounty.web.operations.transient import retry_transient


@task()
@retry_transient()
def build_document(job_id: int) -> None:
    run_job(job_id)
