"""The template's layout: sheets, columns, rows, styles, meta fields, record sheets' names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from qcounty.core.framework.inputs import (
    RecordsInput,
)
from qcounty.core.framework.model import Framework
from qcounty.core.wording import wording
from qcounty.office.words import coordinator

FORMAT = "qcounty-template/1"


MAIN_SHEET = "填报"


META_SHEET = "_meta"


LISTS_SHEET = "_lists"


OPTION_SEP = "#"  # "i03.activities#quality_month": the row of one option


YES, NO = "是", "否"


RECORDS_YES = "有（逐条填写在对应工作表中）"


RECORDS_NO = "无"


# the main sheet's columns, left to right; the reader finds them by these header texts
HEADERS = ("序号", "指标表述", "填报项", "填报内容", "单位", "评价标准", "字段代码（请勿修改）")


VALUE_HEADER = HEADERS[3]


KEY_HEADER = HEADERS[6]


COL_NUMBER, COL_STATEMENT, COL_ITEM, COL_VALUE, COL_UNIT, COL_STANDARD, COL_KEY = range(1, 8)


WIDTHS = (8, 46, 36, 26, 9, 56, 30)


RECORD_HEADER_ROW = 3  # field labels


RECORD_KEY_ROW = 4  # hidden: the list's key in column A, the field keys after it


RECORD_FIRST_ROW = 5


RECORD_SPARE_ROWS = 200  # empty, unlocked rows with drop-downs below the written records


RECORD_VALIDATED_ROWS = 2000  # drop-downs and checks reach this far below the header


DATE_FORMAT = "yyyy-mm-dd"


READ_ONLY_NOTE = (
    "所在部分已提交或已接收，在此修改不会导入；"
    "如需修改，请联系县（市、区）质量强县工作办公室退回该部分。"
)


def read_only_note(framework: Framework) -> str:
    """Return why a grey cell cannot be changed, naming the scheme's coordinator."""
    office = coordinator(wording(framework))
    return f"所在部分已提交或已接收，在此修改不会导入；如需修改，请联系{office}退回该部分。"


MAX_COLUMN = 16_384  # XFD, a sheet's last column


_THIN = Side(style="thin", color="999999")


_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


_WRAP = Alignment(wrap_text=True, vertical="top")


_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")


_HEADER_FONT = Font(bold=True, color="FFFFFF")


_SECTION_FILL = PatternFill("solid", fgColor="DDEBF7")


_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


_READ_ONLY_FILL = PatternFill("solid", fgColor="D9D9D9")


_NOTE_FONT = Font(color="595959")


_UNLOCKED = Protection(locked=False)


_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\']")


@dataclass
class TemplateMeta:
    framework_id: str
    framework_version: str
    campaign: str
    evaluation_year: int
    county: str
    city: str
    department: str | None  # None: the whole application
    application_id: int | None
    generated_at: str  # ISO timestamp


META_FIELDS = (
    "framework_id",
    "framework_version",
    "campaign",
    "evaluation_year",
    "county",
    "city",
    "department",
    "application_id",
    "generated_at",
)


def option_key(key: str, option_id: str) -> str:
    """Return the hidden key of one option's row."""
    return f"{key}{OPTION_SEP}{option_id}"


def safe_text(cell: Cell, text: str) -> None:
    """Write text as text: a leading = + - @ never makes it a formula."""
    text = _printable(text)
    cell.value = text
    if text[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"
        cell.quotePrefix = True


def _print_setup(ws: Worksheet, header_row: int) -> None:
    """Print landscape, as wide as the page, repeating the header row on every page."""
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _cell(ws: Worksheet, row: int, column: int) -> Cell:
    cell = ws.cell(row, column)
    assert isinstance(cell, Cell), "write a merged range's top-left cell only"
    return cell


def _printable(text: str) -> str:
    # openpyxl refuses control characters; the core never accepts them in values anyway
    return "".join(ch for ch in text if ord(ch) >= 32 or ch in "\t\n\r")


def record_sheet_names(framework: Framework, keys: set[str] | None) -> dict[str, str]:
    """Return the sheet name of each record list in the template (≤ 31 characters, unique)."""
    taken = {MAIN_SHEET, META_SHEET, LISTS_SHEET}
    out: dict[str, str] = {}
    for spec in framework.inputs():
        if not isinstance(spec, RecordsInput) or (keys is not None and spec.key not in keys):
            continue
        base = _SHEET_NAME_BAD.sub("", spec.label).strip() or spec.key
        name = base[:31]
        n = 2
        while name.lower() in {t.lower() for t in taken}:
            suffix = f"（{n}）"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        taken.add(name)
        out[spec.key] = name
    return out
