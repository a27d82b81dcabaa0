"""Genuine and hostile files for the upload checks, each built here from nothing."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import openpyxl
from PIL import Image

# --- genuine files -------------------------------------------------------------------------


def pdf(text: str = "qcounty") -> bytes:
    """Return a small, valid one-page PDF (its xref offsets computed, as pypdf expects)."""
    stream = f"% {text}\n0 0 m 200 100 l S".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    return pdf_of(objects)


def pdf_of(objects: list[bytes]) -> bytes:
    """Return a PDF of these objects (numbered from 1, the first is the catalog)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_with_object_stream(catalog: bytes = b"<< /Type /Catalog /Pages 2 0 R >>") -> bytes:
    """Return a PDF 1.5 whose objects sit in an object stream, found through an xref stream.

    Word's "save as PDF" writes this way; the catalog is compressed away from a byte scan.
    """
    inner = [
        catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
    ]
    body, offsets = b"", []
    for obj in inner:
        offsets.append(len(body))
        body += obj + b"\n"
    header = b" ".join(b"%d %d" % (n, o) for n, o in enumerate(offsets, start=1)) + b"\n"
    stream = zlib.compress(header + body)
    out = bytearray(b"%PDF-1.5\n")
    objstm_at = len(out)
    out += b"4 0 obj\n<< /Type /ObjStm /N 3 /First %d /Filter /FlateDecode /Length %d >>\n" % (
        len(header),
        len(stream),
    )
    out += b"stream\n" + stream + b"\nendstream\nendobj\n"
    xref_at = len(out)
    rows = [(0, 0, 0xFFFF), (2, 4, 0), (2, 4, 1), (2, 4, 2), (1, objstm_at, 0), (1, xref_at, 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\n" % len(table)
    out += b"stream\n" + table + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def word_docx(text: str = "注册计量师名单") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def excel_xlsx(value: object = 7) -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "注册计量师数量"
    wb.active["B1"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def png(size: tuple[int, int] = (64, 48), color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg(size: tuple[int, int] = (64, 48), color: str = "blue") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def compound_file(stream_name: str, stream: bytes) -> bytes:
    """Return an OLE2 compound file holding one stream (≥ 4096 bytes, so no mini stream)."""
    sector = 512
    assert len(stream) >= 4096
    data_sectors = -(-len(stream) // sector)
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    # sector 0: the FAT, sector 1: the directory, sectors 2…: the stream
    fat = [fat_sector, end] + [3 + i for i in range(data_sectors - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108  # the DIFAT: FAT in sector 0

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)  # kind: 5 root, 2 stream; black
            + struct.pack("<III", free, free, child)
            + bytes(16 + 4 + 16)  # class id, state bits, times
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1, end, 0) + entry(stream_name, 2, free, 2, len(stream))
    directory = directory.ljust(sector, b"\x00")
    body = stream.ljust(data_sectors * sector, b"\x00")
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + body


def word_doc() -> bytes:
    """Return a compound file with a WordDocument stream starting with Word's FIB magic."""
    return compound_file("WordDocument", b"\xec\xa5\xc1\x00" + bytes(4096))


# --- hostile files -------------------------------------------------------------------------


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, body in members.items():
            zf.writestr(zipfile.ZipInfo(name), body, compress_type=compression)
    return out.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_bomb_docx(inflated: int = 1024**3) -> bytes:
    """Return a genuine .docx plus a member of zeros that inflates to `inflated` bytes (~1 MB)."""
    members = members_of(word_docx())
    piece = 16 * 1024 * 1024
    assert inflated % piece == 0
    # one deflate block of 16 MiB of zeros, byte-aligned and self-contained (a full flush), so
    # it can be repeated: compressing a whole gibibyte would cost seconds
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(piece)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    zeros = bytes(piece)
    for _ in range(inflated // piece):
        crc = zlib.crc32(zeros, crc)
    raw = block * (inflated // piece) + b"\x03\x00"  # a final, empty fixed-Huffman block
    return _append_raw_member(zip_of(members), "word/media/image1.bin", raw, crc, inflated)


def _append_raw_member(archive: bytes, name: str, raw: bytes, crc: int, size: int) -> bytes:
    """Return the archive with one more deflated member written from its raw deflate data."""
    end = archive.rindex(b"PK\x05\x06")
    count, cd_size, cd_offset = struct.unpack("<HII", archive[end + 10 : end + 20])
    entries, central = archive[:cd_offset], archive[cd_offset : cd_offset + cd_size]
    encoded = name.encode()
    local_offset = len(entries)
    fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(raw), size)
    local = b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded
    central += (
        b"PK\x01\x02"
        + struct.pack("<H", 20)
        + fields
        + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, local_offset)
        + encoded
    )
    entries += local + raw
    n = count + 1
    record = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, n, n, len(central), len(entries), 0)
    return entries + central + record


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)


def billion_laughs_xlsx(padding: int = 0, encoding: str = "utf-8") -> bytes:
    """Return a genuine .xlsx whose shared strings declare the billion laughs.

    `padding` puts a comment of that many bytes before the DTD, past any scan of the head only.
    """
    members = members_of(excel_xlsx("计量"))
    comment = b"<!--" + b"x" * padding + b"-->" if padding else b""
    text = LAUGHS.replace(b"?>\n", b"?>\n" + comment, 1) + b"<sst><si><t>&lol9;</t></si></sst>"
    if encoding != "utf-8":
        text = text.replace(b'version="1.0"', b'version="1.0" encoding="UTF-16"')
        text = text.decode().encode(encoding)
    members["xl/sharedStrings.xml"] = text
    return zip_of(members)


def docx_with_member(name: str) -> bytes:
    """Return a genuine .docx with one more member of this name (`../evil.txt` …)."""
    members = members_of(word_docx())
    members[name] = b"not in the document"
    return zip_of(members)


HTML_BEHIND_PNG_HEADER = (
    b"\x89PNG\r\n\x1a\n" + b"<html><body><script>alert(1)</script></body></html>"
)
PHP = b"<?php system($_GET['c']); ?>"


def jpeg_with_php() -> bytes:
    return jpeg() + PHP


def png_with_php() -> bytes:
    return png() + PHP


# the OLE2 signature and the name of Word's stream, with no compound file structure at all
FAKE_OLE2_DOC = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    + bytes(1024)
    + "WordDocument".encode("utf-16-le")
    + bytes(2048)
)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_pixel_bomb(side: int = 10_000) -> bytes:
    """Return a 1-bit PNG of side × side pixels (100 million): a few kilobytes on disk."""
    row = b"\x00" + bytes(-(-side // 8))
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def pdf_with_javascript() -> bytes:
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
        ]
    )


def pdf_with_launch() -> bytes:
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
            b"<< /S /Launch /F (cmd.exe) >>",
        ]
    )


def pdf_with_xfa_form() -> bytes:
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 4 0 R >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
            b"<< /Length 7 >>\nstream\n<xdp/>\n\nendstream",
        ]
    )


def pdf_without_pages() -> bytes:
    return pdf_of([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


NOT_A_PDF = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n"
