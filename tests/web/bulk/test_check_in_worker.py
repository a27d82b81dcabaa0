"""The bulk check runs in the worker: the upload request only stores the files and queues it.

Tasks are queued in the database here, as in production, and run when a test says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from qcounty.web.bulk import actions
from qcounty.web.bulk.models import BulkImport, BulkItem
from qcounty.web.organisations.models import Organisation
from tests.web.bulk.test_bulk import (  # noqa: F401 (fixtures)
    COUNTIES,
    counties,
    evaluator,
    items,
    only_batch,
    upload,
    workbook,
    zipped,
)
from tests.web.conftest import World

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _queued_tasks(settings: Any, evidence_root: Path) -> None:
    settings.TASKS = DATABASE


def three(world: World) -> bytes:
    return zipped(
        {f"{c}.xlsx": workbook(n, world.campaign.name) for n, (_, c) in enumerate(COUNTIES[:3])}
    )


def test_the_upload_stores_the_files_and_reads_no_workbook(
    world: World,
    counties: dict[str, Organisation],  # noqa: F811
    evaluator: Client,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def must_not_read(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a workbook was read inside the upload request")

    monkeypatch.setattr(actions, "read_workbook", must_not_read)

    response = upload(evaluator, world.campaign, ("各县.zip", three(world)))

    batch = only_batch()
    assert response.status_code == 302
    assert response["Location"] == reverse("bulk:batch", args=[batch.pk])
    assert (batch.status, batch.files, batch.checked) == ("pending", 3, 0)
    assert not batch.items.exists()
    (stored,) = batch.uploads
    assert stored["name"] == "各县.zip" and default_storage.exists(stored["stored"])
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "qcounty.web.bulk.tasks.check_bulk_import"
    assert task.args_kwargs["args"] == [batch.pk]
    page = evaluator.get(response["Location"]).content.decode()
    assert f'hx-get="{reverse("bulk:progress", args=[batch.pk])}"' in page
    assert "已检查 0 / 3 个文件" in page


def test_the_worker_checks_the_files_and_the_page_shows_the_dry_run(
    world: World,
    counties: dict[str, Organisation],  # noqa: F811
    evaluator: Client,  # noqa: F811
) -> None:
    upload(evaluator, world.campaign, ("各县.zip", three(world)), ("说明.docx", b"PK\x03\x04"))
    batch = only_batch()
    assert batch.files == 4
    raw = batch.uploads[0]["stored"]

    actions.check_batch(batch.pk)  # what the worker does with the queued task

    batch.refresh_from_db()
    assert (batch.status, batch.checked, batch.total) == ("checked", 4, 3)
    assert batch.summary == {"files": 4, "accepted": 3, "refused": 1, "loaded": 0, "failed": 0}
    assert not default_storage.exists(raw)  # each workbook is kept on its item instead
    assert all(default_storage.exists(i.stored_name) for i in batch.items.filter(status="accepted"))
    progress = evaluator.get(
        reverse("bulk:progress", args=[batch.pk]), headers={"HX-Request": "true"}
    )
    assert progress["HX-Refresh"] == "true"  # the page reloads with the results
    page = evaluator.get(reverse("bulk:batch", args=[batch.pk])).content.decode()
    assert "加载 3 个县的数据" in page and "hx-get" not in page
    # the load is queued the same way
    evaluator.post(reverse("bulk:load", args=[batch.pk]))
    assert (
        DBTaskResult.objects.filter(task_path="qcounty.web.bulk.tasks.load_bulk_import").count()
        == 1
    )


def test_a_check_interrupted_and_run_again_starts_from_scratch(
    world: World,
    counties: dict[str, Organisation],  # noqa: F811
    evaluator: Client,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    upload(evaluator, world.campaign, ("各县.zip", three(world)))
    batch = only_batch()
    real = actions._check_item

    def dies_at_the_third(b: BulkImport, position: int, *args: Any) -> None:
        if position == 3:
            raise KeyboardInterrupt  # the worker is killed
        real(b, position, *args)

    monkeypatch.setattr(actions, "_check_item", dies_at_the_third)
    with pytest.raises(KeyboardInterrupt):
        actions.check_batch(batch.pk)
    assert batch.items.count() == 2
    monkeypatch.setattr(actions, "_check_item", real)

    actions.check_batch(batch.pk)  # the task, run again
    actions.check_batch(batch.pk)  # and once more: checked already, nothing happens

    batch.refresh_from_db()
    assert (batch.status, batch.checked, batch.total) == ("checked", 3, 3)
    assert sorted(items(batch)) == [
        f"{c}.xlsx" for _, c in sorted(COUNTIES[:3], key=lambda x: f"{x[1]}.xlsx")
    ]
    assert [i.position for i in batch.items.all()] == [1, 2, 3]
    kept = Path(default_storage.path(f"bulk/{batch.pk}"))
    assert sorted(p.name for p in kept.glob("*.xlsx")) == ["0001.xlsx", "0002.xlsx", "0003.xlsx"]


def test_a_transient_database_error_is_left_to_the_retry(
    world: World,
    counties: dict[str, Organisation],  # noqa: F811
    evaluator: Client,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import OperationalError

    upload(evaluator, world.campaign, ("各县.zip", three(world)))
    batch = only_batch()
    real = actions.read_workbook

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    monkeypatch.setattr(actions, "read_workbook", locked)
    with pytest.raises(OperationalError):
        actions.check_batch(batch.pk)  # not swallowed: the worker's retry sees it
    batch.refresh_from_db()
    assert (batch.status, batch.error) == ("pending", "")

    monkeypatch.setattr(actions, "read_workbook", real)
    actions.check_batch(batch.pk)  # the retry
    batch.refresh_from_db()
    assert (batch.status, batch.total) == ("checked", 3)


def test_a_check_no_worker_picks_up_is_failed_with_a_reason(
    world: World,
    counties: dict[str, Organisation],  # noqa: F811
    evaluator: Client,  # noqa: F811
) -> None:
    upload(evaluator, world.campaign, ("各县.zip", three(world)))
    batch = only_batch()
    BulkImport.objects.filter(pk=batch.pk).update(
        updated_at=timezone.now() - actions.STALLED_AFTER - dt.timedelta(seconds=1)
    )

    progress = evaluator.get(
        reverse("bulk:progress", args=[batch.pk]), headers={"HX-Request": "true"}
    )

    assert progress["HX-Refresh"] == "true"  # the polling ends: the page shows why
    page = evaluator.get(reverse("bulk:batch", args=[batch.pk])).content.decode()
    assert "检查未能完成：后台进程没有运行或已停止" in page and "hx-get" not in page
    actions.check_batch(batch.pk)  # the worker comes back later: the batch stays failed
    batch.refresh_from_db()
    assert batch.status == "failed" and not batch.items.exists()


def test_a_check_that_breaks_says_so_in_chinese(
    world: World,
    counties: dict[str, Organisation],  # noqa: F811
    evaluator: Client,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    upload(evaluator, world.campaign, ("各县.zip", three(world)))
    batch = only_batch()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(actions, "read_workbook", broken)
    actions.check_batch(batch.pk)

    batch.refresh_from_db()
    assert batch.status == "failed"
    assert batch.error == "检查失败（RuntimeError），请联系系统管理员"
    page = evaluator.get(reverse("bulk:batch", args=[batch.pk])).content.decode()
    assert batch.error in page and "hx-get" not in page
    assert "个县的数据" not in page  # nothing to load


def test_the_load_locks_the_application_before_reading_its_data(
    world: World,
    evaluator: Client,  # noqa: F811
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only (QCOUNTY_TEST_DB=postgresql)")
    upload(
        evaluator,
        world.campaign,
        ("荣成市.xlsx", workbook(0, world.campaign.name, "威海市", "荣成市")),
    )
    batch = only_batch()
    actions.check_batch(batch.pk)
    (item,) = batch.items.select_related("batch__campaign")

    with CaptureQueriesContext(connection) as queries:
        actions.load_item(item, world.evaluator)

    item.refresh_from_db()
    assert item.status == BulkItem.Status.LOADED
    sql = [q["sql"] for q in queries.captured_queries]
    lock = next(
        n for n, q in enumerate(sql) if "FOR UPDATE" in q and '"campaigns_application"' in q
    )
    reads = [
        n
        for n, q in enumerate(sql)
        if any(
            t in q for t in ('"reporting_inputvalue"', '"reporting_record"', '"evidence_evidence"')
        )
    ]
    assert reads and lock < min(reads)
