"""Uploads are limited before they are read: a request whose Content-Length says too much keeps
no byte of its files, a file that passes its limit while streaming is stopped there, and the
page that uploaded says why in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse

from qcounty.web import uploads
from qcounty.web.accounts.models import User
from qcounty.web.bulk.models import BulkImport
from qcounty.web.evidence.models import Evidence
from qcounty.web.tasks.models import TaskAttachment
from tests import files
from tests.web.conftest import World

pytestmark = pytest.mark.usefixtures("evidence_root")

OURS = "qcounty.web.uploads.LimitedUploadHandler"
MEMORY = "django.core.files.uploadhandler.MemoryFileUploadHandler"
TEMPORARY = "django.core.files.uploadhandler.TemporaryFileUploadHandler"


class Recorder(FileUploadHandler):
    """Count the bytes of files that reach the handlers which keep them (memory, disk)."""

    received: list[int] = []

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        Recorder.received.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@pytest.fixture
def kept(settings: Any) -> list[int]:
    """Return the list of chunk sizes that got past the limit (sum() is the bytes kept)."""
    settings.FILE_UPLOAD_HANDLERS = [OURS, f"{__name__}.Recorder", MEMORY, TEMPORARY]
    Recorder.received = []
    return Recorder.received


def a_file(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x00" * size, content_type="application/octet-stream")


def text(response: Any) -> str:
    return response.content.decode().replace("\xa0", " ")


def test_the_limiting_handler_comes_before_the_handlers_that_keep_files() -> None:
    handlers = django_settings.FILE_UPLOAD_HANDLERS
    assert handlers[0] == OURS
    assert set(handlers[1:]) == {MEMORY, TEMPORARY}


def test_an_evidence_upload_declared_too_large_keeps_no_byte_and_says_why(
    world: World, office_client: Client, settings: Any, kept: list[int]
) -> None:
    settings.EVIDENCE_MAX_BYTES = 100_000
    big = a_file("扫描件.pdf", 3 * 1024 * 1024)  # Content-Length is past limit + 1 MiB of fields
    response = office_client.post(
        reverse("evidence:upload", args=[world.application.pk, 17]), {"file": big}
    )
    assert response.status_code == 200
    page = text(response)
    assert "未上传：文件过大：上传的内容共 3.0 MB，上限为 97.7 KB；未读取任何文件" in page
    assert sum(kept) == 0
    assert not Evidence.objects.exists()


def test_an_evidence_file_is_stopped_at_its_limit_while_it_streams(
    world: World, office_client: Client, settings: Any, kept: list[int]
) -> None:
    # Content-Length is within the allowance for the form's fields: only counting finds it
    settings.EVIDENCE_MAX_BYTES = 100_000
    response = office_client.post(
        reverse("evidence:upload", args=[world.application.pk, 17]),
        {"file": a_file("扫描件.pdf", 400_000)},
    )
    page = text(response)
    assert "未上传：文件过大：“扫描件.pdf”超过单个文件的上限 97.7 KB；未保存任何文件" in page
    assert 0 < sum(kept) <= 100_000  # the chunks before the limit, never the one past it
    assert not Evidence.objects.exists()


def test_an_evidence_file_within_its_limit_passes_whole(
    world: World, office_client: Client, settings: Any, kept: list[int]
) -> None:
    pdf = files.pdf()
    settings.EVIDENCE_MAX_BYTES = len(pdf)
    response = office_client.post(
        reverse("evidence:upload", args=[world.application.pk, 17]),
        {"file": SimpleUploadedFile("证明.pdf", pdf)},
    )
    assert "已上传“证明.pdf”" in text(response)
    assert sum(kept) == len(pdf)


def test_an_excel_import_over_the_workbook_limit_is_refused_on_the_application_page(
    world: World, office_client: Client, settings: Any, kept: list[int], monkeypatch: Any
) -> None:
    from qcounty.web.documents import imports

    def must_not_read(*args: Any) -> None:
        raise AssertionError("the workbook was read")

    monkeypatch.setattr(imports, "plan_import", must_not_read)
    settings.WORKBOOK_MAX_BYTES = 200_000
    response = office_client.post(
        reverse("documents:import", args=[world.application.pk]),
        {"file": a_file("文登区-填报模板.xlsx", 3 * 1024 * 1024)},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "reporting:application", args=[world.application.pk]
    )
    assert "未导入：文件过大：上传的内容共 3.0 MB，上限为 195.3 KB；未读取任何文件" in text(
        response
    )
    assert sum(kept) == 0


def test_the_bulk_upload_is_refused_once_its_files_together_pass_the_total(
    world: World, login: Callable[[User], Client], settings: Any, kept: list[int]
) -> None:
    settings.MAX_UPLOAD_BYTES = 300_000
    response = login(world.evaluator).post(
        reverse("bulk:upload"),
        {
            "campaign": world.campaign.pk,
            "files": [a_file(f"县{i}.xlsx", 120_000) for i in range(3)],  # 360 000 bytes
        },
        follow=True,
    )
    page = text(response)
    assert response.redirect_chain[-1][0] == reverse("bulk:upload")
    assert "上传被拒绝：文件过大：上传的文件合计超过上限 293.0 KB；未保存任何文件" in page
    assert sum(kept) <= 300_000
    assert not BulkImport.objects.exists()


def test_a_task_attachment_over_the_limit_is_refused_before_it_is_kept(
    world: World, login: Callable[[User], Client], settings: Any, kept: list[int]
) -> None:
    from qcounty.web.tasks import actions
    from qcounty.web.tasks.models import Task

    actions.generate_tasks(world.application, world.office)
    task = Task.objects.filter(application=world.application).first()
    assert task is not None
    settings.EVIDENCE_MAX_BYTES = 100_000
    response = login(world.office).post(
        reverse("tasks:attach", args=[task.pk]),
        {"file": a_file("纪要.pdf", 3 * 1024 * 1024)},
        follow=True,
    )
    assert "未上传：文件过大：上传的内容共" in text(response)
    assert sum(kept) == 0
    assert not TaskAttachment.objects.exists()


def test_a_request_to_a_page_without_its_own_limit_keeps_files_up_to_the_sites_maximum(
    rf: Any, settings: Any, kept: list[int]
) -> None:
    settings.MAX_UPLOAD_BYTES = 100_000
    request = rf.post("/", {"file": a_file("x.bin", 400_000)})
    assert "file" not in request.FILES
    assert sum(kept) <= 100_000
    assert "过大" in uploads.refusal(request)
    request = rf.post("/", {"file": a_file("x.bin", 90_000)})
    assert request.FILES["file"].size == 90_000
    assert uploads.refusal(request) == ""


def test_a_form_body_over_its_cap_is_refused_before_it_is_read(
    world: World, office_client: Client, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    url = reverse("evidence:upload", args=[world.application.pk, 17])
    response = office_client.post(url, {"record": "1" * 20_000})
    assert response.status_code == 400


def test_the_limits_are_read_from_the_view_the_request_goes_to(rf: Any, settings: Any) -> None:
    settings.EVIDENCE_MAX_BYTES, settings.MAX_UPLOAD_BYTES = 11, 22
    request = rf.post("/")
    assert uploads.limits_for(request) == uploads.Limits(22, 22)  # no view: the site's maximum

    @uploads.upload_limits("EVIDENCE_MAX_BYTES")
    def view(request: Any) -> None:
        return None

    request.resolver_match = type("Match", (), {"func": view})()
    assert uploads.limits_for(request) == uploads.Limits(11, 11)


def test_the_environment_sets_the_limits(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = (
        "from django.conf import settings as s; "
        "print(s.MAX_UPLOAD_BYTES, s.EVIDENCE_MAX_BYTES, s.WORKBOOK_MAX_BYTES, "
        "s.DATA_UPLOAD_MAX_MEMORY_SIZE)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qcounty.web.settings",
        "QCOUNTY_VAR": str(tmp_path),
        "QCOUNTY_MAX_UPLOAD_BYTES": "1000",
        "QCOUNTY_EVIDENCE_MAX_BYTES": "100",
        "QCOUNTY_WORKBOOK_MAX_BYTES": "200",
        "QCOUNTY_MAX_FORM_BYTES": "300",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["1000", "100", "200", "300"]
