"""The health endpoint for load balancers and monitoring."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from qcounty.web.operations.heartbeat import read_status

log = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Report the database, the background worker and the evidence store's free space.

    503 only when the database cannot be reached: this server cannot answer anything then. A
    dead worker leaves the pages working, so it is reported (`worker_ok`, and `status`
    "degraded") with 200: a load balancer must not take every app server out for it.
    """
    body: dict[str, Any] = {"status": "ok", "time": timezone.now().isoformat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["database"] = "ok"
    except Exception as e:
        log.error("health check: the database is unreachable: %s", e)
        body.update(status="error", database="error")
        return JsonResponse(body, status=503)
    try:
        worker = read_status()
    except Exception as e:  # e.g. the table is missing before `migrate`
        log.error("health check: the worker heartbeat cannot be read: %s", e)
        body.update(status="degraded", worker_ok=False, worker_last_seen=None)
    else:
        body["worker_ok"] = worker.ok
        body["worker_last_seen"] = worker.last_seen.isoformat() if worker.last_seen else None
        if not worker.ok:
            body["status"] = "degraded"
    body.update(evidence_disk())
    return JsonResponse(body)


def evidence_disk() -> dict[str, Any]:
    """Return the evidence store's kind and, on the file system, its free bytes."""
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        return {"evidence_store": "object"}  # an object store has no disk to fill
    # before the first upload the directory may not exist yet: measure the disk it will be on
    path = Path(storage.location)
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        usage = shutil.disk_usage(path)
    except OSError:
        return {"evidence_store": "filesystem", "evidence_disk_free_bytes": None}
    return {"evidence_store": "filesystem", "evidence_disk_free_bytes": usage.free}
