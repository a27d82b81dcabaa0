"""Evidence files: checked by their content, stored under a random name outside the repository,
read back only by those who may see the application, removed with their file."""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.http import content_disposition_header

from qcounty.web.campaigns.models import Application
from qcounty.web.evidence.actions import store_evidence
from qcounty.web.evidence.checks import Refused
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting.models import Record
from tests import files
from tests.web.conftest import PDF, World

pytestmark = pytest.mark.usefixtures("evidence_root")  # each test its own directory

REPO = Path(__file__).resolve().parents[3]
PNG = files.png()
JPEG = files.jpeg()


def office_zip(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name in members:
            z.writestr(name, "<?xml version='1.0' encoding='UTF-8'?><x/>")
    return buffer.getvalue()


DOCX = files.word_docx()
XLSX = files.excel_xlsx()
PLAIN_ZIP = office_zip("readme.txt", "photos/1.xml")
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
LINUX_EXE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64


def upload_url(application: Application, indicator: int = 17) -> str:
    return reverse("evidence:upload", args=[application.pk, indicator])


def upload(
    client: Client,
    application: Application,
    name: str,
    content: bytes,
    indicator: int = 17,
    **extra: Any,
) -> str:
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client.post(upload_url(application, indicator), {"file": file, **extra})
    assert response.status_code == 200
    return response.content.decode()


def upload_raw_name(client: Client, application: Application, name: str, content: bytes) -> str:
    """Upload with the file name exactly as given (the test client would drop a path)."""
    boundary = "qcountyBoundary7MA4YWxk"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        upload_url(application), body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 200
    return response.content.decode()


def message_of(page: str) -> str:
    found = re.search(r'<p class="(?:error|saved)" role="(?:alert|status)">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def download(client: Client, evidence: Evidence) -> tuple[HttpResponse, bytes]:
    response = client.get(reverse("evidence:download", args=[evidence.pk]))
    # reading a streamed response to its end closes it, as a WSGI server would; closing it
    # again would send request_finished outside the test client and close the connection
    body = b"".join(response.streaming_content) if response.streaming else b""
    return response, body


# --- accepted files ------------------------------------------------------------------------


def test_a_pdf_is_stored_under_a_random_name_outside_the_repository_with_its_sha256(
    world: World, office_client: Client
) -> None:
    page = upload(office_client, world.application, "注册计量师名单.pdf", PDF)
    assert message_of(page) == "已上传“注册计量师名单.pdf”"
    evidence = Evidence.objects.get()
    assert evidence.application == world.application
    assert evidence.indicator == 17
    assert evidence.original_name == "注册计量师名单.pdf"
    assert evidence.kind == Evidence.Kind.PDF
    assert evidence.size == len(PDF)
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.uploaded_by == world.office

    # the storage name says nothing about the file: the application and a random hex name
    assert re.fullmatch(rf"{world.application.pk}/[0-9a-f]{{32}}", evidence.file.name)
    assert "计量" not in evidence.file.name
    assert ".pdf" not in evidence.file.name
    path = Path(evidence.file.path).resolve()
    assert path.read_bytes() == PDF
    assert path.is_relative_to(Path(os.environ["QCOUNTY_VAR"]).resolve())
    assert path.is_relative_to(Path(settings.EVIDENCE_ROOT).resolve())
    assert not path.is_relative_to(REPO)

    assert "注册计量师名单.pdf" in page  # listed under the indicator, with a download link
    assert reverse("evidence:download", args=[evidence.pk]) in page


def test_two_uploads_of_one_name_are_stored_apart(world: World, office_client: Client) -> None:
    upload(office_client, world.application, "证明.pdf", PDF)
    upload(office_client, world.application, "证明.pdf", PDF + b"%second version\n")
    names = list(Evidence.objects.values_list("file", flat=True))
    assert len(set(names)) == 2


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("计量标准考核证书.docx", DOCX, Evidence.Kind.DOCX),
        ("强检器具台账.xlsx", XLSX, Evidence.Kind.XLSX),
        ("现场照片.png", PNG, Evidence.Kind.PNG),
        ("现场照片.jpg", JPEG, Evidence.Kind.JPEG),
        ("旧版文档.doc", files.word_doc(), Evidence.Kind.DOC),
        ("scan-without-extension", PDF, Evidence.Kind.PDF),  # the content decides, not the name
    ],
)
def test_word_excel_and_pictures_are_accepted_by_their_content(
    world: World, office_client: Client, name: str, content: bytes, kind: str
) -> None:
    page = upload(office_client, world.application, name, content)
    assert message_of(page) == f"已上传“{name}”"
    evidence = Evidence.objects.get()
    assert evidence.kind == kind
    assert Path(evidence.file.path).read_bytes() == content


