"""The evidence package: folders per indicator, an index, a manifest the province can verify."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any, BinaryIO

import openpyxl
import pytest

from qcounty.office.package import (
    CHUNK,
    PackageError,
    PackageFile,
    evidence_package,
    indicator_folder,
    safe_name,
    verify_package,
)
from tests.builders import shandong


def _file(
    indicator: int, folder: str, name: str, content: bytes, record: str = "记录", **kw: Any
) -> PackageFile:
    return PackageFile(
        indicator=indicator,
        folder_name=folder,
        file_name=name,
        sha256=kw.get("sha256", hashlib.sha256(content).hexdigest()),
        size=kw.get("size", len(content)),
        uploaded_by=kw.get("uploaded_by", "张三"),
        uploaded_at=kw.get("uploaded_at", "2022-03-01T09:30:00+08:00"),
        record=record,
        open=lambda: io.BytesIO(content),
    )


FILES = [
    _file(17, "17-计量", "检定证书.pdf", b"%PDF-1.4 first certificate", "注册计量师证书"),
    _file(17, "17-计量", "检定证书.pdf", b"%PDF-1.4 second certificate", "社会公用计量标准"),
    _file(4, "4-质量/文化\x07", "表扬通报.txt", "国务院办公厅通报".encode(), "=1+1"),
]


def _package(files: list[PackageFile] = FILES) -> bytes:
    out = io.BytesIO()
    evidence_package("文登区", "2022 年质量强县创建", files, out)
    return out.getvalue()


def test_round_trip_verifies():
    assert verify_package(io.BytesIO(_package())) == []


def test_folders_names_and_dedupe():
    zf = zipfile.ZipFile(io.BytesIO(_package()))
    names = zf.namelist()
    assert names == [
        "17-计量/检定证书.pdf",
        "17-计量/检定证书 (2).pdf",
        "4-质量_文化_/表扬通报.txt",
        "索引.xlsx",
        "manifest.json",
        "manifest.sha256",
    ]
    assert zf.read("17-计量/检定证书 (2).pdf") == b"%PDF-1.4 second certificate"


def test_names_are_utf8_flagged():
    raw = _package()
    zf = zipfile.ZipFile(io.BytesIO(raw))
    for info in zf.infolist():
        if not info.filename.isascii():
            assert info.flag_bits & 0x800, info.filename
    # the bytes in the central directory are UTF-8 (not GBK or CP437)
    assert "17-计量/检定证书.pdf".encode() in raw
    assert "17-计量/检定证书.pdf".encode("gbk") not in raw


def test_manifest_and_its_checksum():
    zf = zipfile.ZipFile(io.BytesIO(_package()))
    manifest_bytes = zf.read("manifest.json")
    manifest = json.loads(manifest_bytes)
    assert manifest["format"] == "qcounty-evidence/1"
    assert manifest["county"] == "文登区" and manifest["campaign"] == "2022 年质量强县创建"
    paths = [f["path"] for f in manifest["files"]]
    assert paths == [n for n in zf.namelist() if not n.startswith("manifest")]
    for entry in manifest["files"]:
        data = zf.read(entry["path"])
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
    checksum = zf.read("manifest.sha256").decode("ascii")
    assert checksum == f"{hashlib.sha256(manifest_bytes).hexdigest()}  manifest.json\n"


def test_index_workbook_lists_every_file_as_text():
    zf = zipfile.ZipFile(io.BytesIO(_package()))
    ws = openpyxl.load_workbook(io.BytesIO(zf.read("索引.xlsx"))).active
    title, *rows = list(ws.iter_rows(values_only=True))
    assert title[0].endswith("佐证材料索引") and ws.print_title_rows == "$2:$2"
    assert ws.print_area.endswith(f"$A$1:$G${ws.max_row}")
    assert rows[0][:4] == ("指标", "记录", "文件", "SHA-256")
    assert "上传人" in rows[0] and "上传时间" in rows[0]
    # the upload time as its wall-clock minute, the uploader whole in a wide column
    assert rows[1][6] == "2022-03-01 09:30"
    assert ws.column_dimensions["F"].width >= 24 and ws.column_dimensions["G"].width >= 16
    assert [r[2] for r in rows[1:]] == [
        "17-计量/检定证书.pdf",
        "17-计量/检定证书 (2).pdf",
        "4-质量_文化_/表扬通报.txt",
    ]
    assert rows[1][0] == "17-计量" and rows[1][1] == "注册计量师证书"
    assert rows[1][3] == FILES[0].sha256
    assert rows[3][1] == "=1+1"
    cell = ws.cell(5, 2)
    assert cell.data_type == "s"
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f"


def _rebuild(raw: bytes, change: dict[str, bytes | None], add: dict[str, bytes] | None = None):
    """Return the package with some members replaced (None: removed) or added."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    dst.writestr(info, change[info.filename])
            else:
                dst.writestr(info, src.read(info))
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def test_a_changed_byte_names_the_file():
    raw = _package()
    changed = bytearray(zipfile.ZipFile(io.BytesIO(raw)).read("17-计量/检定证书 (2).pdf"))
    changed[0] ^= 0x01
    problems = verify_package(
        io.BytesIO(_rebuild(raw, {"17-计量/检定证书 (2).pdf": bytes(changed)}))
    )
    assert len(problems) == 1
    assert "17-计量/检定证书 (2).pdf" in problems[0] and "已被修改" in problems[0]


