"""/healthz: what a load balancer and a monitor need, with no login and nothing secret."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from qcounty.web.operations import views
from qcounty.web.operations.models import WorkerHeartbeat


@pytest.mark.django_db
def test_a_healthy_installation_answers_200_with_its_figures(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w", hostname="h", pid=1, started_at=now, last_seen=now
    )
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = json.loads(response.content)
    assert body["status"] == "ok" and body["database"] == "ok" and body["worker_ok"] is True
    assert dt.datetime.fromisoformat(body["worker_last_seen"]) == now
    assert body["evidence_store"] == "filesystem"
    assert (
        isinstance(body["evidence_disk_free_bytes"], int) and body["evidence_disk_free_bytes"] > 0
    )
    # nothing about the installation that an outsider could use
    text = response.content.decode()
    assert settings.SECRET_KEY not in text and str(settings.EVIDENCE_ROOT) not in text
    assert "hostname" not in text and '"h"' not in text


@pytest.mark.django_db
def test_a_dead_worker_is_reported_but_keeps_the_server_in_the_pool(client: Client) -> None:
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 200  # the pages still work: do not take the server out
    assert (body["status"], body["worker_ok"], body["worker_last_seen"]) == (
        "degraded",
        False,
        None,
    )


@pytest.mark.django_db
def test_an_unreachable_database_answers_503(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Down:
        def cursor(self) -> None:
            raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(views, "connection", Down())
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert (body["status"], body["database"]) == ("error", "error")
    assert "Connection refused" not in response.content.decode()


@pytest.mark.django_db
def test_an_object_store_reports_no_disk(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    body = json.loads(client.get("/healthz").content)
    assert body["evidence_store"] == "object" and "evidence_disk_free_bytes" not in body


@pytest.mark.django_db
def test_only_reads_are_answered(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200
