"""Back up the installation into one archive, and restore it after checking every byte.

`create_backup` dumps the database (one consistent snapshot), copies every file of the default
storage (file system or object storage, through Django's storage API) and writes a manifest.
`restore_backup` reads the whole archive against its manifest before it writes anything,
refuses a backup of another database vendor or with migrations this code does not have, and a
target that already holds data unless forced; after restoring it counts the rows of every table
and digests every stored file again.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.web.operations import archive, database, files
from qcounty.web.operations.archive import (
    DATABASE_PREFIX,
    MANIFEST,
    SHOWN,
    STORAGE_PREFIX,
    ArchiveWriter,
    Manifest,
)
from qcounty.web.operations.errors import BackupError

Say = Callable[[str], None]
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


class Progress:
    """Report a long step every hundred items or every five seconds, and at its end."""

    def __init__(self, say: Say, label: str, total: int | None = None) -> None:
        self.say, self.label, self.total = say, label, total
        self.last = time.monotonic()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if done == self.total or done % 100 == 0 or now - self.last >= 5:
            self.last = now
            total = f"/{self.total}" if self.total is not None else ""
            self.say(f"  {self.label}：{done}{total}")


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"qcounty-{connection.vendor}-{stamp}.tar"


def create_backup(output: Path, say: Say) -> Manifest:
    """Write the database, every stored file and a manifest into one archive at output."""
    output = output.resolve()
    _refuse_output_inside_storage(output)
    with tempfile.TemporaryDirectory(prefix="qcounty-backup-") as tmp:
        say(_("正在导出数据库（{vendor}）……").format(vendor=_vendor(connection.vendor)))
        dump = database.dump(Path(tmp))
        size = dump.path.stat().st_size
        say(
            _("数据库已导出：{size}，{tables} 个表，{rows} 行").format(
                size=filesizeformat(size),
                tables=len(dump.contents.row_counts),
                rows=sum(dump.contents.row_counts.values()),
            )
        )
        writer = ArchiveWriter(output)
        try:
            with dump.path.open("rb") as f:
                digest = _sha256(f)
                f.seek(0)
                writer.add(DATABASE_PREFIX + dump.path.name, f, size, digest)
            stored = _add_files(writer, say)
            manifest = Manifest(
                created_at=timezone.now().isoformat(),
                vendor=dump.vendor,
                server_version=dump.server_version,
                database_member=DATABASE_PREFIX + dump.path.name,
                migrations=dump.contents.migrations,
                row_counts=dump.contents.row_counts,
                storage_backend=settings.STORAGES["default"]["BACKEND"],
                members=dict(writer.members),
                missing_files=sorted(dump.contents.file_references - stored),
            )
            writer.finish(manifest)
        except BaseException:
            writer.abort()
            raise
    total = sum(m.size for m in manifest.members.values())
    say(
        _("备份完成：{path}（数据库和 {n} 个文件，共 {size}）").format(
            path=output, n=len(manifest.storage_names), size=filesizeformat(total)
        )
    )
    if manifest.missing_files:
        say(_missing_text(manifest.missing_files))
    return manifest


def _add_files(writer: ArchiveWriter, say: Say) -> set[str]:
    """Copy every file of the default storage into the archive; return their names."""
    storage = default_storage
    names = list(files.walk(storage))
    say(_("正在复制存储中的 {n} 个文件……").format(n=len(names)))
    progress = Progress(say, _("已复制"), len(names))
    stored = set()
    for n, name in enumerate(names, start=1):
        try:
            spool, digest, size = files.read_spooled(storage, name)
        except FileNotFoundError:
            continue  # deleted since it was listed: its row is gone too
        with spool:
            writer.add(STORAGE_PREFIX + name, spool, size, digest)
        stored.add(name)
        progress(n)
    return stored


def restore_backup(path: Path, force: bool, say: Say) -> Manifest:
    """Check the archive at path whole, then replace the database and the stored files by it."""
    say(_("正在校验备份：{path}……").format(path=path))
    manifest = archive.verify(path, Progress(say, _("已校验")))
    say(
        _("校验通过：{n} 个成员与清单一致（备份时间 {created}，{vendor}）").format(
            n=len(manifest.members), created=manifest.created_at, vendor=_vendor(manifest.vendor)
        )
    )
    _refuse_incompatible(manifest)
    storage = default_storage
    existing = list(files.walk(storage))
    if not force and (database.holds_data() or existing):
        raise BackupError(
            _(
                "目标不是空的（数据库中已有数据，或存储中已有 {n} 个文件）：未写入任何内容。"
                "确认要用备份替换现有的全部数据和文件时，加 --force 再运行"
            ).format(n=len(existing))
        )
    with tempfile.TemporaryDirectory(prefix="qcounty-restore-") as tmp:
        dump = Path(tmp) / manifest.database_member.removeprefix(DATABASE_PREFIX)
        _extract_database(path, manifest, dump)
        say(_("正在恢复数据库……"))
        database.restore(dump, manifest.row_counts)
    say(_("数据库已恢复"))
    if existing:
        say(_("正在删除存储中原有的 {n} 个文件……").format(n=len(existing)))
        for name in existing:
            storage.delete(name)
    _restore_files(path, manifest, say)
    _check_restored(manifest, say)
    if _pending_migrations():
        say(_("备份早于当前代码的数据库结构：请接着运行 manage.py migrate"))
    if manifest.missing_files:
        say(_missing_text(manifest.missing_files))
    return manifest


def _refuse_output_inside_storage(output: Path) -> None:
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage) and output.is_relative_to(
        Path(storage.location).resolve()
    ):
        raise BackupError(_("备份文件不能写在证据文件的存储目录之内：{path}").format(path=output))


def _refuse_incompatible(manifest: Manifest) -> None:
    if manifest.vendor != connection.vendor:
        raise BackupError(
            _(
                "这是 {backup} 数据库的备份，当前数据库是 {current}：不能恢复，未写入任何内容"
            ).format(backup=_vendor(manifest.vendor), current=_vendor(connection.vendor))
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in sorted(manifest.migrations.items())
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            _(
                "备份的数据库结构比当前代码新（代码中没有迁移 {names}）：请先升级代码再恢复，"
                "未写入任何内容"
            ).format(names="、".join(unknown[:SHOWN]) + ("……" if len(unknown) > SHOWN else ""))
        )


def _extract_database(path: Path, manifest: Manifest, target: Path) -> None:
    for info, stream in archive.members(path):
        if info.name != manifest.database_member:
            continue
        digest = hashlib.sha256()
        size = 0
        with target.open("wb") as f:
            while chunk := stream.read(files.CHUNK):
                digest.update(chunk)
                size += len(chunk)
                f.write(chunk)
        # checked again: the archive is read once more, and may have changed since
        _same_as_manifest(manifest, info.name, digest.hexdigest(), size)
        return
    raise BackupError(_("归档在校验之后被改动：缺少数据库导出文件"))


def _restore_files(path: Path, manifest: Manifest, say: Say) -> None:
    storage = default_storage
    total = len(manifest.storage_names)
    say(_("正在恢复 {n} 个文件……").format(n=total))
    progress = Progress(say, _("已恢复"), total)
    done = 0
    for info, stream in archive.members(path):
        if info.name == MANIFEST or info.name == manifest.database_member:
            continue
        spool, digest, size = files.copy_to_spool(stream)
        with spool:
            # checked again: the archive is read once more, and may have changed since
            _same_as_manifest(manifest, info.name, digest, size)
            name = info.name.removeprefix(STORAGE_PREFIX)
            stored = files.write(storage, name, spool)
        if stored != name:
            raise BackupError(
                _("存储把文件 {name} 存成了 {stored}：恢复中止").format(name=name, stored=stored)
            )
        done += 1
        progress(done)


def _check_restored(manifest: Manifest, say: Say) -> None:
    say(_("正在检查恢复结果……"))
    counts = database.current_contents().row_counts
    differing = sorted(
        table
        for table in set(counts) | set(manifest.row_counts)
        if counts.get(table) != manifest.row_counts.get(table)
    )
    if differing:
        raise BackupError(
            _("恢复后的行数与备份不符：{tables}").format(
                tables="、".join(
                    f"{t}（备份 {manifest.row_counts.get(t, '无')}，现有 {counts.get(t, '无')}）"
                    for t in differing[:SHOWN]
                )
            )
        )
    storage = default_storage
    names = list(files.walk(storage))
    expected = manifest.storage_names
    if sorted(names) != expected:
        raise BackupError(
            _("恢复后的文件与备份不符：备份 {expected} 个，存储中 {found} 个").format(
                expected=len(expected), found=len(names)
            )
        )
    progress = Progress(say, _("已核对"), len(names))
    for n, name in enumerate(names, start=1):
        digest, size = files.digest_of(storage, name)
        _same_as_manifest(manifest, STORAGE_PREFIX + name, digest, size)
        progress(n)
    say(
        _("恢复完成：{tables} 个表的行数与备份一致，{n} 个文件的 SHA-256 与备份一致").format(
            tables=len(counts), n=len(names)
        )
    )


def _pending_migrations() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _same_as_manifest(manifest: Manifest, name: str, digest: str, size: int) -> None:
    expected = manifest.members.get(name)
    if expected is None or (expected.sha256, expected.size) != (digest, size):
        raise BackupError(_("{name} 与清单不符（SHA-256 或大小）：恢复中止").format(name=name))


def _missing_text(names: list[str]) -> str:
    shown = "、".join(names[:SHOWN]) + ("……" if len(names) > SHOWN else "")
    return _("注意：数据库中有 {n} 个文件在备份时已不在存储中：{names}").format(
        n=len(names), names=shown
    )


def _vendor(vendor: str) -> str:
    return VENDOR_NAMES.get(vendor, vendor)


def _sha256(f: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := f.read(files.CHUNK):
        digest.update(chunk)
    return digest.hexdigest()
