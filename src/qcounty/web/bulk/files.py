"""Turn an upload (one .zip, or several .xlsx files) into files to check, safely.

A zip is hostile until proven otherwise: its size, member count, uncompressed total and
ratio are checked from the central directory before anything is read; each member is read into
memory (at most the per-file limit, whatever its header says), never extracted to disk by its
path; only .xlsx members are read, and every name is reduced to a clean base name.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

MAX_UPLOAD = 200 * 1024 * 1024  # the .zip itself
MAX_MEMBERS = 500  # files in one upload
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # the zip's members together, as its directory says
MAX_RATIO = 100  # uncompressed / compressed, for the whole zip and for each member
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


def from_zip(fileobj: Any, size: int) -> list[Incoming]:
    """Return the .xlsx members of a zip (and a refusal for every other member)."""
    if size > MAX_UPLOAD:
        raise UploadRefused(f"压缩包过大（{size / 1024 / 1024:.1f} MB），上限为 200 MB。")
    try:
        zf = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise UploadRefused("不是有效的 zip 压缩包。") from None
    with zf:
        members = [m for m in zf.infolist() if not m.is_dir() and not _junk(_member_name(m))]
        if len(members) > MAX_MEMBERS:
            raise UploadRefused(
                f"压缩包中的文件过多（{len(members)} 个），一次最多 {MAX_MEMBERS} 个。"
            )
        total = sum(m.file_size for m in members)
        if total > MAX_UNCOMPRESSED or total / max(1, size) > MAX_RATIO:
            raise UploadRefused("压缩包解压后异常庞大（疑似“压缩炸弹”），已拒绝读取。")
        out = []
        for m in members:
            name = clean_name(_member_name(m))
            if not _is_xlsx(name):
                out.append(Incoming(name, None, "不是 Excel（.xlsx）填报模板，未读取。"))
            elif m.flag_bits & 0x1:
                out.append(Incoming(name, None, "文件已加密，请取消密码后再上传。"))
            elif m.file_size > max_file_bytes():
                out.append(Incoming(name, None, _too_big(m.file_size)))
            elif m.file_size / max(1, m.compress_size) > MAX_RATIO:
                out.append(
                    Incoming(name, None, "文件解压后异常庞大（疑似“压缩炸弹”），已拒绝读取。")
                )
            else:
                out.append(_read_member(zf, m, name))
        return out


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


def from_uploads(uploads: Iterable[Any]) -> list[Incoming]:
    """Return the files of an upload: .xlsx files as they are, a .zip's .xlsx members."""
    out: list[Incoming] = []
    for upload in uploads:
        raw = str(upload.name or "")
        name = clean_name(raw)
        if _junk(raw):
            continue
        if name.lower().endswith(".zip"):
            out.extend(from_zip(upload, upload.size))
        elif not _is_xlsx(name):
            out.append(Incoming(name, None, "不是 Excel（.xlsx）填报模板，未读取。"))
        elif upload.size > max_file_bytes():
            out.append(Incoming(name, None, _too_big(upload.size)))
        else:
            out.append(Incoming(name, upload.read(max_file_bytes() + 1)))
        if len(out) > MAX_MEMBERS:
            raise UploadRefused(f"上传的文件过多，一次最多 {MAX_MEMBERS} 个。")
    if not out:
        raise UploadRefused("请选择 .zip 压缩包或 .xlsx 填报模板。")
    return out
