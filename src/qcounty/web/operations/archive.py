"""The backup archive: one tar file holding the database dump, the stored files and a manifest.

Members: ``database/qcounty.pgdump`` (pg_dump's custom format) or ``database/qcounty.sqlite3``,
``storage/<name>`` for every file of the default storage, and ``manifest.json`` last, which
gives every other member's SHA-256 and size. An archive is trusted only once every member has
been read and matched against the manifest, nothing missing and nothing extra.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import tarfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from qcounty.web.operations.errors import BackupError
from qcounty.web.operations.files import CHUNK

FORMAT = "qcounty-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_PREFIX = "database/"
STORAGE_PREFIX = "storage/"
MANIFEST_MAX_BYTES = 256 * 1024 * 1024
SHOWN = 5  # names listed in a refusal


@dataclass(frozen=True)
class Member:
    sha256: str
    size: int


@dataclass
class Manifest:
    created_at: str
    vendor: str
    server_version: str
    database_member: str
    migrations: dict[str, list[str]]
    row_counts: dict[str, int]
    storage_backend: str
    members: dict[str, Member] = field(default_factory=dict)
    # names the database refers to that the storage did not hold when the backup was made
    missing_files: list[str] = field(default_factory=list)

    @property
    def latest_migrations(self) -> dict[str, str]:
        return {app: names[-1] for app, names in sorted(self.migrations.items()) if names}

    @property
    def storage_names(self) -> list[str]:
        return sorted(
            name.removeprefix(STORAGE_PREFIX)
            for name in self.members
            if name.startswith(STORAGE_PREFIX)
        )

    def to_json(self) -> bytes:
        data = {"format": FORMAT, "version": VERSION, **asdict(self)}
        data["latest_migrations"] = self.latest_migrations
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ValueError("format")
            if data.get("version") != VERSION:
                raise BackupError(
                    _("备份格式版本 {version} 不受支持（支持 {supported}）").format(
                        version=data.get("version"), supported=VERSION
                    )
                )
            manifest = cls(
                created_at=str(data["created_at"]),
                vendor=str(data["vendor"]),
                server_version=str(data["server_version"]),
                database_member=str(data["database_member"]),
                migrations={
                    str(app): [str(n) for n in names] for app, names in data["migrations"].items()
                },
                row_counts={str(t): int(n) for t, n in data["row_counts"].items()},
                storage_backend=str(data["storage_backend"]),
                members={
                    str(name): Member(str(m["sha256"]), int(m["size"]))
                    for name, m in data["members"].items()
                },
                missing_files=[str(n) for n in data.get("missing_files", [])],
            )
        except BackupError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise BackupError(_("清单（manifest.json）不是本系统的备份清单")) from None
        manifest._check_names()
        return manifest

    def _check_names(self) -> None:
        if not self.database_member.startswith(DATABASE_PREFIX):
            raise BackupError(_("清单中的数据库成员名不合法"))
        if self.database_member not in self.members:
            raise BackupError(_("清单中没有数据库导出文件"))
        for name in self.members:
            if name != self.database_member and not _safe_storage_member(name):
                raise BackupError(_("清单中有不合法的成员名：{name}").format(name=name))


def _safe_storage_member(name: str) -> bool:
    if not name.startswith(STORAGE_PREFIX):
        return False
    rest = name.removeprefix(STORAGE_PREFIX)
    return (
        bool(rest)
        and not rest.startswith("/")
        and "\\" not in rest
        and "\x00" not in rest
        and posixpath.normpath(rest) == rest
        and ".." not in rest.split("/")
    )


class ArchiveWriter:
    """Write an archive to a hidden temporary file; it gets its name only once complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        compressed = path.name.endswith((".tar.gz", ".tgz"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # the archive holds password hashes and every county's data: readable by its owner only
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._tar = tarfile.open(  # noqa: SIM115 (closed by finish or abort)
            fileobj=self._file, mode="w:gz" if compressed else "w", format=tarfile.PAX_FORMAT
        )
        self.members: dict[str, Member] = {}

    def add(self, name: str, content: IO[bytes], size: int, sha256: str) -> None:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = 0o600
        info.mtime = int(time.time())
        self._tar.addfile(info, content)
        self.members[name] = Member(sha256, size)

    def finish(self, manifest: Manifest) -> None:
        raw = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(raw)
        info.mode = 0o600
        info.mtime = int(time.time())
        self._tar.addfile(info, io.BytesIO(raw))
        self._tar.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self.partial, self.path)

    def abort(self) -> None:
        try:
            self._tar.close()
            self._file.close()
        finally:
            self.partial.unlink(missing_ok=True)


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r:*")
    except FileNotFoundError:
        raise BackupError(_("备份文件不存在：{path}").format(path=path)) from None
    except (tarfile.TarError, OSError, EOFError) as e:
        raise BackupError(
            _("不是可读的备份归档：{path}（{error}）").format(path=path, error=e)
        ) from None


def members(path: Path) -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
    """Yield every regular member of the archive with a stream of its content."""
    tar = _open(path)
    try:
        for info in tar:
            if not info.isfile():
                raise BackupError(_("归档中有不是普通文件的成员：{name}").format(name=info.name))
            stream = tar.extractfile(info)
            assert stream is not None  # a regular file always has one
            yield info, stream
    except (tarfile.TarError, OSError, EOFError) as e:
        raise BackupError(_("归档已损坏：{error}").format(error=e)) from None
    finally:
        tar.close()


def verify(path: Path, progress: Any = None) -> Manifest:
    """Read the whole archive and return its manifest if every member matches it, else refuse."""
    found: dict[str, Member] = {}
    raw_manifest: bytes | None = None
    for n, (info, stream) in enumerate(members(path), start=1):
        if info.name in found or (info.name == MANIFEST and raw_manifest is not None):
            raise BackupError(_("归档中的成员重复：{name}").format(name=info.name))
        if info.name == MANIFEST:
            if info.size > MANIFEST_MAX_BYTES:
                raise BackupError(_("清单（manifest.json）过大"))
            raw_manifest = stream.read()
            continue
        digest = hashlib.sha256()
        size = 0
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
        found[info.name] = Member(digest.hexdigest(), size)
        if progress is not None:
            progress(n)
    if raw_manifest is None:
        raise BackupError(_("归档中没有清单（manifest.json），不是本系统的备份"))
    manifest = Manifest.from_json(raw_manifest)
    problems = []
    missing = sorted(set(manifest.members) - set(found))
    extra = sorted(set(found) - set(manifest.members))
    changed = sorted(
        name for name in set(found) & set(manifest.members) if found[name] != manifest.members[name]
    )
    for label, names in [
        (_("缺少 {n} 个成员"), missing),
        (_("多出 {n} 个清单中没有的成员"), extra),
        (_("{n} 个成员的内容与清单的 SHA-256 或大小不符"), changed),
    ]:
        if names:
            shown = "、".join(names[:SHOWN]) + ("……" if len(names) > SHOWN else "")
            problems.append(label.format(n=len(names)) + f"：{shown}")
    if problems:
        raise BackupError(_("备份校验未通过，未写入任何内容：") + "；".join(problems))
    return manifest
