"""Background tasks (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from qcounty.web.documents.jobs import run_job


@task()
def build_document(job_id: int) -> None:
    run_job(job_id)
