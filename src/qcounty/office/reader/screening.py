"""Screen an uploaded file before openpyxl sees it: size, zip structure, DTDs, macros."""

from __future__ import annotations

from io import BytesIO

from qcounty.office import zipcheck

MAX_BYTES = 20 * 1024 * 1024


# the zip's members together as they really inflate, their ratio to the file and their count
ZIP_LIMITS = zipcheck.Limits(members=10_000, uncompressed=200 * 1024 * 1024, ratio=100)


NOT_XLSX = "不是 Excel（.xlsx）文件，请上传从本系统下载并填写的 .xlsx 模板。"


_UNSAFE = {  # why zipcheck refused, as the clerk reads it
    zipcheck.Problem.TOO_MANY_MEMBERS: "文件结构异常（包含的部件过多），已拒绝读取。",
    zipcheck.Problem.BOMB: "文件解压后异常庞大（疑似“压缩炸弹”），已拒绝读取。",
    zipcheck.Problem.ENCRYPTED: "文件已加密，请取消密码后再上传。",
    zipcheck.Problem.UNSAFE_NAME: "文件结构异常（部件名称含有路径），已拒绝读取。",
    zipcheck.Problem.DTD: "文件含有不安全的内容（XML 文档类型声明），已拒绝读取。",
    zipcheck.Problem.MACROS: "文件含有宏，已拒绝读取。请使用本系统的模板（.xlsx），不要另存为启用宏的文件。",
}


def screen(data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """Return why a file is refused before it is parsed ("" when it may be parsed)."""
    if len(data) > max_bytes:
        return (
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），"
            f"上限为 {max_bytes / 1024 / 1024:g} MB。请上传填报模板本身，不要在其中插入图片等内容。"
        )
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            return (
                "不是 .xlsx 文件：这是旧版 Excel（.xls）文件或设置了密码的文件。"
                "请在 Excel 或 WPS 中“另存为” .xlsx 格式（不设密码）后再上传。"
            )
        return NOT_XLSX
    if data[30:38] == b"mimetype" and b"opendocument" in data[38:120]:
        # OpenDocument's signature: its first member, stored, is "mimetype"
        return (
            "不是 .xlsx 文件：这是 OpenDocument（.ods 等）文件。"
            "请在 LibreOffice 或 WPS 中“另存为” Excel 2007-365（.xlsx）格式后再上传。"
        )
    try:
        names = zipcheck.check_office_zip(BytesIO(data), ZIP_LIMITS)
    except zipcheck.UnsafeZip as e:
        return _UNSAFE.get(e.problem, NOT_XLSX)
    if not any(n.startswith("xl/") for n in names):
        return NOT_XLSX
    return ""
