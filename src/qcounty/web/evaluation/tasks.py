"""Background tasks (django-tasks; the worker is `manage.py run_worker`)."""

from __future__ import annotations

from django_tasks import task

from qcounty.web.evaluation.actions import run_robustness
from qcounty.web.operations.transient import retry_transient


@task()
@retry_transient()
def run_robustness_analysis(run_id: int) -> None:
    run_robustness(run_id)