def test_a_clerk_can_upload_evidence_of_their_own_indicator(
    world: World, login: Callable[..., Client]
) -> None:
    page = upload(login(world.market_clerk), world.application, "名单.pdf", PDF)
    assert message_of(page) == "已上传“名单.pdf”"
    assert Evidence.objects.get().uploaded_by == world.market_clerk


def test_evidence_can_be_attached_to_a_record_of_the_application(
    world: World, office_client: Client
) -> None:
    record = Record.objects.create(application=world.application, key="i14.standards", data={})
    upload(office_client, world.application, "标准文本.pdf", PDF, indicator=14, record=record.pk)
    assert Evidence.objects.get().record == record


def test_evidence_cannot_be_attached_to_a_record_of_another_application(
    world: World, office_client: Client
) -> None:
    record = Record.objects.create(
        application=world.other_application, key="i14.standards", data={}
    )
    file = SimpleUploadedFile("标准文本.pdf", PDF)
    response = office_client.post(
        upload_url(world.application, 14), {"file": file, "record": record.pk}
    )
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_the_same_file_uploaded_again_is_recognised_and_stored_once(
    world: World, office_client: Client
) -> None:
    upload(office_client, world.application, "名单.pdf", PDF)
    page = upload(office_client, world.application, "名单（副本）.pdf", PDF)
    assert "已经上传过" in message_of(page)
    assert "名单.pdf" in message_of(page)
    assert Evidence.objects.count() == 1
    stored_files = list(Path(settings.EVIDENCE_ROOT, str(world.application.pk)).iterdir())
    assert len(stored_files) == 1


def test_the_same_file_in_another_county_is_stored_for_that_county(
    world: World, login: Callable[..., Client]
) -> None:
    upload(login(world.office), world.application, "名单.pdf", PDF)
    page = upload(login(world.rongcheng_office), world.other_application, "名单.pdf", PDF)
    assert message_of(page) == "已上传“名单.pdf”"
    assert Evidence.objects.count() == 2


