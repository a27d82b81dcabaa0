"""Background tasks (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from qcounty.web.evaluation.actions import run_robustness


@task()
def run_robustness_analysis(run_id: int) -> None:
    run_robustness(run_id)
