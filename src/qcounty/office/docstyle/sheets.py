"""The small Excel helpers the office writers share: text cells, A4 printing, row heights."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from qcounty.office.docstyle.standard import HEADING_FONT
from qcounty.office.docstyle.text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@")


def put(ws: Any, row: int, col: int, value: Any, *, number_format: str | None = None) -> Any:
    """Write a value to a worksheet cell as data, never as a formula; return the cell.

    openpyxl would store a string that starts with "=" as a formula: the cell is forced to a
    string (data_type "s"), and text that a spreadsheet could read as a formula ("=", "+",
    "-", "@") gets the quote prefix so that editing it keeps it text.
    """
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = clean_text(value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def active_sheet(wb: Workbook) -> Worksheet:
    """Return the workbook's active worksheet (a new workbook has one)."""
    ws = wb.active
    if not isinstance(ws, Worksheet):  # pragma: no cover - openpyxl's new workbook
        raise TypeError("the active sheet is not a worksheet")
    return ws


def a4_print(ws: Any, *, landscape: bool, title_rows: str | None = None) -> None:
    """Set A4 paper, orientation, fit to one page wide, margins, page numbers, print area.

    Call it once the sheet is written: the print area is the sheet's used range.
    """
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_area = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"  # the table, no more


def print_titled(ws: Any, title: str, *, landscape: bool) -> None:
    """Put a title row above a sheet's header row (row 1) and set it up to print.

    The title goes in a new row 1, merged across the table; the header (now row 2) repeats on
    every page, the print area is the table, A4 one page wide; the panes and the filter follow.
    """
    columns = ws.max_column
    last = get_column_letter(columns)
    ws.insert_rows(1)
    cell = put(ws, 1, 1, title)
    cell.font = Font(name=HEADING_FONT, size=14, bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    ws.row_dimensions[1].height = 28
    for header in ws[2]:
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "A3"
    if ws.auto_filter.ref:
        ws.auto_filter.ref = f"A2:{last}{ws.max_row}"
    a4_print(ws, landscape=landscape, title_rows="2:2")
    ws.print_area = f"A1:{last}{ws.max_row}"


def row_height(texts: Iterable[tuple[str, float]], *, points: float = 10.5) -> float:
    """Estimate the height (pt) a row needs for wrapped texts in columns of the given widths.

    Excel does not fit a row to wrapped text on opening, so the writers set heights: a CJK
    character takes about two width units, a Latin character one.
    """
    most = 1
    for text, width in texts:
        lines = 0
        for line in str(text).split("\n"):
            units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in line)
            lines += max(1, -(-units // max(1, int(width - 1))))
        most = max(most, lines)
    return round(most * points * 1.35 + 4, 1)