# --- refused files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("report.pdf", WINDOWS_EXE, "只接受 PDF、图片（PNG、JPEG）、Word、Excel 文件"),
        ("report.pdf", LINUX_EXE, "只接受 PDF、图片（PNG、JPEG）、Word、Excel 文件"),
        ("报告.docx", b"<html><script>alert(1)</script></html>", "只接受 PDF"),
        ("archive.docx", PLAIN_ZIP, "该文件是其他压缩包"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 40, "文件已损坏"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "结构无法解析"),
        ("old.doc", files.compound_file("Contents", bytes(4096)), "其他 Office 文件"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_stored(
    world: World, office_client: Client, name: str, content: bytes, reason: str
) -> None:
    page = upload(office_client, world.application, name, content)
    assert message_of(page).startswith(f"未上传“{name}”：")
    assert reason in message_of(page)
    assert 'class="error"' in page
    assert not Evidence.objects.exists()
    assert not Path(settings.EVIDENCE_ROOT, str(world.application.pk)).exists()


def test_an_empty_file_is_refused(world: World, office_client: Client) -> None:
    page = upload(office_client, world.application, "空白.pdf", b"")
    assert "文件是空的" in message_of(page)
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused(
    world: World, office_client: Client, settings: Any
) -> None:
    settings.EVIDENCE_MAX_BYTES = len(PDF) - 1
    page = upload(office_client, world.application, "大文件.pdf", PDF)
    assert "文件过大" in message_of(page)
    assert not Evidence.objects.exists()
    settings.EVIDENCE_MAX_BYTES = len(PDF)
    page = upload(office_client, world.application, "大文件.pdf", PDF)
    assert message_of(page) == "已上传“大文件.pdf”"


def test_an_upload_without_a_file_is_answered_with_a_message(
    world: World, office_client: Client
) -> None:
    response = office_client.post(upload_url(world.application), {})
    assert message_of(response.content.decode()) == "请选择要上传的文件"
    assert not Evidence.objects.exists()


def test_a_path_in_the_file_name_never_reaches_the_storage(
    world: World, office_client: Client
) -> None:
    # Django's multipart parser keeps only the last part of a name, before the view sees it
    # (reported: so the app's own refusal of "../" never shows over HTTP); the file is stored
    # under a random name in the evidence directory and shown as a plain name
    upload_raw_name(office_client, world.application, "../../etc/report.pdf", PDF)
    evidence = Evidence.objects.get()
    assert evidence.original_name == "report.pdf"
    path = Path(evidence.file.path).resolve()
    assert path.is_relative_to(Path(settings.EVIDENCE_ROOT).resolve())
    assert not list(Path(os.environ["QCOUNTY_VAR"]).rglob("etc"))


def test_a_control_character_in_the_file_name_never_reaches_the_database(
    world: World, office_client: Client
) -> None:
    # likewise Django's parser drops non-printable characters (reported)
    upload_raw_name(office_client, world.application, "report\x07\x1b[31m\u202e.pdf", PDF)
    evidence = Evidence.objects.get()
    assert evidence.original_name == "report[31m.pdf"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../report.pdf", "文件名不能包含路径"),
        ("..\\report.pdf", "文件名不能包含路径"),
        ("report\x00.pdf", "文件名包含控制字符"),
        (
            "report\u202egnp.pdf",
            "文件名包含控制字符",
        ),  # right-to-left override: shows as "…pdf.png"
        ("", "文件没有名称"),
        ("长" * 201 + ".pdf", "文件名过长"),
    ],
)
def test_storing_evidence_refuses_a_name_that_is_a_path_or_hides_characters(
    world: World, name: str, reason: str
) -> None:
    file = SimpleUploadedFile("x.pdf", PDF)
    file._name = name  # type: ignore[attr-defined]  # as a caller other than Django's parser could
    with pytest.raises(Refused, match=re.escape(reason)):
        store_evidence(world.application, 17, file, world.office)
    assert not Evidence.objects.exists()


# --- download ------------------------------------------------------------------------------


def test_the_county_downloads_its_file_under_its_original_name(
    world: World, office_client: Client, login: Callable[..., Client]
) -> None:
    upload(office_client, world.application, "注册计量师名单.pdf", PDF)
    evidence = Evidence.objects.get()
    for user in (world.office, world.market_clerk, world.admin):
        response, body = download(login(user), evidence)
        assert response.status_code == 200, user.username
        assert body == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == content_disposition_header(
            True, "注册计量师名单.pdf"
        )
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_another_county_gets_404_for_the_file(
    world: World, office_client: Client, login: Callable[..., Client]
) -> None:
    upload(office_client, world.application, "名单.pdf", PDF)
    evidence = Evidence.objects.get()
    for user in (world.rongcheng_office, world.rongcheng_clerk, world.evaluator):
        response, body = download(login(user), evidence)
        assert response.status_code == 404, user.username
        assert body == b""


def test_a_file_missing_from_the_storage_is_404_not_an_error(
    world: World, office_client: Client
) -> None:
    upload(office_client, world.application, "名单.pdf", PDF)
    evidence = Evidence.objects.get()
    Path(evidence.file.path).unlink()
    response, _ = download(office_client, evidence)
    assert response.status_code == 404


