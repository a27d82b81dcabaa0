"""What an uploaded file is, decided by its content, never by its name."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from typing import IO

import olefile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from qcounty.office import zipcheck
from qcounty.web.evidence.models import Evidence

Kind = Evidence.Kind
CONTENT_TYPES: dict[str, str] = {  # by Evidence.Kind
    Kind.PDF: "application/pdf",
    Kind.PNG: "image/png",
    Kind.JPEG: "image/jpeg",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.DOC: "application/msword",
    Kind.XLS: "application/vnd.ms-excel",
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# an inflated .docx/.xlsx: a real one with pictures stays well below both
ZIP_LIMITS = zipcheck.Limits(members=10_000, uncompressed=100 * 1024 * 1024, ratio=100)
# a 600 dpi scan of an A4 page is 35 million pixels; decoding 50 million costs up to 200 MB
MAX_PIXELS = 50_000_000
MAX_PDF_OBJECTS = 200_000
MAX_PDF_NESTING = 64
# what runs code in a PDF viewer: JavaScript, XFA forms (scripted XML), Flash; with /S, actions
_PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/XFA", "/RichMedia"}
# markup or script in a picture: a polyglot that a browser or a PHP server would run
_SCRIPT = re.compile(
    rb"<\?php|<script|<html|<iframe|<svg|<!doctype\s+html|<body|<object|<embed|javascript:",
    re.IGNORECASE,
)
# another file appended after the picture's end (a phone's motion-photo video is allowed)
_APPENDED_FILE = re.compile(
    rb"PK\x03\x04|%PDF-|\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1|MZ\x90\x00|\x7fELF"
)
_WORD_FIB = {b"\xec\xa5", b"\xdc\xa5"}  # wIdent of Word 97–2003 and Word 6/95
_EXCEL_BOF = {b"\x09\x08", b"\x09\x04", b"\x09\x02", b"\x09\x00"}  # BIFF8, 4, 3, 2


class Refused(ValueError):
    """An upload that is not stored, with the reason in Chinese."""


def check_name(name: str) -> str:
    """Return the file name to show, or refuse one that tries to be a path or hides characters."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise Refused(_("文件没有名称"))
    if len(name) > 200:
        raise Refused(_("文件名过长（最多 200 个字符）"))
    if "/" in name or "\\" in name or name.strip(".") == "":
        raise Refused(_("文件名不能包含路径（/ 或 \\），也不能只由点组成"))
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        raise Refused(_("文件名包含控制字符"))
    return name


def sniff(f: IO[bytes]) -> str:
    """Return the kind of file by its content, checked in depth, or refuse it."""
    f.seek(0)
    head = f.read(8)
    f.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return _pdf(f)
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return _image(f, Kind.PNG)
        if head.startswith(b"\xff\xd8\xff"):
            return _image(f, Kind.JPEG)
        if head.startswith(b"PK\x03\x04"):
            return _office_zip(f)
        if head.startswith(OLE2):
            return _ole2(f)
    finally:
        f.seek(0)
    raise Refused(
        _("只接受 PDF、图片（PNG、JPEG）、Word、Excel 文件；该文件的内容不是其中任何一种")
    )


def _office_zip(f: IO[bytes]) -> str:
    try:
        names = zipcheck.check_office_zip(f, ZIP_LIMITS)
    except zipcheck.UnsafeZip as e:
        raise Refused(_zip_refusal(e.problem)) from None
    if "word/document.xml" in names:
        return Kind.DOCX
    if "xl/workbook.xml" in names:
        return Kind.XLSX
    raise Refused(_("只接受 Word（.docx）和 Excel（.xlsx）格式的压缩文档；该文件是其他压缩包"))


def _zip_refusal(problem: zipcheck.Problem) -> str:
    Problem = zipcheck.Problem
    if problem is Problem.NOT_OFFICE:
        return _("只接受 Word（.docx）和 Excel（.xlsx）格式的压缩文档；该文件是其他压缩包")
    if problem is Problem.BOMB:
        return _("文件解压后异常庞大（疑似“压缩炸弹”）")
    if problem is Problem.TOO_MANY_MEMBERS:
        return _("文件结构异常（包含的部件过多）")
    if problem is Problem.UNSAFE_NAME:
        return _("文件结构异常（内部的部件名称含有路径，如 ../ 或 \\）")
    if problem is Problem.DTD:
        return _("文件含有不安全的内容（XML 文档类型或实体声明）")
    if problem is Problem.ENCRYPTED:
        return _("文件已加密，请取消密码后再上传")
    if problem is Problem.MACROS:
        return _("文件含有宏，请另存为不含宏的 .docx 或 .xlsx 后再上传")
    return _("文件已损坏：看起来是 Word/Excel 文件，但无法打开")


