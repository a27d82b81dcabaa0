"""Document jobs: the Word documents and the evidence package are built by the worker.

The request only queues a job and answers at once; the job page polls its progress and offers
the download when ready; the file is read back from the storage through a view that checks
access, and is cleaned up after a day.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from qcounty.office.annex2 import annex2_docx
from qcounty.office.package import verify_package
from qcounty.office.score_sheet import score_sheet_docx
from qcounty.web.accounts.models import User
from qcounty.web.documents import builders, jobs
from qcounty.web.documents.models import DocumentJob
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting import actions as reporting_actions
from qcounty.web.reporting.models import InputValue
from tests.web.conftest import World

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
Kind = DocumentJob.Kind


@pytest.fixture(autouse=True)
def _storage(evidence_root: Path) -> None:
    """Every test writes its results (and evidence) into its own directory."""


@pytest.fixture
def immediate(settings: Any) -> None:
    settings.TASKS = IMMEDIATE


@pytest.fixture
def queued(settings: Any) -> None:
    """Tasks are queued in the database, as in production, and run only when a test says so."""
    settings.TASKS = DATABASE


def start(client: Client, world: World, kind: str) -> Any:
    return client.post(reverse("documents:job_start", args=[world.application.pk, kind]))


def only_job() -> DocumentJob:
    (job,) = DocumentJob.objects.all()
    return job


def download(client: Client, job: DocumentJob) -> bytes:
    response = client.get(reverse("documents:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def tables(content: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(content))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


# --------------------------------------------------------------------------- the request


def test_the_request_queues_the_job_and_builds_nothing(
    world: World, office_client: Client, queued: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_run(*args: Any) -> bytes:
        raise AssertionError("the document was built inside the request")

    monkeypatch.setattr(builders, "score_sheet_docx", must_not_run)

    response = start(office_client, world, Kind.SCORE_SHEET_DOCX)

    job = only_job()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:job", args=[job.pk])
    assert (job.status, job.kind, job.requested_by) == ("queued", "score_sheet_docx", world.office)
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "qcounty.web.documents.tasks.build_document"
    assert task.args_kwargs["args"] == [job.pk]


def test_the_old_direct_word_and_package_addresses_build_nothing(
    world: World, office_client: Client
) -> None:
    for url in (
        reverse("documents:annex2", args=[world.application.pk, "docx"]),
        reverse("documents:score_sheet", args=[world.application.pk, "docx"]),
        f"/documents/{world.application.pk}/evidence.zip",
    ):
        assert office_client.get(url).status_code == 404, url


def test_a_double_click_starts_one_job(world: World, office_client: Client, queued: None) -> None:
    first = start(office_client, world, Kind.PACKAGE)
    second = start(office_client, world, Kind.PACKAGE)

    job = only_job()
    assert first["Location"] == second["Location"] == reverse("documents:job", args=[job.pk])
    assert DBTaskResult.objects.count() == 1


def test_a_second_job_is_started_once_the_data_changed(
    world: World, office_client: Client, queued: None
) -> None:
    start(office_client, world, Kind.ANNEX2_DOCX)
    reporting_actions.save_value(world.application, "pre.stations", 3, world.office)
    start(office_client, world, Kind.ANNEX2_DOCX)
    # another document of the same data is another job, too
    start(office_client, world, Kind.SCORE_SHEET_DOCX)

    assert DocumentJob.objects.count() == 3
    assert DBTaskResult.objects.count() == 3


def test_the_database_refuses_two_unfinished_jobs_of_the_same_click(
    world: World, queued: None
) -> None:
    from django.db import IntegrityError, transaction

    job, created = jobs.request_document(world.application, world.office, Kind.PACKAGE)
    assert created
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentJob.objects.create(
            requested_by=world.office,
            application=world.application,
            kind=Kind.PACKAGE,
            data_version=job.data_version,
        )


# --------------------------------------------------------------------------- progress


def test_the_job_page_polls_until_the_worker_has_built_the_document(
    world: World, office_client: Client, queued: None
) -> None:
    start(office_client, world, Kind.SCORE_SHEET_DOCX)
    job = only_job()
    progress_url = reverse("documents:job_progress", args=[job.pk])

    page = office_client.get(reverse("documents:job", args=[job.pk])).content.decode()
    assert f'hx-get="{progress_url}"' in page
    assert "排队中" in page
    assert reverse("documents:job_download", args=[job.pk]) not in page

    jobs.run_job(job.pk)  # what the worker does with the queued task

    partial = office_client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-get" not in partial  # finished: the polling stops
    assert reverse("documents:job_download", args=[job.pk]) in partial
    assert "下载 文登区-工作任务分解表-自评得分.docx" in partial
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 2, 2)


def test_the_package_counts_its_files_as_progress(
    world: World, make_evidence: Callable[..., Evidence]
) -> None:
    for _ in range(3):
        make_evidence()
    seen: list[tuple[int, int]] = []

    builders.build(
        Kind.PACKAGE,
        world.application,
        world.office,
        io.BytesIO(),
        lambda d, t: seen.append((d, t)),
    )

    # three files, then the index and the manifest: four steps, each file counted as it is read
    assert seen == [(0, 4), (0, 4), (1, 4), (2, 4)]


# --------------------------------------------------------------------------- the result


def test_the_score_sheet_is_the_document_the_writer_makes(
    world: World, office_client: Client, immediate: None
) -> None:
    InputValue.objects.create(application=world.application, key="i01.slogan", value=True)

    start(office_client, world, Kind.SCORE_SHEET_DOCX)

    job = only_job()
    assert job.status == "done"
    expected = score_sheet_docx(*builders.score_sheet_args(world.application))
    assert tables(download(office_client, job)) == tables(expected)


def test_annex2_is_the_document_the_writer_makes(
    world: World, office_client: Client, immediate: None
) -> None:
    InputValue.objects.create(application=world.application, key="i01.slogan", value=True)

    start(office_client, world, Kind.ANNEX2_DOCX)

    content = download(office_client, only_job())
    expected = annex2_docx(*builders.annex2_args(world.application))
    assert tables(content) == tables(expected)
    # a box and its label are held together by a word joiner (U+2060)
    assert any("☑\u2060是" in cell for t in tables(content) for row in t for cell in row)


def test_the_evidence_package_holds_the_files_and_verifies(
    world: World,
    office_client: Client,
    make_evidence: Callable[..., Evidence],
    immediate: None,
) -> None:
    make_evidence(name="检定证书.pdf")

    start(office_client, world, Kind.PACKAGE)

    job = only_job()
    data = download(office_client, job)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("17-") and n.endswith("检定证书.pdf") for n in names)
    assert "manifest.json" in names
    assert verify_package(io.BytesIO(data)) == []
    assert job.file_name == "文登区-佐证材料.zip" and job.size == len(data)
    # the result is in the storage, under the job's own folder
    assert job.result_name.startswith(f"documents/{job.pk}/")
    assert default_storage.exists(job.result_name)


def test_the_application_page_lists_the_users_jobs(
    world: World, office_client: Client, immediate: None
) -> None:
    start(office_client, world, Kind.PACKAGE)
    page = office_client.get(reverse("reporting:application", args=[world.application.pk]))
    html = page.content.decode()
    assert reverse("documents:job_start", args=[world.application.pk, "package"]) in html
    assert reverse("documents:job", args=[only_job().pk]) in html


# --------------------------------------------------------------------------- access


def test_another_countys_office_finds_neither_the_job_nor_its_file(
    world: World, office_client: Client, login: Callable[[User], Client], immediate: None
) -> None:
    start(office_client, world, Kind.SCORE_SHEET_DOCX)
    job = only_job()
    other = login(world.rongcheng_office)
    for name in ("documents:job", "documents:job_progress", "documents:job_download"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404, name
    assert start(other, world, Kind.SCORE_SHEET_DOCX).status_code == 404
    assert DocumentJob.objects.count() == 1


def test_a_clerk_may_not_start_a_job(world: World, login: Callable[[User], Client]) -> None:
    clerk = login(world.market_clerk)
    assert start(clerk, world, Kind.PACKAGE).status_code == 403
    assert not DocumentJob.objects.exists()


def test_a_job_is_its_requesters_only(
    world: World, office_client: Client, login: Callable[[User], Client], immediate: None
) -> None:
    start(office_client, world, Kind.SCORE_SHEET_DOCX)
    colleague = User.objects.create_user(
        "wendeng-office-2", role=User.Role.COUNTY_OFFICE, organisation=world.wendeng
    )
    response = login(colleague).get(reverse("documents:job_download", args=[only_job().pk]))
    assert response.status_code == 404


def test_a_download_needs_a_login(world: World, client: Client, immediate: None) -> None:
    job, _ = jobs.request_document(world.application, world.office, Kind.PACKAGE)
    response = client.get(reverse("documents:job_download", args=[job.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_unknown_kind_is_not_found(world: World, office_client: Client) -> None:
    assert start(office_client, world, "everything").status_code == 404


# --------------------------------------------------------------------------- failures


def test_a_damaged_evidence_file_fails_the_package_with_a_chinese_reason(
    world: World,
    office_client: Client,
    make_evidence: Callable[..., Evidence],
    immediate: None,
) -> None:
    evidence = make_evidence(name="检定证书.pdf")
    with open(evidence.file.path, "ab") as f:
        f.write(b"tampered")

    start(office_client, world, Kind.PACKAGE)

    job = only_job()
    assert job.status == "failed" and not job.result_name
    page = office_client.get(reverse("documents:job", args=[job.pk])).content.decode()
    assert "佐证材料包未生成：文件“检定证书.pdf”（指标 17）的内容与上传时登记的不一致" in page
    assert "重新生成" in page
    assert office_client.get(reverse("documents:job_download", args=[job.pk])).status_code == 404


def test_a_writer_that_breaks_fails_the_job_in_chinese(
    world: World, office_client: Client, immediate: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(builders, "annex2_docx", broken)

    start(office_client, world, Kind.ANNEX2_DOCX)

    job = only_job()
    assert job.error == "文档生成失败（RuntimeError），请联系系统管理员"
    assert job.error in office_client.get(reverse("documents:job", args=[job.pk])).content.decode()


def test_a_job_no_worker_picks_up_is_failed_with_a_reason(
    world: World, office_client: Client, queued: None
) -> None:
    start(office_client, world, Kind.PACKAGE)
    job = only_job()
    DocumentJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - jobs.STALLED_AFTER - dt.timedelta(seconds=1)
    )

    partial = office_client.get(reverse("documents:job_progress", args=[job.pk]))

    assert "未能开始生成：后台进程没有运行" in partial.content.decode()
    assert "hx-get" not in partial.content.decode()
    jobs.run_job(job.pk)  # the worker comes back later: the failed job stays failed
    job.refresh_from_db()
    assert job.status == "failed" and not job.result_name


def test_a_job_run_again_after_an_interruption_builds_from_scratch(
    world: World, queued: None
) -> None:
    job, _ = jobs.request_document(world.application, world.office, Kind.ANNEX2_DOCX)
    DocumentJob.objects.filter(pk=job.pk).update(status="running", done=1)  # the worker died

    jobs.run_job(job.pk)  # the retried task
    jobs.run_job(job.pk)  # and a second delivery of it

    job.refresh_from_db()
    assert job.status == "done"
    assert [p.name for p in Path(default_storage.path(f"documents/{job.pk}")).iterdir()] == [
        Path(job.result_name).name
    ]


def test_a_transient_database_error_is_left_to_the_retry_which_builds_from_scratch(
    world: World, queued: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import OperationalError

    job, _ = jobs.request_document(world.application, world.office, Kind.ANNEX2_DOCX)
    real = builders.annex2_docx

    def locked(*args: Any) -> bytes:
        raise OperationalError("database is locked")

    monkeypatch.setattr(builders, "annex2_docx", locked)
    with pytest.raises(OperationalError):
        jobs.run_job(job.pk)  # not swallowed: the worker's retry sees it
    job.refresh_from_db()
    assert (job.status, job.error) == ("running", "")

    monkeypatch.setattr(builders, "annex2_docx", real)
    jobs.run_job(job.pk)  # the retry
    job.refresh_from_db()
    assert job.status == "done" and default_storage.exists(job.result_name)


# --------------------------------------------------------------------------- cleaning up


def test_results_older_than_a_day_are_deleted_with_their_files(
    world: World, office_client: Client, immediate: None
) -> None:
    start(office_client, world, Kind.ANNEX2_DOCX)
    old = only_job()
    DocumentJob.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - dt.timedelta(hours=25)
    )
    reporting_actions.save_value(world.application, "pre.stations", 3, world.office)
    start(office_client, world, Kind.ANNEX2_DOCX)  # finishing a job cleans up the old ones

    (new,) = DocumentJob.objects.all()
    assert new.pk != old.pk
    assert not default_storage.exists(old.result_name)
    assert default_storage.exists(new.result_name)


def test_the_command_deletes_expired_jobs(world: World, immediate: None) -> None:
    job, _ = jobs.request_document(world.application, world.office, Kind.ANNEX2_DOCX)
    jobs.run_job(job.pk)
    job.refresh_from_db()
    out = io.StringIO()

    call_command("purge_document_jobs", stdout=out)
    assert DocumentJob.objects.count() == 1  # a fresh result is kept

    DocumentJob.objects.update(finished_at=timezone.now() - dt.timedelta(hours=25))
    # what an interrupted run left beside the result goes too
    default_storage.save(f"documents/{job.pk}/left-behind.docx", io.BytesIO(b"half"))
    call_command("purge_document_jobs", stdout=out)
    assert not DocumentJob.objects.exists()
    assert default_storage.listdir(f"documents/{job.pk}") == ([], [])
    assert "deleted 1 document job(s)" in out.getvalue()
