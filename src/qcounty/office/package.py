"""The evidence package: a county's evidence files in one .zip the province can verify.

Layout (names in UTF-8: every name that is not plain ASCII carries the zip's language-encoding
flag, bit 11, so that Windows Explorer, 7-Zip and unzip show the Chinese names)::

    17-计量/                      one folder per indicator (number and a short name)
        检定证书.pdf
        检定证书 (2).pdf          a second file of the same name in the same folder
    索引.xlsx                     指标, 记录, 文件, SHA-256, 上传人, 上传时间 (one row a file)
    manifest.json                 {"format": "qcounty-evidence/1", "county", "campaign",
                                   "files": [{"path", "sha256", "size", …}, …]}
    manifest.sha256               the SHA-256 of manifest.json ("<hex>  manifest.json")

The manifest lists every file of the package but itself and its checksum (索引.xlsx included),
so `verify_package` — or ``sha256sum -c`` on the checksum plus a look at the manifest — shows
whether anything was changed, removed or added after the county packed it. File contents are
streamed in chunks, both when packing and when verifying: a package of many large scans never
sits in memory.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any, BinaryIO

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from qcounty.core.framework.model import Framework
from qcounty.office import docstyle
from qcounty.office.docstyle import put

FORMAT = "qcounty-evidence/1"
MANIFEST = "manifest.json"
CHECKSUM = "manifest.sha256"
INDEX = "索引.xlsx"
CHUNK = 1 << 20
# already compressed: stored as they are, deflating them again costs time and saves nothing
STORED_SUFFIXES = {
    ".7z", ".avi", ".docx", ".gif", ".gz", ".jpeg", ".jpg", ".m4a", ".mov", ".mp3", ".mp4",
    ".ofd", ".pdf", ".png", ".pptx", ".rar", ".webp", ".xlsx", ".zip",
}  # fmt: skip
MAX_NAME = 120  # characters of a file name, before the suffix


@dataclass
class PackageFile:
    """One evidence file as stored: where it goes, what it is, and how to read it."""

    indicator: int
    folder_name: str  # e.g. "17-计量" (see indicator_folder)
    file_name: str
    sha256: str  # as recorded when uploaded; packing checks the content against it
    size: int
    uploaded_by: str
    uploaded_at: str
    record: str  # the record or item the file supports, as the county names it
    open: Callable[[], BinaryIO]


class PackageError(Exception):
    """A file could not be packed (its content no longer matches its record)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


# --------------------------------------------------------------------------- public


def indicator_folder(framework: Framework, number: int) -> str:
    """Return the folder of an indicator: "17-计量" (number and second-level name).

    Where the second-level name is the indicator's own name or missing, the indicator's name
    cut to 20 characters is used instead.
    """
    for first in framework.first_level:
        for second in first.second_level:
            for ind in second.indicators:
                if ind.number == number:
                    name = second.name if second.name != ind.name else ind.name[:20]
                    return safe_name(f"{number}-{name}")
    return str(number)


