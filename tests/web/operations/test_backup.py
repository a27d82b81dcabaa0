"""manage.py backup and restore, run as an operator would: a backup of one installation restored
into a fresh one holds every row of every table and every stored file, byte for byte; an archive
that does not match its manifest, of another vendor or from newer code is refused before
anything is written."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.migrations.loader import MigrationLoader

from qcounty.web.evidence.models import Evidence
from tests.web.conftest import PDF, World
from tests.web.operations.conftest import VENDOR, Installation, Installations

Members = dict[str, bytes]


@pytest.fixture(scope="module")
def source(installations: Installations) -> Installation:
    installation = installations.new()
    installation.populate()
    return installation


@pytest.fixture(scope="module")
def backup(source: Installation, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backups") / "qcounty.tar"
    out = source.manage("backup", "--output", str(path)).stdout
    assert "备份完成" in out
    return path


def read_members(path: Path) -> Members:
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}  # type: ignore[union-attr]


def rewrite(path: Path, out: Path, change: Callable[[Members], None]) -> Path:
    """Write a copy of the archive with its members changed."""
    members = read_members(path)
    change(members)
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def change_manifest(change: Callable[[dict], None]) -> Callable[[Members], None]:
    def apply(members: Members) -> None:
        manifest = json.loads(members["manifest.json"])
        change(manifest)
        members["manifest.json"] = json.dumps(manifest).encode()

    return apply


def an_evidence_member(members: Members) -> str:
    return next(n for n in members if n.startswith("storage/") and "/imports/" not in n)


def test_a_backup_restored_into_a_fresh_database_has_every_row_and_file(
    source: Installation, backup: Path, installations: Installations
) -> None:
    target = installations.new()
    out = target.manage("restore", str(backup)).stdout
    assert "校验通过" in out
    assert "恢复完成" in out

    counts = source.row_counts()
    assert target.row_counts() == counts
    assert counts["evidence_evidence"] == 3
    assert counts["accounts_user"] == 1
    assert target.files() == source.files()
    assert len(target.files()) == 4  # three evidence files and the pending workbook
    # every evidence row finds its file, with the SHA-256 it recorded at upload
    files = target.files()
    rows = target.evidence_rows()
    assert len(rows) == 3
    assert all(files[name] == sha256 for name, sha256 in rows)
    # the restored database is at the code's migrations: nothing left to migrate
    target.manage("migrate", "--check")


def test_the_manifest_gives_every_members_digest_the_row_counts_and_the_migrations(
    source: Installation, backup: Path
) -> None:
    members = read_members(backup)
    manifest = json.loads(members.pop("manifest.json"))
    assert manifest["format"] == "qcounty-backup"
    assert manifest["vendor"] == VENDOR
    assert manifest["row_counts"] == source.row_counts()
    assert manifest["members"] == {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in members.items()
    }
    assert {n.removeprefix("storage/") for n in members if n.startswith("storage/")} == set(
        source.files()
    )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    leaves = dict(loader.graph.leaf_nodes())
    assert manifest["latest_migrations"]["evidence"] == leaves["evidence"]
    assert manifest["latest_migrations"]["accounts"] == leaves["accounts"]
    assert manifest["missing_files"] == []


def test_a_compressed_backup_restores_too(
    source: Installation, installations: Installations, tmp_path: Path
) -> None:
    path = tmp_path / "qcounty.tar.gz"
    source.manage("backup", "--output", str(path))
    with path.open("rb") as f:
        assert f.read(2) == b"\x1f\x8b"  # gzip
    target = installations.new()
    target.manage("restore", str(path))
    assert target.row_counts() == source.row_counts()
    assert target.files() == source.files()


def test_a_target_that_holds_data_is_refused_unless_forced(
    source: Installation, backup: Path, installations: Installations
) -> None:
    target = installations.new()
    target.manage("restore", str(backup))
    planted = target.var / "evidence" / "1" / "uploaded-since"
    planted.write_bytes(b"a file of the target's own")
    # a table of a later version (the backup is older): it would stop the next `migrate`
    target.execute("CREATE TABLE later_feature (id integer)")
    before = (target.row_counts(), target.files())

    refused = target.manage("restore", str(backup), check=False)
    assert refused.returncode == 1
    assert "目标不是空的" in refused.stderr
    assert (target.row_counts(), target.files()) == before

    target.manage("restore", "--yes", str(backup))
    assert target.row_counts() == source.row_counts()
    assert target.files() == source.files()  # its own file is gone
    assert not planted.exists()
    assert "later_feature" not in target.row_counts()


def test_a_database_that_holds_data_is_refused_without_force(
    backup: Path, make_evidence: Callable[..., Evidence], world: World
) -> None:
    evidence = make_evidence()
    before = what_is_there(evidence)
    with pytest.raises(CommandError, match="目标不是空的"):
        call_command("restore", str(backup))
    assert what_is_there(evidence) == before


def what_is_there(evidence: Evidence) -> tuple[dict[str, int], bytes]:
    """Return the rows of every model and the bytes of the evidence file."""
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    with evidence.file.storage.open(evidence.file.name, "rb") as f:
        return counts, f.read()


def _flip_a_byte(members: Members) -> None:
    name = an_evidence_member(members)
    data = bytearray(members[name])
    data[len(data) // 2] ^= 0x01
    members[name] = bytes(data)


def _drop_an_evidence_file(members: Members) -> None:
    del members[an_evidence_member(members)]


def _drop_the_database(members: Members) -> None:
    del members[next(n for n in members if n.startswith("database/"))]


def _add_a_file(members: Members) -> None:
    members["storage/1/planted"] = b"not in the manifest"


def _escape_the_storage(members: Members) -> None:
    # listed in the manifest with the right digest: refused for its name alone
    data = b"outside"
    members["storage/../../escaped"] = data
    manifest = json.loads(members.pop("manifest.json"))
    manifest["members"]["storage/../../escaped"] = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
    }
    members["manifest.json"] = json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_flip_a_byte, "1 个成员的内容与清单的 SHA-256 或大小不符"),
        (_drop_an_evidence_file, "缺少 1 个成员"),
        (_drop_the_database, "缺少 1 个成员"),
        (_add_a_file, "多出 1 个清单中没有的成员"),
        (_escape_the_storage, "清单中有不合法的成员名"),
        (
            change_manifest(
                lambda m: m.update(vendor="sqlite" if VENDOR != "sqlite" else "postgresql")
            ),
            "数据库的备份，当前数据库是",
        ),
        (
            change_manifest(lambda m: m["migrations"]["evidence"].append("9999_from_the_future")),
            "代码中没有迁移 evidence.9999_from_the_future",
        ),
        (lambda members: members.pop("manifest.json"), "归档中没有清单"),
    ],
    ids=[
        "one-evidence-byte-flipped",
        "an-evidence-file-missing",
        "the-database-missing",
        "a-file-added",
        "a-name-outside-the-storage",
        "another-vendor",
        "a-migration-the-code-lacks",
        "no-manifest",
    ],
)
def test_an_archive_that_does_not_match_is_refused_and_nothing_is_written(
    backup: Path,
    tmp_path: Path,
    make_evidence: Callable[..., Evidence],
    change: Callable[[Members], None],
    message: str,
) -> None:
    tampered = rewrite(backup, tmp_path / "tampered.tar", change)
    evidence = make_evidence()
    before = what_is_there(evidence)

    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("restore", str(tampered), force=True)

    assert what_is_there(evidence) == before
    assert sorted(p.name for p in Path(evidence.file.path).parent.iterdir()) == [
        Path(evidence.file.name).name
    ]
    assert not (tmp_path.parent / "escaped").exists()


def test_a_tampered_archive_leaves_a_fresh_target_without_a_table_or_file(
    backup: Path, installations: Installations, tmp_path: Path
) -> None:
    tampered = rewrite(backup, tmp_path / "tampered.tar", _flip_a_byte)
    target = installations.new()

    refused = target.manage("restore", "--force", str(tampered), check=False)

    assert refused.returncode == 1, refused.stdout
    assert "备份校验未通过，未写入任何内容" in refused.stderr
    assert target.row_counts() == {}
    assert target.files() == {}


def test_a_file_that_is_not_an_archive_is_refused(tmp_path: Path, db: None) -> None:
    path = tmp_path / "qcounty.tar"
    path.write_bytes(b"this is no tar file" * 100)
    with pytest.raises(CommandError, match="不是可读的备份归档"):
        call_command("restore", str(path), force=True)


def test_the_archive_cannot_be_written_into_the_evidence_storage(
    evidence_root: Path, db: None
) -> None:
    with pytest.raises(CommandError, match="不能写在证据文件的存储目录之内"):
        call_command("backup", output=str(evidence_root / "qcounty.tar"))
    assert list(evidence_root.iterdir()) == []


@pytest.mark.skipif(VENDOR != "postgresql", reason="pg_dump is PostgreSQL's")
def test_pg_dump_is_taken_from_the_servers_major_version(db: None) -> None:
    from qcounty.web.operations import database

    program = database.client_program("pg_dump")
    assert database._client_major(program) == database.server_major()


@pytest.mark.django_db(transaction=True)
def test_a_file_missing_from_the_storage_is_named_in_the_manifest_and_the_output(
    make_evidence: Callable[..., Evidence], tmp_path: Path
) -> None:
    kept = make_evidence(content=PDF)
    lost = make_evidence(content=PDF + b"%lost\n", indicator=18)
    lost.file.storage.delete(lost.file.name)
    out = io.StringIO()

    call_command("backup", output=str(tmp_path / "qcounty.tar"), stdout=out)

    manifest = json.loads(read_members(tmp_path / "qcounty.tar")["manifest.json"])
    assert manifest["missing_files"] == [lost.file.name]
    assert f"storage/{kept.file.name}" in manifest["members"]
    assert manifest["row_counts"]["evidence_evidence"] == 2
    assert f"数据库中有 1 个文件在备份时已不在存储中：{lost.file.name}" in out.getvalue()


@pytest.mark.skipif(VENDOR != "postgresql", reason="pg_dump's snapshot")
@pytest.mark.django_db(transaction=True)
def test_rows_written_while_pg_dump_runs_are_in_neither_the_dump_nor_the_counts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import psycopg
    from django.db import connection

    from qcounty.web.operations import database

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_content_type")
        before = cursor.fetchone()[0]
    run = database._run

    def write_then_run(command: list[str]) -> None:
        if "pg_dump" in command[0]:
            # another process commits a row after the snapshot was taken
            s = connection.settings_dict
            with psycopg.connect(host=s["HOST"], user=s["USER"], dbname=s["NAME"]) as other:
                other.execute(
                    "INSERT INTO django_content_type (app_label, model) VALUES ('late', 'row')"
                )
        run(command)

    monkeypatch.setattr(database, "_run", write_then_run)
    call_command("backup", output=str(tmp_path / "qcounty.tar"), stdout=io.StringIO())

    members = read_members(tmp_path / "qcounty.tar")
    manifest = json.loads(members["manifest.json"])
    assert manifest["row_counts"]["django_content_type"] == before
    dump = tmp_path / "qcounty.pgdump"
    dump.write_bytes(members["database/qcounty.pgdump"])
    sql = subprocess.run(
        [
            database.client_program("pg_restore"),
            "--data-only",
            "--table=django_content_type",
            "--file=-",
            str(dump),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = sql.split("FROM stdin;\n", 1)[1].split("\n\\.\n", 1)[0].splitlines()
    assert len(rows) == before
    assert not any("late" in row for row in rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_content_type")
        assert cursor.fetchone()[0] == before + 1
