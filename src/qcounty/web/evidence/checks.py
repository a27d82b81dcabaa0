"""What an uploaded file is, decided by its content, never by its name."""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from typing import IO

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from qcounty.web.evidence.models import Evidence

Kind = Evidence.Kind
CONTENT_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.PNG: "image/png",
    Kind.JPEG: "image/jpeg",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.DOC: "application/msword",
    Kind.XLS: "application/vnd.ms-excel",
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
    """Return the kind of file by its content, or refuse it."""
    f.seek(0)
    head = f.read(8)
    f.seek(0)
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_zip(f)
    if head.startswith(OLE2):
        return _ole2(f)
    raise Refused(
        _("只接受 PDF、图片（PNG、JPEG）、Word、Excel 文件；该文件的内容不是其中任何一种")
    )


def _office_zip(f: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(f) as z:
            names = set(z.namelist())  # the directory only: nothing is decompressed
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(_("文件已损坏：看起来是 Word/Excel 文件，但无法打开")) from None
    finally:
        f.seek(0)
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return Kind.DOCX
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return Kind.XLSX
    raise Refused(_("只接受 Word（.docx）和 Excel（.xlsx）格式的压缩文档；该文件是其他压缩包"))


def _ole2(f: IO[bytes]) -> str:
    data = f.read(1024 * 1024)
    f.seek(0)
    if "WordDocument".encode("utf-16-le") in data:
        return Kind.DOC
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return Kind.XLS
    raise Refused(_("只接受 Word 和 Excel 格式的旧版文档；该文件是其他 Office 文件"))


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