def evidence_package(
    county: str, campaign: str, files: list[PackageFile], write_to: BinaryIO
) -> None:
    """Write the evidence package of these files to `write_to` (need not be seekable).

    Raises PackageError if a file's content does not match its recorded SHA-256 or size
    (the package would otherwise certify a damaged file).
    """
    folders = _folders(files)
    paths = _paths(files, folders)
    entries: list[dict[str, Any]] = []
    with zipfile.ZipFile(write_to, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        problems: list[str] = []
        for f, path in zip(files, paths, strict=True):
            digest, size = _add_file(zf, f, path)
            if digest != f.sha256.lower() or size != f.size:
                problems.append(
                    f"文件“{f.file_name}”（指标 {f.indicator}）的内容与上传时登记的不一致"
                    f"（SHA-256 {digest[:12]}…，登记 {f.sha256[:12]}…；"
                    f"大小 {size} 字节，登记 {f.size} 字节），可能已损坏，未能打包。"
                )
            entries.append(
                {
                    "path": path,
                    "sha256": digest,
                    "size": size,
                    "indicator": f.indicator,
                    "record": f.record,
                    "uploaded_by": f.uploaded_by,
                    "uploaded_at": f.uploaded_at,
                }
            )
        if problems:
            raise PackageError(problems)
        index = _index(entries, folders, files, title=f"{county}佐证材料索引")
        index_digest = hashlib.sha256(index).hexdigest()
        _add_bytes(zf, INDEX, index)
        entries.append({"path": INDEX, "sha256": index_digest, "size": len(index)})
        manifest = json.dumps(
            {"format": FORMAT, "county": county, "campaign": campaign, "files": entries},
            ensure_ascii=False,
            indent=2,
        ).encode("utf-8")
        _add_bytes(zf, MANIFEST, manifest)
        checksum = f"{hashlib.sha256(manifest).hexdigest()}  {MANIFEST}\n".encode("ascii")
        _add_bytes(zf, CHECKSUM, checksum)


def verify_package(data: BinaryIO) -> list[str]:
    """Return the problems of a package in Chinese: [] if every file matches the manifest.

    Checks the manifest against its checksum, then every listed file (present, same size,
    same SHA-256, readable), and reports files the manifest does not list.
    """
    try:
        zf = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, OSError, ValueError):
        return ["不是有效的 zip 文件，无法核验。"]
    with zf:
        names = {i.filename: i for i in zf.infolist() if not i.is_dir()}
        if MANIFEST not in names:
            return [f"缺少清单文件 {MANIFEST}，无法核验。"]
        problems: list[str] = []
        try:
            manifest_bytes = zf.read(MANIFEST)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            return [f"清单文件 {MANIFEST} 已损坏，无法核验。"]
        problems += _check_checksum(zf, names, manifest_bytes)
        try:
            manifest = json.loads(manifest_bytes.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return [*problems, f"清单文件 {MANIFEST} 不是有效的 JSON，无法核验。"]
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            return [*problems, f"清单文件的格式不是“{FORMAT}”，无法核验。"]
        listed = manifest.get("files")
        if not isinstance(listed, list):
            return [*problems, "清单文件缺少文件列表（files），无法核验。"]
        seen: set[str] = set()
        for entry in listed:
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                problems.append("清单中有一项缺少文件路径（path）。")
                continue
            path = entry["path"]
            seen.add(path)
            info = names.get(path)
            if info is None:
                problems.append(f"缺少文件：{path}")
                continue
            problems += _check_file(zf, info, entry)
        for name in names:
            if name not in seen and name not in (MANIFEST, CHECKSUM):
                problems.append(f"清单中没有的多余文件：{name}")
        return problems


# --------------------------------------------------------------------------- names

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10))} | {
    f"LPT{n}" for n in range(1, 10)
}


def safe_name(name: str, fallback: str = "文件") -> str:
    """Return a file or folder name that every system accepts: no "/", "\\", control or
    reserved characters, no leading or trailing dots and spaces, NFC, at most 120 characters
    before the suffix."""
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub("_", text).strip(" .")
    if not text or set(text) <= {"_"}:
        text = fallback
    stem, suffix = _split(text)
    if len(suffix) > 16:  # not a real suffix
        stem, suffix = text, ""
    stem = stem[:MAX_NAME].rstrip(" .") or fallback
    if stem.upper() in _RESERVED:
        stem = f"_{stem}"
    return f"{stem}{suffix}"


def _split(name: str) -> tuple[str, str]:
    suffix = PurePosixPath(name).suffix
    if not suffix or suffix == name:
        return name, ""
    return name[: -len(suffix)], suffix


def _folders(files: list[PackageFile]) -> dict[int, str]:
    """Return a folder per indicator: the first folder name given for it, unique."""
    out: dict[int, str] = {}
    used: set[str] = set()
    for f in files:
        if f.indicator in out:
            continue
        name = safe_name(f.folder_name or str(f.indicator), str(f.indicator))
        out[f.indicator] = _unique(name, used, is_folder=True)
    return out


def _paths(files: list[PackageFile], folders: dict[int, str]) -> list[str]:
    """Return each file's path in the zip, a repeated name becoming "name (2).pdf"."""
    used: dict[str, set[str]] = {}
    out = []
    for f in files:
        folder = folders[f.indicator]
        taken = used.setdefault(folder, set())
        name = _unique(safe_name(f.file_name), taken)
        out.append(f"{folder}/{name}")
    return out


