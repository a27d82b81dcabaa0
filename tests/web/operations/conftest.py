"""Installations of their own for the backup tests, and an S3 API server on the loopback.

An `Installation` is a database and a storage that only its test uses, run through manage.py
as a subprocess with its own environment, as an operator would: on the run's database vendor
(SQLite: a file in its own QCOUNTY_VAR; PostgreSQL: a database of its own in the run's
throwaway cluster) and with the file system or a bucket of the S3 server as its storage. The
tests read what an installation holds directly (sqlite3, psycopg, boto3), not through the code
under test.

The S3 server is moto's (``ThreadedMotoServer``): it implements S3's REST API over HTTP, so
django-storages and boto3 talk to it exactly as to MinIO or a cloud's object storage.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

import qcounty

REPO = Path(__file__).resolve().parents[3]
SRC = Path(qcounty.__file__).resolve().parents[1]
VENDOR = os.environ.get("QCOUNTY_TEST_DB") or "sqlite"
S3_KEY_ID = "qcounty-test-key"
S3_SECRET = "qcounty-test-secret"
S3_REGION = "us-east-1"

# a small world and its evidence, made through the models as the web views would
POPULATE = """
import datetime as dt, hashlib
from pathlib import Path
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from qcounty.core import load_framework
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.actions import open_application
from qcounty.web.campaigns.models import Campaign
from qcounty.web.evidence.models import Evidence
from qcounty.web.organisations.models import Organisation

Kind = Organisation.Kind
fw = load_framework("shandong-county-2022")
province = Organisation.objects.create(kind=Kind.PROVINCE, name="山东省")
city = Organisation.objects.create(kind=Kind.CITY, name="威海市", parent=province, tier=2)
county = Organisation.objects.create(kind=Kind.COUNTY, name="文登区", parent=city)
user = User(username="wendeng-office", role=User.Role.COUNTY_OFFICE, organisation=county)
user.set_password("a-long-password-1")
user.save()
campaign = Campaign.objects.create(
    name="2023年山东省质量强县（市、区）创建", framework_id=fw.id, framework_version=fw.version,
    evaluation_year=2023, data_cutoff=dt.date(2022, 12, 31),
    department_deadline=dt.date(2023, 3, 31), application_deadline=dt.date(2023, 6, 30),
)
application = open_application(campaign, county)
for n, path in enumerate(sorted(Path("contents").iterdir())):
    content = path.read_bytes()
    evidence = Evidence(
        application=application, indicator=17, original_name=f"证明{n}.pdf",
        kind=Evidence.Kind.PDF, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
    )
    evidence.file.save(f"证明{n}.pdf", ContentFile(content), save=False)
    evidence.save()
# a workbook waiting for its import confirmation: in the storage, named by no row
default_storage.save("imports/1/1-token.xlsx", ContentFile(b"PK workbook"))
print("populated")
"""


def evidence_contents() -> list[bytes]:
    """Return the contents of the source's evidence files (one over 8 MiB, spooled to disk)."""
    big = b"%PDF-1.4 big\n" + hashlib.sha256(b"seed").digest() * (9 * 1024 * 1024 // 32)
    return [b"%PDF-1.4 first\n%%EOF\n", b"%PDF-1.4 second\n%%EOF\n", big]


@dataclass
class S3Server:
    endpoint: str

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=S3_KEY_ID,
            aws_secret_access_key=S3_SECRET,
            region_name=S3_REGION,
        )

    def new_bucket(self) -> str:
        name = f"qcounty-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=name)
        return name

    def env(self, bucket: str) -> dict[str, str]:
        """Return the environment that points the application at a bucket of this server."""
        return {
            "QCOUNTY_STORAGE": "s3",
            "QCOUNTY_S3_BUCKET": bucket,
            "QCOUNTY_S3_ENDPOINT_URL": self.endpoint,
            "QCOUNTY_S3_ACCESS_KEY_ID": S3_KEY_ID,
            "QCOUNTY_S3_SECRET_ACCESS_KEY": S3_SECRET,
            "QCOUNTY_S3_REGION": S3_REGION,
        }

    def objects(self, bucket: str) -> dict[str, str]:
        """Return the SHA-256 of every object in the bucket, by key."""
        client = self.client()
        found = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                body = client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
                found[item["Key"]] = hashlib.sha256(body).hexdigest()
        return found


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """Start moto's S3 server on a free loopback port for the session."""
    from moto.server import ThreadedMotoServer

    # boto3 must never look for credentials on the network (the instance metadata endpoint)
    before = os.environ.get("AWS_EC2_METADATA_DISABLED")
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield S3Server(f"http://{host}:{port}")
    finally:
        server.stop()
        if before is None:
            os.environ.pop("AWS_EC2_METADATA_DISABLED", None)
        else:
            os.environ["AWS_EC2_METADATA_DISABLED"] = before


