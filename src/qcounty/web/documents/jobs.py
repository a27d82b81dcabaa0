"""Document jobs: ask for a document, build it in the worker, keep the result a day.

A job is built by `run_job` (the task `build_document`), from scratch each time it runs, so a
task delivered twice or retried after a crash is harmless: only the first to finish keeps its
file. The file lives in the default storage (the file system or S3) and is read back only
through the download view, which checks access.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
import uuid

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.office.charts import NoCjkFont
from qcounty.office.package import PackageError
from qcounty.office.quality_report import ReportError
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.assignments import assignments
from qcounty.web.campaigns.models import Application
from qcounty.web.documents import builders
from qcounty.web.documents.models import DocumentJob
from qcounty.web.evidence.models import Evidence
from qcounty.web.operations.jobs import JobQuerySet
from qcounty.web.operations.transient import is_transient
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.models import AuditEntry

log = logging.getLogger(__name__)
Status = DocumentJob.Status
UNFINISHED = (Status.QUEUED, Status.RUNNING)
STALLED_AFTER = dt.timedelta(minutes=10)  # a step (one evidence file, one writer) takes seconds
DEFAULT_KEEP_HOURS = 24


def keep() -> dt.timedelta:
    """Return how long a job and its file are kept (setting DOCUMENT_JOB_KEEP_HOURS)."""
    return dt.timedelta(
        hours=float(getattr(settings, "DOCUMENT_JOB_KEEP_HOURS", DEFAULT_KEEP_HOURS))
    )


def data_version(application: Application) -> str:
    """Return a fingerprint of everything the application's documents are built from."""
    parts: list[object] = [application.pk, application.status, application.campaign_id]
    for model in (InputValue, Record):
        row = model.objects.filter(application=application).aggregate(
            n=Count("id"), t=Max("updated_at")
        )
        parts += [row["n"], row["t"]]
    row = Evidence.objects.filter(application=application).aggregate(n=Count("id"), m=Max("id"))
    parts += [row["n"], row["m"]]
    row = AuditEntry.objects.filter(application=application).aggregate(m=Max("id"))
    parts.append(row["m"])
    # the mapping the application reads: a past application's frozen copy never changes
    row = assignments(application).aggregate(n=Count("id"), m=Max("id"))
    parts += [application.mapping_frozen_at, row["n"], row["m"]]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def request_document(application: Application, user: User, kind: str) -> tuple[DocumentJob, bool]:
    """Return the user's unfinished job for this document and data, or a new queued one (True);
    the caller enqueues the task of a new one."""
    same = DocumentJob.objects.filter(
        requested_by=user,
        application=application,
        kind=kind,
        data_version=data_version(application),
        status__in=UNFINISHED,
    )
    if (job := same.first()) is not None:
        return job, False
    try:
        with transaction.atomic():
            job = DocumentJob.objects.create(
                requested_by=user,
                application=application,
                kind=kind,
                data_version=data_version(application),
            )
    except IntegrityError:  # the other click of a double click created it meanwhile
        if (job := same.first()) is None:
            raise
        return job, False
    return job, True


class _Abandoned(Exception):
    """The job was marked as failed while this worker was still at it (it had stalled)."""


def run_job(job_id: int) -> None:
    """Build a queued (or interrupted) job's document into the storage, with its progress."""
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return  # done already (a task delivered twice), cleaned up, or given up as stalled
        job.status, job.done, job.updated_at = Status.RUNNING, 0, timezone.now()
        job.save(update_fields=["status", "done", "updated_at"])
    rows = DocumentJob.objects.filter(pk=job_id, status=Status.RUNNING)

    def progress(done: int, total: int) -> None:
        if not rows.progress(done=done, total=total):
            raise _Abandoned

    stored = ""
    try:
        application = Application.objects.select_related(
            "campaign", "county", "county__parent"
        ).get(pk=job.application_id)
        # the document may be large (the evidence package): built on disk, never in memory
        with tempfile.TemporaryFile() as out:
            file_name = builders.build(job.kind, application, job.requested_by, out, progress)
            size = out.tell()
            out.seek(0)
            suffix = file_name.rsplit(".", 1)[-1]
            stored = default_storage.save(
                f"documents/{job.pk}/{uuid.uuid4().hex}.{suffix}", File(out, name=file_name)
            )
    except _Abandoned:
        log.warning("document job %s was given up as stalled; its worker stops", job_id)
        return
    except PackageError as e:
        _fail(rows, _("佐证材料包未生成：{reason}").format(reason=e))
        return
    except ReportError as e:
        reasons = "；".join(e.problems)
        _fail(rows, _("未生成质量发展状况分析报告：{reason}").format(reason=reasons))
        return
    except NoCjkFont as e:
        _fail(rows, str(e))
        return
    except Exception as e:
        if is_transient(e):
            raise  # a locked or lost database: the task is retried, from scratch
        log.exception("document job %s failed", job_id)
        _fail(rows, _("文档生成失败（{error}），请联系系统管理员").format(error=type(e).__name__))
        return
    kept = rows.finish(result_name=stored, file_name=file_name[:200], size=size, done=F("total"))
    if not kept:  # given up as stalled meanwhile, or finished by another delivery
        default_storage.delete(stored)
    purge_expired()


def _fail(rows: JobQuerySet[DocumentJob], error: str) -> None:
    rows.fail(error)


def check_stalled(job: DocumentJob, now: dt.datetime | None = None) -> DocumentJob:
    """Mark an unfinished job as failed when it has shown no progress for `STALLED_AFTER`
    (its worker died, or none is running); return the job as it now stands."""
    if job.finished:
        return job
    if job.status == Status.RUNNING:
        error = _("生成中断：后台进程已停止，请重新生成")
    else:
        error = _("未能开始生成：后台进程没有运行，请联系系统管理员后重新生成")
    job.fail_if_stalled(STALLED_AFTER, error, now)
    return job


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the jobs (and their files) older than `keep()`; return how many."""
    cutoff = (now or timezone.now()) - keep()
    old = DocumentJob.objects.filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    )
    n = 0
    for job in old:
        try:
            _delete_files(job)
        except OSError:
            log.warning("document job %s: could not delete its files", job.pk, exc_info=True)
            continue  # tried again next time
        job.delete()
        n += 1
    return n


def _delete_files(job: DocumentJob) -> None:
    """Delete the job's folder in the storage: its result, and what an interrupted run left."""
    folder = f"documents/{job.pk}"
    try:
        _dirs, names = default_storage.listdir(folder)
    except FileNotFoundError:
        names = []
    for name in {f"{folder}/{n}" for n in names} | ({job.result_name} - {""}):
        default_storage.delete(name)