def _unique(name: str, used: set[str], is_folder: bool = False) -> str:
    """Return name, or "name (2).ext", "name (3).ext" … if taken (ignoring case); mark it used."""
    stem, suffix = (name, "") if is_folder else _split(name)
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    used.add(candidate.casefold())
    return candidate


# --------------------------------------------------------------------------- writing


def _zinfo(path: str, when: datetime | None = None) -> zipfile.ZipInfo:
    moment = when or datetime.now()
    stamp = (
        max(1980, moment.year),
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )
    info = zipfile.ZipInfo(path, date_time=stamp)  # zipfile sets the UTF-8 flag as needed
    info.external_attr = 0o644 << 16
    info.create_system = 3  # Unix: the permission bits above apply
    return info


def _add_file(zf: zipfile.ZipFile, f: PackageFile, path: str) -> tuple[str, int]:
    """Stream one file into the zip; return its SHA-256 (hex) and size."""
    info = _zinfo(path, _parse_time(f.uploaded_at))
    stored = PurePosixPath(path).suffix.lower() in STORED_SUFFIXES
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.file_size = f.size  # lets zipfile choose ZIP64 up front for a large file
    digest = hashlib.sha256()
    size = 0
    with f.open() as src, zf.open(info, "w") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    return digest.hexdigest(), size


def _add_bytes(zf: zipfile.ZipFile, path: str, data: bytes) -> None:
    info = _zinfo(path)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def _shown_time(text: str) -> str:
    """Return an ISO upload time as its wall-clock minute ("2026-12-05 14:56"), else as given."""
    try:
        return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return text


def _parse_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment.replace(tzinfo=None) if moment.year >= 1980 else None


def _index(
    entries: list[dict[str, Any]],
    folders: dict[int, str],
    files: list[PackageFile],
    *,
    title: str,
) -> bytes:
    """Return 索引.xlsx: a title, then one row per file, values only."""
    wb = openpyxl.Workbook()
    ws = docstyle.active_sheet(wb)
    ws.title = "索引"
    header = ["指标", "记录", "文件", "SHA-256", "大小（字节）", "上传人", "上传时间"]
    widths = [16, 30, 40, 66, 12, 28, 17]  # 上传人 whole ("文登区市场监督管理局 张计量")
    for col, (text, width) in enumerate(zip(header, widths, strict=True), start=1):
        cell = put(ws, 1, col, text)
        cell.font = Font(name="黑体", size=10.5)
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, (entry, f) in enumerate(zip(entries, files, strict=True), start=2):
        row = [
            folders[f.indicator],
            f.record,
            entry["path"],
            entry["sha256"],
            entry["size"],
            f.uploaded_by,
            _shown_time(f.uploaded_at),
        ]
        for col, value in enumerate(row, start=1):
            put(ws, n, col, value).alignment = wrap
    ws.auto_filter.ref = f"A1:G{max(1, len(entries) + 1)}"
    docstyle.print_titled(ws, title, landscape=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- verifying


def _check_checksum(
    zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], manifest: bytes
) -> list[str]:
    if CHECKSUM not in names:
        return [f"缺少清单校验文件 {CHECKSUM}。"]
    try:
        text = zf.read(CHECKSUM).decode("ascii", "replace")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        return [f"清单校验文件 {CHECKSUM} 已损坏。"]
    expected = text.split()[0].lower() if text.split() else ""
    if expected != hashlib.sha256(manifest).hexdigest():
        return [f"清单文件 {MANIFEST} 与其校验值（{CHECKSUM}）不符：清单在打包后被修改。"]
    return []


def _check_file(zf: zipfile.ZipFile, info: zipfile.ZipInfo, entry: dict[str, Any]) -> list[str]:
    path = info.filename
    digest = hashlib.sha256()
    size = 0
    try:
        with zf.open(info) as src:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        return [f"文件已损坏，无法读取（压缩数据校验失败）：{path}"]
    if size != entry.get("size"):
        return [f"文件大小与清单不符（{size} 字节，清单为 {entry.get('size')} 字节）：{path}"]
    if digest.hexdigest() != str(entry.get("sha256", "")).lower():
        return [f"文件内容与清单不符（SHA-256 不一致），已被修改：{path}"]
    return []
