"""A task form sent twice (a double click, a second tab) makes one change."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qcounty.web.evidence import checks
from qcounty.web.tasks import actions
from qcounty.web.tasks.models import Task, TaskAttachment, TaskNote
from tests.web.conftest import PDF, World
from tests.web.tasks.conftest import task_of
from tests.web.threads import client_of, meet, postgresql_only, together


def test_a_note_sent_twice_is_kept_once(world: World, generated, login) -> None:
    task = task_of(world, 17, world.market_dept)
    clerk = login(world.market_clerk)
    for _ in range(2):
        clerk.post(reverse("tasks:note", args=[task.pk]), {"text": "名单已核对，共 5 人"})
    assert list(task.notes.values_list("text", flat=True)) == ["名单已核对，共 5 人"]
    clerk.post(reverse("tasks:note", args=[task.pk]), {"text": "已上传证书"})
    clerk.post(reverse("tasks:note", args=[task.pk]), {"text": "名单已核对，共 5 人"})
    assert task.notes.count() == 3  # the same words again, after another note, are a new note


def test_a_status_change_with_a_note_sent_twice_changes_and_notes_once(
    world: World, generated, login
) -> None:
    task = task_of(world, 17, world.market_dept)
    clerk = login(world.market_clerk)
    form = {"status": "in_progress", "note": "正在核对"}
    for _ in range(2):
        clerk.post(reverse("tasks:status", args=[task.pk]), form)
    assert list(task.notes.values_list("kind", "text")) == [
        ("change", "状态：未开始 → 进行中"),
        ("note", "正在核对"),
    ]


@pytest.mark.django_db(transaction=True)
def test_an_office_task_added_twice_at_once_is_added_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    url = reverse("tasks:add", args=[world.application.pk])
    form = {"title": "质量月宣传", "department": world.market_dept.pk, "deadline": "2023-09-30"}
    meet(monkeypatch, actions, "_county_department")  # both checked before either writes
    first, second = together(
        lambda: client_of(world.office).post(url, form),
        lambda: client_of(world.office).post(url, form),
    )
    assert first.error is None and second.error is None
    assert list(Task.objects.filter(custom=True).values_list("title", flat=True)) == ["质量月宣传"]
    assert not TaskNote.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_attachment_uploaded_twice_at_once_is_attached_once(
    world: World, generated, evidence_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    task = task_of(world, 17, world.market_dept)
    url = reverse("tasks:attach", args=[task.pk])

    def send() -> int:
        file = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")
        return client_of(world.market_clerk).post(url, {"file": file}).status_code

    meet(monkeypatch, checks, "sha256_of")  # both have checked the file before either stores
    first, second = together(send, send)
    assert first.error is None and second.error is None
    assert TaskAttachment.objects.count() == 1
    assert list(task.notes.values_list("text", flat=True)) == ["上传附件：会议纪要.pdf"]


@pytest.mark.django_db(transaction=True)
def test_an_attachment_removed_twice_at_once_is_removed_and_noted_once(
    world: World, generated, evidence_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    task = task_of(world, 17, world.market_dept)
    file = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")
    actions.store_attachment(task, file, world.market_clerk)
    attachment = TaskAttachment.objects.get()
    url = reverse("tasks:remove_attachment", args=[attachment.pk])
    meet(monkeypatch, actions, "_require_update")  # both found it before either removes it
    first, second = together(
        lambda: client_of(world.market_clerk).post(url),
        lambda: client_of(world.market_clerk).post(url),
    )
    assert first.error is None and second.error is None
    assert not TaskAttachment.objects.exists()
    assert list(task.notes.values_list("text", flat=True)) == [
        "上传附件：会议纪要.pdf",
        "删除附件：会议纪要.pdf",
    ]