@dataclass
class Installation:
    """A database and a storage of their own, driven through manage.py."""

    var: Path
    database_url: str | None
    s3: S3Server | None = None
    bucket: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("QCOUNTY_", "DATABASE_URL", "AWS_"))
        }
        env.update(
            PYTHONPATH=str(SRC),
            DJANGO_SETTINGS_MODULE="qcounty.web.settings",
            QCOUNTY_VAR=str(self.var),
            AWS_EC2_METADATA_DISABLED="true",
            NO_PROXY="127.0.0.1,localhost",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        if self.s3 is not None and self.bucket is not None:
            env.update(self.s3.env(self.bucket))
        env.update(self.extra_env)
        return env

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [sys.executable, str(REPO / "manage.py"), *args],
            env=self.env,
            cwd=self.var,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} exited with {proc.returncode}:\n"
                f"{proc.stdout}\n{proc.stderr}"
            )
        return proc

    def populate(self) -> None:
        self.manage("migrate", "-v0")
        contents = self.var / "contents"
        contents.mkdir()
        for n, content in enumerate(evidence_contents()):
            (contents / f"{n}.pdf").write_bytes(content)
        assert "populated" in self.manage("shell", "-c", POPULATE).stdout

    def row_counts(self) -> dict[str, int]:
        """Return the number of rows of every table, read without the code under test."""
        if self.database_url is None:
            path = self.var / "qcounty.sqlite3"
            if not path.exists():
                return {}
            with sqlite3.connect(path) as db:
                tables = [
                    name
                    for (name,) in db.execute(
                        "SELECT name FROM sqlite_master "
                        "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    )
                ]
                return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        import psycopg

        with psycopg.connect(self.database_url) as db:
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}

    def execute(self, sql: str) -> None:
        """Run a statement on the installation's database, outside the code under test."""
        if self.database_url is None:
            with sqlite3.connect(self.var / "qcounty.sqlite3") as db:
                db.execute(sql)
            return
        import psycopg

        with psycopg.connect(self.database_url) as db:
            db.execute(sql)

    def evidence_rows(self) -> list[tuple[str, str]]:
        """Return (storage name, SHA-256) of every evidence row."""
        query = "SELECT file, sha256 FROM evidence_evidence ORDER BY file"
        if self.database_url is None:
            with sqlite3.connect(self.var / "qcounty.sqlite3") as db:
                return list(db.execute(query))
        import psycopg

        with psycopg.connect(self.database_url) as db:
            return list(db.execute(query))

    def files(self) -> dict[str, str]:
        """Return the SHA-256 of every stored file, by storage name."""
        if self.s3 is not None and self.bucket is not None:
            return self.s3.objects(self.bucket)
        root = self.var / "evidence"
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }


@dataclass
class Installations:
    """Make installations on the run's database vendor; drop their databases at the end."""

    root: Path
    databases: list[str] = field(default_factory=list)

    def new(self, s3: S3Server | None = None) -> Installation:
        var = Path(tempfile.mkdtemp(prefix="install-", dir=self.root))
        url = None
        if VENDOR == "postgresql":
            url = self._new_database()
        bucket = s3.new_bucket() if s3 is not None else None
        return Installation(var=var, database_url=url, s3=s3, bucket=bucket)

    def _new_database(self) -> str:
        import psycopg

        name = f"backup_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(_with_database(os.environ["DATABASE_URL"], "postgres")) as db:
            db.autocommit = True
            db.execute(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return _with_database(os.environ["DATABASE_URL"], name)

    def drop(self) -> None:
        if not self.databases:
            return
        import psycopg

        with psycopg.connect(_with_database(os.environ["DATABASE_URL"], "postgres")) as db:
            db.autocommit = True
            for name in self.databases:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="module")
def installations(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installations]:
    made = Installations(tmp_path_factory.mktemp("installations"))
    try:
        yield made
    finally:
        made.drop()
