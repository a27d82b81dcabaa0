"""Task attachments: checked by content like evidence, downloaded only through an access check."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qcounty.web.tasks.models import TaskAttachment
from tests.web.conftest import PDF, World
from tests.web.tasks.conftest import task_of


def upload(client, task, content: bytes = PDF, name: str = "会议纪要.pdf"):
    return client.post(
        reverse("tasks:attach", args=[task.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        follow=True,
    )


def test_a_clerk_attaches_a_pdf_and_the_office_downloads_it(
    world: World, generated, login, evidence_root: Path
) -> None:
    task = task_of(world, 17, world.market_dept)
    response = upload(login(world.market_clerk), task)
    assert "已上传“会议纪要.pdf”" in response.content.decode()
    attachment = TaskAttachment.objects.get(task=task)
    assert (attachment.kind, attachment.size, attachment.uploaded_by) == (
        "pdf",
        len(PDF),
        world.market_clerk,
    )
    # stored under a random name, never the uploaded one
    assert "会议纪要" not in attachment.file.name
    assert (evidence_root / attachment.file.name).read_bytes() == PDF
    download = login(world.office).get(reverse("tasks:download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert task.notes.get().text == "上传附件：会议纪要.pdf"


def test_other_departments_and_counties_cannot_download(
    world: World, generated, login, evidence_root: Path
) -> None:
    task = task_of(world, 17, world.market_dept)
    upload(login(world.market_clerk), task)
    attachment = TaskAttachment.objects.get(task=task)
    url = reverse("tasks:download", args=[attachment.pk])
    for user in (world.statistics_clerk, world.rongcheng_office, world.evaluator):
        assert login(user).get(url).status_code == 404
    assert (
        login(world.statistics_clerk)
        .post(reverse("tasks:remove_attachment", args=[attachment.pk]))
        .status_code
        == 404
    )
    assert TaskAttachment.objects.filter(pk=attachment.pk).exists()


def test_a_file_whose_content_is_not_a_document_is_refused(
    world: World, generated, login, evidence_root: Path
) -> None:
    task = task_of(world, 17, world.market_dept)
    response = upload(login(world.market_clerk), task, b"#!/bin/sh\nrm -rf /\n", "名单.pdf")
    assert "未上传“名单.pdf”：只接受 PDF、图片（PNG、JPEG）、Word、Excel 文件" in (
        response.content.decode()
    )
    assert not TaskAttachment.objects.exists()
    assert not any(evidence_root.rglob("*"))


def test_a_file_over_the_size_limit_is_refused(
    world: World, generated, login, evidence_root: Path, settings
) -> None:
    settings.EVIDENCE_MAX_BYTES = 100  # the test PDF has 218 bytes
    task = task_of(world, 17, world.market_dept)
    response = upload(login(world.market_clerk), task)
    assert "文件过大" in response.content.decode()
    assert not TaskAttachment.objects.exists()


def test_the_same_file_twice_is_stored_once(
    world: World, generated, login, evidence_root: Path
) -> None:
    task = task_of(world, 17, world.market_dept)
    clerk = login(world.market_clerk)
    upload(clerk, task)
    response = upload(clerk, task, name="副本.pdf")
    assert "该文件已经上传过（会议纪要.pdf），未重复保存" in response.content.decode()
    assert TaskAttachment.objects.count() == 1


def test_removing_an_attachment_deletes_its_file(
    world: World, generated, login, evidence_root: Path, django_capture_on_commit_callbacks
) -> None:
    task = task_of(world, 17, world.market_dept)
    clerk = login(world.market_clerk)
    upload(clerk, task)
    attachment = TaskAttachment.objects.get(task=task)
    stored = evidence_root / attachment.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        clerk.post(reverse("tasks:remove_attachment", args=[attachment.pk]))
    assert not TaskAttachment.objects.exists()
    assert not stored.exists()
    assert [n.text for n in task.notes.all()] == [
        "上传附件：会议纪要.pdf",
        "删除附件：会议纪要.pdf",
    ]
