"""The background-job base: progress as a sign of life, a stalled job failed once, its end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from qcounty.web.bulk.models import BulkImport
from qcounty.web.documents.models import DocumentJob
from qcounty.web.evaluation.models import RobustnessRun
from qcounty.web.operations.jobs import BackgroundJob
from tests.web.conftest import World

TEN_MINUTES = dt.timedelta(minutes=10)


def _job(world: World, status: str = "running", version: str = "v1") -> DocumentJob:
    return DocumentJob.objects.create(
        requested_by=world.office,
        application=world.application,
        kind=DocumentJob.Kind.ANNEX2_DOCX,
        data_version=version,
        status=status,
    )


@pytest.mark.parametrize("model", [BulkImport, DocumentJob, RobustnessRun])
def test_the_three_job_models_share_the_base(model: type[BackgroundJob]) -> None:
    assert issubclass(model, BackgroundJob)
    names = {f.name for f in model._meta.get_fields()}
    assert {"status", "done", "total", "error", "created_at", "updated_at", "finished_at"} <= names
    assert {"done", "failed"} <= {value for value, _label in model.Status.choices}


def test_a_step_of_the_work_is_stored_with_the_time(world: World) -> None:
    job = _job(world)
    DocumentJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - TEN_MINUTES)
    rows = DocumentJob.objects.filter(pk=job.pk, status="running")
    assert rows.progress(done=2, total=5) == 1
    job.refresh_from_db()
    assert (job.done, job.total) == (2, 5)
    assert timezone.now() - job.updated_at < dt.timedelta(seconds=5)


def test_a_job_with_recent_progress_is_left_alone(world: World) -> None:
    job = _job(world)
    assert not job.fail_if_stalled(TEN_MINUTES, "中断")
    job.refresh_from_db()
    assert job.status == "running" and job.error == ""


def test_a_silent_job_is_failed_with_the_reason_and_its_worker_finds_it_so(world: World) -> None:
    job = _job(world)
    then = timezone.now() - TEN_MINUTES - dt.timedelta(seconds=1)
    DocumentJob.objects.filter(pk=job.pk).update(updated_at=then)
    job.refresh_from_db()
    assert job.fail_if_stalled(TEN_MINUTES, "生成中断")
    assert (job.status, job.error, job.finished) == ("failed", "生成中断", True)
    assert job.finished_at is not None
    # the worker's next step matches nothing: it stops
    assert DocumentJob.objects.filter(pk=job.pk, status="running").progress(done=1) == 0
    # and a second look does not fail it again (its reason and time are kept)
    later = timezone.now() + TEN_MINUTES * 3
    assert not job.fail_if_stalled(TEN_MINUTES, "另一个原因", now=later)
    job.refresh_from_db()
    assert job.error == "生成中断"


def test_a_job_that_moved_on_meanwhile_is_not_failed(world: World) -> None:
    # the page read the job before the worker's last step: the stale copy must not fail it
    job = _job(world)
    DocumentJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - TEN_MINUTES * 2)
    job.refresh_from_db()
    DocumentJob.objects.filter(pk=job.pk).progress(done=1)  # the worker, after the read
    assert not job.fail_if_stalled(TEN_MINUTES, "中断")
    assert (job.status, job.done) == ("running", 1)


def test_finish_and_fail_end_the_job_with_its_time(world: World) -> None:
    done, failed = _job(world), _job(world, status="queued", version="v2")
    DocumentJob.objects.filter(pk=done.pk).finish(file_name="附件2.docx", size=10)
    DocumentJob.objects.filter(pk=failed.pk).fail("未生成")
    done.refresh_from_db()
    failed.refresh_from_db()
    assert (done.status, done.file_name, done.size) == ("done", "附件2.docx", 10)
    assert (failed.status, failed.error) == ("failed", "未生成")
    assert done.finished_at is not None and failed.finished_at is not None