# --- removal -------------------------------------------------------------------------------


def test_removing_evidence_deletes_the_row_and_after_commit_the_file(
    world: World,
    office_client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    upload(office_client, world.application, "名单.pdf", PDF)
    evidence = Evidence.objects.get()
    path = Path(evidence.file.path)
    url = reverse("evidence:remove", args=[evidence.pk])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = office_client.post(url)
    assert response.status_code == 200
    assert message_of(response.content.decode()) == "已删除“名单.pdf”"
    assert not Evidence.objects.exists()
    assert path.exists()  # not before the deletion is committed
    assert len(callbacks) == 1
    callbacks[0]()
    assert not path.exists()


def test_removing_evidence_through_the_view_removes_the_file(
    world: World,
    office_client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    upload(office_client, world.application, "名单.pdf", PDF)
    evidence = Evidence.objects.get()
    path = Path(evidence.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(reverse("evidence:remove", args=[evidence.pk]))
    assert not Evidence.objects.exists()
    assert not path.exists()
    # the same file can be uploaded again
    page = upload(office_client, world.application, "名单.pdf", PDF)
    assert message_of(page) == "已上传“名单.pdf”"


def test_removing_needs_a_post(world: World, office_client: Client) -> None:
    upload(office_client, world.application, "名单.pdf", PDF)
    evidence = Evidence.objects.get()
    assert office_client.get(reverse("evidence:remove", args=[evidence.pk])).status_code == 405
    assert Evidence.objects.exists()


# --- bugs found while writing these tests, fixed since --------------------------------------


def test_an_upload_naming_a_record_that_is_not_a_number_is_not_found(
    world: World, office_client: Client
) -> None:
    file = SimpleUploadedFile("名单.pdf", PDF)
    response = office_client.post(upload_url(world.application), {"file": file, "record": "abc"})
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_the_duplicate_notice_gives_the_first_uploads_time_as_the_list_does(
    world: World, office_client: Client
) -> None:
    upload(office_client, world.application, "名单.pdf", PDF)
    page = upload(office_client, world.application, "名单.pdf", PDF)
    listed = re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", page.split('<ul class="files">')[1])
    assert listed
    assert listed.group(0) in message_of(page)


def test_a_county_sees_a_files_name_and_size_and_only_the_province_its_digest(
    world: World, office_client: Client
) -> None:
    """The SHA-256 is technical: the province finds it under “技术信息”, a county not at all."""
    from django.template.loader import render_to_string

    page = upload(office_client, world.application, "注册计量师名单.pdf", PDF)
    digest = hashlib.sha256(PDF).hexdigest()
    assert "注册计量师名单.pdf" in page
    assert "SHA-256" not in page and digest[:12] not in page

    context = {"items": Evidence.objects.all(), "indicator": 17, "application": world.application}
    shown = render_to_string("evidence/_list.html", {**context, "user": world.evaluator})
    tech = re.search(
        r'<details class="tech[^"]*"><summary>技术信息</summary>(.*?)</details>', shown
    )
    assert tech is not None and digest in tech.group(1)


def test_an_upload_and_a_removal_tell_the_page_to_check_the_evidence_again(
    world: World, office_client: Client
) -> None:
    file = SimpleUploadedFile("名单.pdf", PDF, content_type="application/pdf")
    response = office_client.post(upload_url(world.application), {"file": file})
    assert response["HX-Trigger"] == "evidence-changed"  # the 自查 panel reloads on it
    evidence = Evidence.objects.get()
    response = office_client.post(reverse("evidence:remove", args=[evidence.pk]))
    assert response["HX-Trigger"] == "evidence-changed"
    empty = SimpleUploadedFile("空.pdf", b"", content_type="application/pdf")
    refused = office_client.post(upload_url(world.application), {"file": empty})
    assert "HX-Trigger" not in refused