def _image(f: IO[bytes], kind: str) -> str:
    """Decode the whole picture (Pillow) and refuse what hides behind or inside it."""
    data = f.read()
    end = _png_end(data) if kind == Kind.PNG else _jpeg_end(data)
    fmt = "PNG" if kind == Kind.PNG else "JPEG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as im:
                if im.width * im.height > MAX_PIXELS:
                    raise Image.DecompressionBombError
                im.verify()  # the structure and, for a PNG, every chunk's checksum
            with Image.open(io.BytesIO(data), formats=[fmt]) as im:
                if kind == Kind.JPEG:  # every scan is decoded at 1/8 scale: 1/64 of the memory
                    im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
                im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused(
            _("图片像素过多（最多 {most} 万像素）").format(most=MAX_PIXELS // 10_000)
        ) from None
    except Exception:  # Pillow fails in many ways on a damaged or disguised file
        raise Refused(_damaged_image(kind)) from None
    if _SCRIPT.search(data):
        raise Refused(_("图片中夹带了网页或脚本代码"))
    if _APPENDED_FILE.search(data, end):
        raise Refused(_("图片末尾附加了其他文件"))
    return kind


def _damaged_image(kind: str) -> str:
    if kind == Kind.PNG:
        return _("文件已损坏：看起来是 PNG 图片，但无法解码")
    return _("文件已损坏：看起来是 JPEG 图片，但无法解码")


def _png_end(data: bytes) -> int:
    """Return the offset just after the IEND chunk."""
    pos = 8
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        chunk_type = data[pos + 4 : pos + 8]
        pos += 12 + length
        if chunk_type == b"IEND" and pos <= len(data):
            return pos
    raise Refused(_damaged_image(Kind.PNG))


def _jpeg_end(data: bytes) -> int:
    """Return the offset just after the EOI marker, walking segments and entropy-coded data."""
    n, pos = len(data), 2
    while pos < n and data[pos] == 0xFF:
        while pos < n and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= n:
            break
        code = data[pos]
        pos += 1
        if code == 0xD9:  # EOI
            return pos
        if code == 0x01 or 0xD0 <= code <= 0xD7:  # markers without a segment
            continue
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2:
            break
        pos += length
        if code == 0xDA:  # after SOS, scan data until a marker that is neither stuffing nor RST
            while (i := data.find(b"\xff", pos)) >= 0 and i + 1 < n:
                following = data[i + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    pos = i + 2
                    continue
                pos = i
                break
            else:
                break
    raise Refused(_damaged_image(Kind.JPEG))


def _pdf(f: IO[bytes]) -> str:
    """Open the PDF (pypdf), count its pages and refuse scripts and launch actions."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(f, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise Refused(_("PDF 文件已加密，请取消密码后再上传"))
            pages = len(reader.pages)
            active = _pdf_active_content(reader)
    except Refused:
        raise
    except Exception:  # pypdf fails in many ways on a damaged or hostile file
        raise Refused(_("文件已损坏：看起来是 PDF 文件，但无法打开")) from None
    if pages == 0:
        raise Refused(_("PDF 文件没有任何页面"))
    if active:
        raise Refused(_("PDF 文件含有脚本或启动程序的动作，请打印为普通 PDF 后再上传"))
    return Kind.PDF


def _pdf_active_content(reader: PdfReader) -> bool:
    """Return whether any object of the PDF holds a script or a launch action."""
    ids = [(num, gen) for gen, nums in reader.xref.items() for num in nums]
    ids += [(num, 0) for num in reader.xref_objStm]
    if len(ids) > MAX_PDF_OBJECTS:
        raise Refused(_("PDF 文件结构异常（对象过多）"))
    return any(_active(reader.get_object(IndirectObject(num, gen, reader)), 0) for num, gen in ids)


def _active(obj: object, depth: int) -> bool:
    if depth > MAX_PDF_NESTING:
        raise Refused(_("PDF 文件结构异常（嵌套过深）"))
    if isinstance(obj, DictionaryObject):  # streams too: their dictionary
        for key, value in dict.items(obj):  # raw values: references are visited as objects
            if key in _PDF_ACTIVE_KEYS:
                return True
            if key == "/S" and value in ("/JavaScript", "/Launch"):
                return True
            if _active(value, depth + 1):
                return True
    elif isinstance(obj, ArrayObject):
        return any(_active(value, depth + 1) for value in obj)
    return False


def _ole2(f: IO[bytes]) -> str:
    """Parse the compound file (olefile) and check the Word or Excel stream inside."""
    try:
        # fatal defects only (olefile's default): files saved by WPS and other programs carry
        # harmless irregularities; the stream's own signature is checked below
        with olefile.OleFileIO(f) as ole:
            entries = {"/".join(path) for path in ole.listdir(streams=True, storages=True)}
            if "Macros" in entries or "_VBA_PROJECT_CUR" in entries:
                raise Refused(_("文件含有宏，请另存为不含宏的文件后再上传"))
            if ole.exists("WordDocument"):
                kind, magic, stream = Kind.DOC, _WORD_FIB, "WordDocument"
            elif ole.exists("Workbook") or ole.exists("Book"):
                stream = "Workbook" if ole.exists("Workbook") else "Book"
                kind, magic = Kind.XLS, _EXCEL_BOF
            else:
                raise Refused(_("只接受 Word 和 Excel 格式的旧版文档；该文件是其他 Office 文件"))
            with ole.openstream(stream) as s:
                head = s.read(2)
    except Refused:
        raise
    except Exception:  # olefile fails in many ways on a damaged or fake compound file
        raise Refused(_("文件已损坏：看起来是旧版 Word/Excel 文件，但其结构无法解析")) from None
    if head not in magic:
        raise Refused(_("文件已损坏：看起来是旧版 Word/Excel 文件，但其内容无法识别"))
    return kind


def sha256_of(upload: UploadedFile[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
