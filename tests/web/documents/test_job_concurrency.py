"""Two clicks of 生成 at once, on PostgreSQL (READ COMMITTED): one job, whatever the timing.

A transactional test: the first request runs in a thread with its own connection and is paused
after it found no unfinished job, while the second one creates its job.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from qcounty.web.documents import jobs
from qcounty.web.documents.models import DocumentJob
from tests.web.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 5.0  # seconds: far longer than a request takes


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the partial unique index under concurrency: PostgreSQL only")


def test_two_clicks_at_once_make_one_job(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    real = jobs.data_version
    reached, go = threading.Event(), threading.Event()
    calls = {"first": 0}

    def paused(application: Any) -> str:
        if threading.current_thread().name == "first":
            calls["first"] += 1
            if calls["first"] == 2:  # it found no unfinished job and is about to create one
                reached.set()
                go.wait(WAIT)
        return real(application)

    monkeypatch.setattr(jobs, "data_version", paused)
    results: dict[str, Any] = {}

    def first() -> None:
        try:
            results["first"] = jobs.request_document(
                world.application, world.office, DocumentJob.Kind.PACKAGE
            )
        except BaseException as e:  # handed to the test
            results["first"] = e
        finally:
            connection.close()

    thread = threading.Thread(target=first, name="first", daemon=True)
    thread.start()
    assert reached.wait(WAIT)
    second, created = jobs.request_document(
        world.application, world.office, DocumentJob.Kind.PACKAGE
    )
    assert created
    go.set()
    thread.join(WAIT)

    job, first_created = results["first"]
    assert (job.pk, first_created) == (second.pk, False)
    assert DocumentJob.objects.count() == 1