def test_a_flipped_byte_inside_the_zip_names_the_file():
    raw = bytearray(_package())
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo("17-计量/检定证书.pdf")
    # the local header is 30 bytes, then the name and the extra field, then the data
    name_len = int.from_bytes(raw[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    raw[start + 3] ^= 0x20
    problems = verify_package(io.BytesIO(bytes(raw)))
    assert len(problems) == 1 and "17-计量/检定证书.pdf" in problems[0]


def test_missing_extra_and_tampered_manifest_are_reported():
    raw = _package()
    missing = verify_package(io.BytesIO(_rebuild(raw, {"4-质量_文化_/表扬通报.txt": None})))
    assert missing == ["缺少文件：4-质量_文化_/表扬通报.txt"]
    extra = verify_package(io.BytesIO(_rebuild(raw, {}, {"17-计量/补充.pdf": b"x"})))
    assert extra == ["清单中没有的多余文件：17-计量/补充.pdf"]
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(raw)).read("manifest.json"))
    manifest["files"][0]["sha256"] = "0" * 64
    forged = json.dumps(manifest, ensure_ascii=False).encode()
    problems = verify_package(io.BytesIO(_rebuild(raw, {"manifest.json": forged})))
    assert any("manifest.sha256" in p for p in problems)
    assert any("17-计量/检定证书.pdf" in p for p in problems)
    assert verify_package(io.BytesIO(b"not a zip")) == ["不是有效的 zip 文件，无法核验。"]


class _Chunked(io.RawIOBase):
    """A source that refuses to be read whole, and counts how it is read."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.reads = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        assert 0 < n <= CHUNK, "read in chunks, never whole"
        self.reads += 1
        k = min(n, self.left)
        self.left -= k
        return b"\xab" * k


class _NoSeek(io.RawIOBase):
    """An output that can only be appended to (an HTTP response, a pipe)."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.buffer += bytes(b)
        return len(b)

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        raise OSError("not seekable")


def test_large_files_stream_in_chunks_to_an_unseekable_output():
    size = 3 * CHUNK + 5
    sources: list[_Chunked] = []

    def opener() -> BinaryIO:
        sources.append(_Chunked(size))
        return sources[-1]  # type: ignore[return-value]

    digest = hashlib.sha256(b"\xab" * size).hexdigest()
    big = PackageFile(
        17, "17-计量", "大文件.bin", digest, size, "李四", "2022-01-01", "扫描件", opener
    )
    out = _NoSeek()
    evidence_package("文登区", "2022", [big], out)  # type: ignore[arg-type]
    assert len(sources) == 1 and sources[0].reads >= 4
    assert verify_package(io.BytesIO(bytes(out.buffer))) == []


def test_a_file_that_no_longer_matches_its_record_is_refused():
    bad = _file(17, "17-计量", "证书.pdf", b"changed on disk", sha256="0" * 64)
    with pytest.raises(PackageError) as e:
        _package([bad])
    assert "证书.pdf" in e.value.problems[0]


def test_indicator_folder_and_safe_names():
    f = shandong()
    assert indicator_folder(f, 17) == "17-计量"
    assert indicator_folder(f, 4) == "4-质量文化"
    assert indicator_folder(f, 99) == "99"
    assert safe_name("a/b\\c\x00d.pdf") == "a_b_c_d.pdf"
    assert safe_name("  ..  ") == "文件"
    assert safe_name("CON.txt") == "_CON.txt"
    assert safe_name("长" * 300 + ".pdf") == "长" * 120 + ".pdf"


def test_same_names_ignoring_case_are_deduped():
    files = [
        _file(9, "9-组织保障", "Scan.PDF", b"1"),
        _file(9, "9-组织保障", "scan.pdf", b"2"),
        _file(9, "other name ignored", "scan.pdf", b"3"),
    ]
    names = zipfile.ZipFile(io.BytesIO(_package(files))).namelist()[:3]
    assert names == ["9-组织保障/Scan.PDF", "9-组织保障/scan (2).pdf", "9-组织保障/scan (3).pdf"]
