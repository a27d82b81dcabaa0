"""Write the filled-in form as Word and as Excel."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from qcounty.core.framework.model import Framework
from qcounty.office import docstyle
from qcounty.office.annex2.form import annex2_rows
from qcounty.office.annex2.items import Row, has_form
from qcounty.office.docstyle import put

LABEL = "附件2"


HEADER = ["一级指标", "二级指标", "指标表述", "填报内容"]


DOCX_WIDTHS = [2.0, 2.2, 5.3, 6.1]  # cm; 15.6 cm between the GB/T 9704 margins


XLSX_WIDTHS = [10, 10, 34, 46]


def annex2_docx(
    framework: Framework, county: str, city: str, year: int, values: dict[str, Any]
) -> bytes:
    """Return Annex 2 filled in for the county, as a .docx (A4, GB/T 9704 formatting)."""
    rows = annex2_rows(framework, county, city, year, values)
    document = docstyle.new_document(
        form_title(framework, county, city), label=form_label(framework)
    )
    table = docstyle.add_table(document, DOCX_WIDTHS, HEADER)
    start = 1
    for row in rows:
        cells = docstyle.add_row(table, DOCX_WIDTHS)
        if row.gate:
            merged = cells[0].merge(cells[1])
            docstyle.set_cell(merged, [row.first], align="center")
        else:
            docstyle.set_cell(cells[0], [row.first], align="center")
            docstyle.set_cell(cells[1], [row.second], align="center")
        docstyle.set_cell(cells[2], [row.statement], align="justify")
        docstyle.set_cell(cells[3], row.lines, align="left")
    # merge the level cells down over their rows (the first row of a run keeps the text)
    grid = docstyle.cell_grid(table)
    for col, key in ((0, lambda r: (r.first,)), (1, lambda r: (r.first, r.second))):
        for first, last in _runs(rows, key):
            if not rows[first].gate:
                _clear_below(grid, col, start + first, start + last)
                docstyle.merge_block(grid, start + first, col, start + last, col)
    return docstyle.to_bytes(document)


def annex2_xlsx(
    framework: Framework, county: str, city: str, year: int, values: dict[str, Any]
) -> bytes:
    """Return Annex 2 filled in for the county, as an .xlsx (A4 portrait, wrapped text)."""
    rows = annex2_rows(framework, county, city, year, values)
    wb = openpyxl.Workbook()
    ws = docstyle.active_sheet(wb)
    label = form_label(framework)
    ws.title = label or "重要指标"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = Font(name="宋体", size=10.5)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    if label:
        put(ws, 1, 1, label).font = Font(name="黑体", size=14)
    title = form_title(framework, county, city)
    put(ws, 2, 1, title).font = Font(name="黑体", size=16)
    ws.cell(2, 1).alignment = centre
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4)
    ws.row_dimensions[2].height = 48
    for col, (text, width) in enumerate(zip(HEADER, XLSX_WIDTHS, strict=True), start=1):
        cell = put(ws, 3, col, text)
        cell.font, cell.alignment, cell.border = Font(name="黑体", size=10.5), centre, border
        ws.column_dimensions[get_column_letter(col)].width = width
    start = 4
    for n, row in enumerate(rows):
        r = start + n
        texts = [row.first, row.second, row.statement, "\n".join(row.lines)]
        for col, text in enumerate(texts, start=1):
            cell = put(ws, r, col, text)
            cell.font, cell.border = body, border
            cell.alignment = centre if col <= 2 else wrap
        ws.row_dimensions[r].height = docstyle.row_height(
            [(texts[2], XLSX_WIDTHS[2]), (texts[3], XLSX_WIDTHS[3])]
        )
        if row.gate:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    for col, key in ((1, lambda r: (r.first,)), (2, lambda r: (r.first, r.second))):
        for first, last in _runs(rows, key):
            if last > first and not rows[first].gate:
                ws.merge_cells(
                    start_row=start + first, start_column=col, end_row=start + last, end_column=col
                )
    ws.freeze_panes = "A4"
    docstyle.a4_print(ws, landscape=False, title_rows="3:3")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def form_title(framework: Framework, county: str, city: str = "") -> str:
    """Return the seed's title, "{county}创建山东省质量强县（市、区）重要指标" (no city), or
    "{unit}《{scheme}》重要指标" for a scheme without a printed form."""
    name = framework.name
    suffix = "创建评价指标体系"
    if name.endswith(suffix):
        return f"{county}创建{name[: -len(suffix)]}\n重要指标"
    return f"{county}\n《{name}》重要指标"


def form_label(framework: Framework) -> str:
    """Return the form's label: "附件2" for the seed's form; a generic form has none."""
    return LABEL if has_form(framework.id) else ""


def _runs(rows: list[Row], key: Any) -> list[tuple[int, int]]:
    """Return (first, last) index pairs of consecutive rows with the same key."""
    out: list[tuple[int, int]] = []
    start = 0
    for n in range(1, len(rows) + 1):
        if n == len(rows) or key(rows[n]) != key(rows[start]) or rows[n].gate:
            out.append((start, n - 1))
            start = n
    return out


def _clear_below(grid: docstyle.Grid, col: int, first: int, last: int) -> None:
    """Empty the cells under the first of a run so the merge keeps only its text."""
    for r in range(first + 1, last + 1):
        cell = grid[r][col]
        for p in cell.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        for run in list(cell.paragraphs[0].runs):
            run._r.getparent().remove(run._r)
