"""Tables of a GB/T 9704 document: rows, cells formatted from cached templates, merged blocks."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from qcounty.office.docstyle.ooxml import (
    _PPR_ORDER,
    _TBL_PR_ORDER,
    _borders,
    _cell_margins,
    _schema_order,
)
from qcounty.office.docstyle.standard import _ALIGN, BODY_FONT, HEADING_FONT, TABLE_SIZE
from qcounty.office.docstyle.text import add_run, clean_text, keep_together


def add_table(
    document: Any, widths_cm: list[float], header: list[str], *, size: float = TABLE_SIZE
) -> Table:
    """Add a bordered table with fixed column widths and a header row repeated on every page."""
    table: Table = document.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed: the widths below hold
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(int(sum(widths_cm) * 567)))
    total.set(qn("w:type"), "dxa")
    tbl_pr.append(total)
    _borders(tbl_pr)
    _cell_margins(tbl_pr, 0.1)
    _schema_order(tbl_pr, _TBL_PR_ORDER)
    for col, w in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(w)
    row = table.rows[0]
    tr_pr = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    no_split = OxmlElement("w:cantSplit")
    tr_pr.append(no_split)
    for cell, text, w in zip(row.cells, header, widths_cm, strict=True):
        cell.width = Cm(w)
        set_cell(cell, text.split("\n"), size=size, font=HEADING_FONT, align="center")
    return table


def add_row(table: Table, widths_cm: list[float], *, split: bool = False) -> list[_Cell]:
    """Add a row whose cells have the table's widths; return its cells.

    A row does not break across pages unless `split` (for tables of tall, merged rows, where
    LibreOffice would otherwise move whole merged blocks and leave pages half empty).
    """
    columns = len(table._tbl.tblGrid.gridCol_lst)
    if len(widths_cm) != columns:
        raise ValueError(f"{len(widths_cm)} widths for a table of {columns} columns")
    tr = table._tbl.add_tr()
    # a row never breaks across pages: its lines (a number and its unit, ☑ and its label)
    # stay on one page with the row's other cells
    if not split:
        tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cells = []
    for w in widths_cm:
        tc = tr.add_tc()
        tc.width = Cm(w)
        cells.append(_Cell(tc, table))
    return cells


def set_cell(
    cell: _Cell,
    lines: Iterable[str],
    *,
    size: float = TABLE_SIZE,
    font: str = BODY_FONT,
    bold: bool = False,
    align: str = "left",
) -> None:
    """Write lines into a cell, one paragraph each (single spacing, vertically centred)."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = list(lines) or [""]
    tc = cell._tc
    paragraphs = tc.p_lst
    template = _cell_paragraph(align, font, size, bold)
    for n, line in enumerate(lines):
        if n == 0 and paragraphs and _bare(paragraphs[0]):
            # a new cell's empty paragraph: replaced where it stands
            p = copy.deepcopy(template)
            paragraphs[0].addnext(p)
            tc.remove(paragraphs[0])
        elif n == 0 and paragraphs:  # a paragraph with properties of its own: kept
            _format_cell_paragraph(Paragraph(paragraphs[0], cell), align, font, size, bold, line)
            continue
        else:
            p = copy.deepcopy(template)
            tc._insert_p(p)  # where python-docx's cell.add_paragraph() puts it
        text = keep_together(clean_text(line))
        if text:
            Run(p.r_lst[0], cell).text = text


_templates = threading.local()  # lxml elements are not shared between threads


def _cell_paragraph(align: str, font: str, size: float, bold: bool) -> Any:
    """Return a table paragraph with an empty run, to copy: formatting it took most of a cell.

    Built by `_format_cell_paragraph` itself, so a copy with its text set is the same XML as a
    paragraph formatted one by one.
    """
    cache: dict[tuple[str, str, float, bool], Any] = _templates.__dict__.setdefault("cache", {})
    key = (align, font, size, bold)
    if key not in cache:
        p = OxmlElement("w:p")
        _format_cell_paragraph(Paragraph(p, None), align, font, size, bold, "")  # type: ignore[arg-type]
        cache[key] = p
    return cache[key]


def _bare(p: Any) -> bool:
    return len(p) == 0 and not p.attrib and not p.text


def _format_cell_paragraph(
    p: Paragraph, align: str, font: str, size: float, bold: bool, line: str
) -> None:
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    fmt = p.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = fmt.space_after = Pt(0)
    # Chinese line-breaking rules: no "，" or "。" at a line's start, no "（" at its end
    kinsoku = OxmlElement("w:kinsoku")
    kinsoku.set(qn("w:val"), "1")
    p._p.get_or_add_pPr().append(kinsoku)
    _schema_order(p._p.get_or_add_pPr(), _PPR_ORDER)
    add_run(p, keep_together(clean_text(line)), font, size, bold=bold)


Grid = list[list[_Cell]]


def cell_grid(table: Table) -> Grid:
    """Return the table's cells by row and grid column, as `table.cell(row, col)` returns them.

    One pass over the table: python-docx's `table.cell` walks every cell of the table on each
    call (for the score sheet's 109 merges, 85 % of the document's time).
    """
    cells = table._cells  # the layout grid, row after row; spans repeat their cell
    width = len(table.columns)
    return [cells[n : n + width] for n in range(0, len(cells), width)]


def merge_block(grid: Grid, first_row: int, first_col: int, last_row: int, last_col: int) -> _Cell:
    """Merge a block of the grid's cells, as `table.cell(...).merge(table.cell(...))` would.

    The grid keeps up: every position of the block then holds the merged cell, which is what
    `table.cell` returns for a position under a merge (the same `w:tc`).
    """
    merged: _Cell = grid[first_row][first_col].merge(grid[last_row][last_col])
    if last_row > first_row:
        # at the top of its block: a block that runs over a page break keeps its text whole
        # on the block's first page instead of centring it across the break
        merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for row in grid[first_row : last_row + 1]:
        row[first_col : last_col + 1] = [merged] * (last_col - first_col + 1)
    return merged
