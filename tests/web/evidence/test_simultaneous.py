"""The same evidence file uploaded, or removed, twice at once (a double click), on PostgreSQL,
in real threads with their own connections: one row, one audit entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qcounty.web.evidence import access, actions
from qcounty.web.evidence.models import Evidence
from qcounty.web.review.models import AuditEntry
from tests.web.conftest import PDF, World
from tests.web.threads import client_of, meet, postgresql_only, together

pytestmark = pytest.mark.django_db(transaction=True)
Action = AuditEntry.Action


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    postgresql_only()


def test_a_file_uploaded_twice_at_once_is_stored_once(
    world: World, evidence_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = reverse("evidence:upload", args=[world.application.pk, 17])

    def send() -> int:
        file = SimpleUploadedFile("计量师名单.pdf", PDF, content_type="application/pdf")
        return client_of(world.office).post(url, {"file": file}).status_code

    meet(monkeypatch, actions, "sha256_of")  # both have checked the file before either stores
    first, second = together(send, send)
    assert first.error is None and second.error is None
    assert (first.result, second.result) == (200, 200)
    assert Evidence.objects.count() == 1
    assert AuditEntry.objects.filter(action=Action.EVIDENCE_ADDED).count() == 1


def test_a_file_removed_twice_at_once_is_removed_and_logged_once(
    world: World, evidence_root: Path, make_evidence, monkeypatch: pytest.MonkeyPatch
) -> None:
    evidence = make_evidence()
    url = reverse("evidence:remove", args=[evidence.pk])
    meet(monkeypatch, access, "can_attach")  # both found the file before either removes it
    first, second = together(
        lambda: client_of(world.office).post(url), lambda: client_of(world.office).post(url)
    )
    assert first.error is None and second.error is None
    assert not Evidence.objects.exists()
    assert AuditEntry.objects.filter(action=Action.EVIDENCE_REMOVED).count() == 1
