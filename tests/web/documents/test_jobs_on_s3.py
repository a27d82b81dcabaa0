"""Document jobs with the default storage on S3 (QCOUNTY_STORAGE=s3), against moto's S3 server:
the evidence is read from the bucket, the result is written there, downloaded through the view
and deleted from the bucket when it expires."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qcounty.office.package import verify_package
from qcounty.web.documents import jobs
from qcounty.web.documents.models import DocumentJob
from qcounty.web.evidence.models import Evidence
from tests.web.conftest import PDF, World
from tests.web.operations.conftest import S3Server
from tests.web.operations.conftest import s3_server as s3_server  # the fixture
from tests.web.operations.test_object_storage import bucket as bucket  # the fixture


def test_the_evidence_package_is_built_into_the_bucket_and_downloaded_from_it(
    world: World,
    office_client: Client,
    bucket: str,
    s3_server: S3Server,
    settings: Any,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    evidence = Evidence(
        application=world.application,
        indicator=17,
        original_name="检定证书.pdf",
        kind=Evidence.Kind.PDF,
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    evidence.file.save("检定证书.pdf", ContentFile(PDF), save=False)  # into the bucket
    evidence.save()

    office_client.post(reverse("documents:job_start", args=[world.application.pk, "package"]))

    (job,) = DocumentJob.objects.all()
    assert job.status == "done", job.error
    objects = s3_server.client().list_objects_v2(Bucket=bucket)["Contents"]
    assert job.result_name in {o["Key"] for o in objects}
    response = office_client.get(reverse("documents:job_download", args=[job.pk]))
    data = b"".join(response.streaming_content)
    assert verify_package(io.BytesIO(data)) == []
    assert any(n.endswith("检定证书.pdf") for n in zipfile.ZipFile(io.BytesIO(data)).namelist())

    DocumentJob.objects.update(finished_at=timezone.now() - dt.timedelta(hours=25))
    assert jobs.purge_expired() == 1
    assert not default_storage.exists(job.result_name)
