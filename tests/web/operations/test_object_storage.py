"""Evidence on S3-compatible object storage (QCOUNTY_STORAGE=s3): uploaded through the web view
into a bucket of a real S3 API server (moto's, on the loopback), downloaded through the view
that checks access, byte for byte, deleted with its row, backed up and restored between
buckets."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from qcounty.web.evidence.models import Evidence
from qcounty.web.operations.object_storage import s3_storage_options
from tests import files
from tests.web.conftest import World
from tests.web.operations.conftest import Installation, Installations, S3Server

# a real PDF of a few hundred kilobytes (a long comment in its page's content stream), which
# the evidence checks open as a PDF, and which S3 is sent in more than one read
CONTENT = files.pdf("qcounty evidence " * 20_000)


@pytest.fixture
def bucket(settings: Any, s3_server: S3Server) -> str:
    """Point the default storage at a new bucket of the S3 server, as QCOUNTY_STORAGE=s3 does."""
    name = s3_server.new_bucket()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_storage_options(s3_server.env(name)),
        },
    }
    return name


def upload(client: Client, world: World, content: bytes, name: str = "计量师名单.pdf") -> Evidence:
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(
        reverse("evidence:upload", args=[world.application.pk, 17]), {"file": file}
    )
    assert response.status_code == 200
    assert f"已上传“{name}”" in response.content.decode()
    return Evidence.objects.get(original_name=name)


def download(client: Client, evidence: Evidence) -> tuple[int, bytes]:
    response = client.get(reverse("evidence:download", args=[evidence.pk]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def test_the_default_storage_is_the_bucket(bucket: str) -> None:
    from storages.backends.s3 import S3Storage

    assert default_storage.bucket_name == bucket
    assert isinstance(default_storage._wrapped, S3Storage)


def test_evidence_uploaded_through_the_view_is_stored_in_the_bucket_and_downloads_unchanged(
    world: World, office_client: Client, bucket: str, s3_server: S3Server
) -> None:
    evidence = upload(office_client, world, CONTENT)

    digest = hashlib.sha256(CONTENT).hexdigest()
    assert evidence.sha256 == digest
    assert s3_server.objects(bucket) == {evidence.file.name: digest}
    assert not Path(settings.EVIDENCE_ROOT, evidence.file.name).exists()  # nothing on disk

    status, body = download(office_client, evidence)
    assert status == 200  # served by the view, never a redirect to the bucket
    assert hashlib.sha256(body).hexdigest() == digest
    assert body == CONTENT


def test_the_page_never_hands_out_the_buckets_address(
    world: World, office_client: Client, bucket: str, s3_server: S3Server
) -> None:
    file = SimpleUploadedFile("名单.pdf", CONTENT, content_type="application/pdf")
    page = office_client.post(
        reverse("evidence:upload", args=[world.application.pk, 17]), {"file": file}
    ).content.decode()
    evidence = Evidence.objects.get()
    assert reverse("evidence:download", args=[evidence.pk]) in page
    for text in (s3_server.endpoint, bucket, "X-Amz-Signature", "AWSAccessKeyId"):
        assert text not in page


def test_another_county_gets_404_for_a_file_in_the_bucket(
    world: World, office_client: Client, login: Callable[..., Client], bucket: str
) -> None:
    evidence = upload(office_client, world, CONTENT)
    status, _ = download(login(world.rongcheng_office), evidence)
    assert status == 404


def test_removing_evidence_through_the_view_deletes_the_object(
    world: World,
    office_client: Client,
    bucket: str,
    s3_server: S3Server,
    django_capture_on_commit_callbacks: Any,
) -> None:
    evidence = upload(office_client, world, CONTENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(reverse("evidence:remove", args=[evidence.pk]))
    assert response.status_code == 200
    assert not Evidence.objects.exists()
    assert s3_server.objects(bucket) == {}


def test_an_object_missing_from_the_bucket_is_404_not_an_error(
    world: World, office_client: Client, bucket: str, s3_server: S3Server
) -> None:
    evidence = upload(office_client, world, CONTENT)
    s3_server.client().delete_object(Bucket=bucket, Key=evidence.file.name)
    status, _ = download(office_client, evidence)
    assert status == 404


def test_two_uploads_never_overwrite_one_object(
    world: World, office_client: Client, bucket: str, s3_server: S3Server
) -> None:
    first = upload(office_client, world, CONTENT, "一.pdf")
    second = upload(office_client, world, CONTENT + b"%second\n", "二.pdf")
    objects = s3_server.objects(bucket)
    assert objects == {first.file.name: first.sha256, second.file.name: second.sha256}
    name = default_storage.save(first.file.name, SimpleUploadedFile("x", b"other"))
    assert name != first.file.name  # the existing object keeps its bytes
    assert s3_server.objects(bucket)[first.file.name] == first.sha256


def test_a_backup_of_one_bucket_restores_into_another(
    installations: Installations, s3_server: S3Server, tmp_path: Path
) -> None:
    source = installations.new(s3=s3_server)
    source.populate()
    archive = tmp_path / "qcounty.tar"
    source.manage("backup", "--output", str(archive))
    target = installations.new(s3=s3_server)
    assert target.bucket != source.bucket

    out = target.manage("restore", str(archive)).stdout

    assert "恢复完成" in out
    assert target.row_counts() == source.row_counts()
    assert target.files() == source.files()
    assert len(target.files()) == 4
    rows = target.evidence_rows()
    assert len(rows) == 3
    assert all(target.files()[name] == sha256 for name, sha256 in rows)


def test_an_unknown_storage_kind_stops_the_application(installations: Installations) -> None:
    installation: Installation = installations.new()
    installation.extra_env["QCOUNTY_STORAGE"] = "ftp"
    result = installation.manage("check", check=False)
    assert result.returncode != 0
    assert "QCOUNTY_STORAGE='ftp': expected filesystem or s3" in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "QCOUNTY_STORAGE=s3 needs QCOUNTY_S3_BUCKET"),
        (
            {"QCOUNTY_S3_BUCKET": "b", "QCOUNTY_S3_ADDRESSING_STYLE": "dns"},
            "expected one of path, virtual, auto",
        ),
        (
            {"QCOUNTY_S3_BUCKET": "b", "QCOUNTY_S3_ACCESS_KEY_ID": "k"},
            "go together",
        ),
    ],
)
def test_an_incomplete_s3_setting_is_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        s3_storage_options(env)


def test_the_s3_options_come_from_the_environment() -> None:
    options = s3_storage_options(
        {
            "QCOUNTY_S3_BUCKET": "qcounty-evidence",
            "QCOUNTY_S3_ENDPOINT_URL": "https://minio.example:9000",
            "QCOUNTY_S3_REGION": "cn-east-1",
            "QCOUNTY_S3_ACCESS_KEY_ID": "key",
            "QCOUNTY_S3_SECRET_ACCESS_KEY": "secret",
            "QCOUNTY_S3_PREFIX": "/evidence/",
        }
    )
    assert options["bucket_name"] == "qcounty-evidence"
    assert options["endpoint_url"] == "https://minio.example:9000"
    assert options["region_name"] == "cn-east-1"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["location"] == "evidence"
    assert options["addressing_style"] == "path"
    assert options["file_overwrite"] is False
    assert options["default_acl"] is None
    # without keys boto3 finds its own (AWS_* variables, a profile, an instance role)
    assert "access_key" not in s3_storage_options({"QCOUNTY_S3_BUCKET": "b"})


@pytest.mark.django_db(transaction=True)
def test_a_bucket_that_does_not_exist_is_reported_in_a_sentence(
    settings: Any, s3_server: S3Server, tmp_path: Path
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_storage_options(s3_server.env("no-such-bucket")),
        },
    }
    with pytest.raises(CommandError, match=r"读写文件出错：.*NoSuchBucket"):
        call_command("backup", output=str(tmp_path / "qcounty.tar"), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []  # no archive, not even a partial one
