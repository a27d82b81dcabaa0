"""Walk, read and write the files of a Django storage (the file system or object storage)."""

from __future__ import annotations

import hashlib
import posixpath
import tempfile
from collections.abc import Iterator
from typing import IO

from django.core.files import File
from django.core.files.storage import Storage

CHUNK = 1024 * 1024
SPOOL = 8 * 1024 * 1024  # files larger than this are copied through a temporary file


def walk(storage: Storage, directory: str = "") -> Iterator[str]:
    """Yield the name of every file in the storage, sorted by directory."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # a file system storage whose directory was never created
        return
    for name in sorted(files):
        yield posixpath.join(directory, name) if directory else name
    for name in sorted(directories):
        yield from walk(storage, posixpath.join(directory, name) if directory else name)


def copy_to_spool(source: IO[bytes]) -> tuple[IO[bytes], str, int]:
    """Copy a stream into a temporary file; return it (at its start), its SHA-256 and size."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 (the caller closes it)
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        spool.write(chunk)
        size += len(chunk)
    spool.seek(0)
    return spool, digest.hexdigest(), size


def read_spooled(storage: Storage, name: str) -> tuple[IO[bytes], str, int]:
    """Read a stored file into a temporary file; return it, its SHA-256 and size."""
    with storage.open(name, "rb") as f:
        return copy_to_spool(f)


def digest_of(storage: Storage, name: str) -> tuple[str, int]:
    """Return the SHA-256 and size of a stored file."""
    digest = hashlib.sha256()
    size = 0
    with storage.open(name, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def write(storage: Storage, name: str, content: IO[bytes]) -> str:
    """Store content under exactly this name; return the name the storage used."""
    return storage.save(name, File(content, name=posixpath.basename(name)))
