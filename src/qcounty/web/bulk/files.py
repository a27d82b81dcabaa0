"""Turn an upload (one .zip, or several .xlsx files) into files to check, safely.

The request only surveys the upload (`survey`: names, sizes, a zip's central directory) and
stores it; the worker reads the files one at a time (`from_stored`) and checks each.

A zip is hostile until proven otherwise: its size, member count, uncompressed total and
ratio are checked from the central directory before anything is read; each member is read into
memory (at most the per-file limit, whatever its header says), one at a time, never extracted to disk by its
path; only .xlsx members are read, and every name is reduced to a clean base name.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings

MAX_UPLOAD = 200 * 1024 * 1024  # the .zip itself
MAX_MEMBERS = 500  # files in one upload
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # the zip's members together, as its directory says
MAX_RATIO = 100  # uncompressed / compressed, for the whole zip and for each member
NOT_EXCEL = "不是 Excel（.xlsx）填报模板，未读取。"
# files a packer or an operating system adds, skipped without a word
_JUNK_PREFIXES = ("__MACOSX/",)
_JUNK_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


class UploadRefused(ValueError):
    """The whole upload is refused (the message is Chinese)."""


@dataclass
class Incoming:
    name: str  # a clean base name, for display only
    data: bytes | None  # None when refused before reading
    refusal: str = ""


def max_file_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


def clean_name(raw: str) -> str:
    """Return a safe display name: the base name, printable, not too long."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip().lstrip(".")
    return (name or "未命名")[:120]


def _member_name(info: zipfile.ZipInfo) -> str:
    """Return the member's name; names zipped on Chinese Windows are GBK without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return name


def _junk(raw: str) -> bool:
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    return (
        raw.startswith(_JUNK_PREFIXES)
        or base in _JUNK_NAMES
        or base.startswith(("._", "~$"))
        or base == ""
    )


def _is_xlsx(name: str) -> bool:
    return name.lower().endswith(".xlsx")


def _too_big(size: int) -> str:
    return (
        f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {max_file_bytes() / 1024 / 1024:g} MB。"
    )


def _members(zf: zipfile.ZipFile, size: int) -> list[zipfile.ZipInfo]:
    """Return the zip's files, refusing the whole zip by its central directory alone."""
    members = [m for m in zf.infolist() if not m.is_dir() and not _junk(_member_name(m))]
    if len(members) > MAX_MEMBERS:
        raise UploadRefused(f"压缩包中的文件过多（{len(members)} 个），一次最多 {MAX_MEMBERS} 个。")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED or total / max(1, size) > MAX_RATIO:
        raise UploadRefused("压缩包解压后异常庞大（疑似“压缩炸弹”），已拒绝读取。")
    return members


def _open_zip(fileobj: Any, size: int) -> zipfile.ZipFile:
    if size > MAX_UPLOAD:
        raise UploadRefused(f"压缩包过大（{size / 1024 / 1024:.1f} MB），上限为 200 MB。")
    try:
        return zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise UploadRefused("不是有效的 zip 压缩包。") from None


def count_zip(fileobj: Any, size: int) -> int:
    """Return how many files a zip holds, refusing it as `from_zip` would (reads no member)."""
    with _open_zip(fileobj, size) as zf:
        return len(_members(zf, size))


def from_zip(fileobj: Any, size: int) -> Iterator[Incoming]:
    """Yield the .xlsx members of a zip one at a time (and a refusal for every other member).

    The whole zip is refused (UploadRefused) before the first member is yielded.
    """
    with _open_zip(fileobj, size) as zf:
        for m in _members(zf, size):
            name = clean_name(_member_name(m))
            if not _is_xlsx(name):
                yield Incoming(name, None, NOT_EXCEL)
            elif m.flag_bits & 0x1:
                yield Incoming(name, None, "文件已加密，请取消密码后再上传。")
            elif m.file_size > max_file_bytes():
                yield Incoming(name, None, _too_big(m.file_size))
            elif m.file_size / max(1, m.compress_size) > MAX_RATIO:
                yield Incoming(name, None, "文件解压后异常庞大（疑似“压缩炸弹”），已拒绝读取。")
            else:
                yield _read_member(zf, m, name)


def _read_member(zf: zipfile.ZipFile, m: zipfile.ZipInfo, name: str) -> Incoming:
    limit = max_file_bytes()
    try:
        with zf.open(m) as f:
            data = f.read(limit + 1)  # never trust the header's size
    except Exception:  # a broken or hostile member may fail anywhere inside zipfile
        return Incoming(name, None, "压缩包中的这个文件已损坏，无法读取。")
    if len(data) > limit:
        return Incoming(name, None, _too_big(len(data)))
    return Incoming(name, data)


@dataclass
class Upload:
    """One file of the request as kept for the check: a .zip, an .xlsx, or refused unread."""

    name: str  # a clean base name
    kind: str  # "zip", "xlsx" or "refused"
    size: int
    refusal: str = ""
    stored: str = ""  # its name in the storage, once stored

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def survey(uploads: Iterable[Any]) -> tuple[list[tuple[Upload, Any]], int]:
    """Return the request's files (each with its upload) and how many files they hold.

    Reads no workbook: a zip is judged by its central directory alone. The whole upload is
    refused (UploadRefused) if a zip is hostile, or there are too many files or none.
    """
    out: list[tuple[Upload, Any]] = []
    count = 0
    for upload in uploads:
        raw = str(upload.name or "")
        name = clean_name(raw)
        if _junk(raw):
            continue
        if name.lower().endswith(".zip"):
            count += count_zip(upload, upload.size)
            out.append((Upload(name, "zip", upload.size), upload))
        elif not _is_xlsx(name):
            count += 1
            out.append((Upload(name, "refused", upload.size, NOT_EXCEL), None))
        elif upload.size > max_file_bytes():
            count += 1
            out.append((Upload(name, "refused", upload.size, _too_big(upload.size)), None))
        else:
            count += 1
            out.append((Upload(name, "xlsx", upload.size), upload))
        if count > MAX_MEMBERS:
            raise UploadRefused(f"上传的文件过多，一次最多 {MAX_MEMBERS} 个。")
    if not count:
        raise UploadRefused("请选择 .zip 压缩包或 .xlsx 填报模板。")
    return out, count


def from_stored(upload: Upload, open_stored: Callable[[str], Any]) -> Iterator[Incoming]:
    """Yield the files of a stored upload one at a time (a zip's members, or the file itself)."""
    if upload.kind == "refused":
        yield Incoming(upload.name, None, upload.refusal)
        return
    with open_stored(upload.stored) as f:
        if upload.kind == "zip":
            yield from from_zip(f, upload.size)
            return
        data = f.read(max_file_bytes() + 1)
    if len(data) > max_file_bytes():
        yield Incoming(upload.name, None, _too_big(len(data)))
    else:
        yield Incoming(upload.name, data)
