"""Government formatting shared by the Word writers (and the small Excel helpers they share).

Page and type follow GB/T 9704—2012 (党政机关公文格式) as far as a generated document can:

* A4 (210 mm × 297 mm); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm. A landscape
  page (the score sheet) keeps the side margins and uses 26 mm / 28 mm top and bottom.
* Title: 方正小标宋简体, 二号 (22 pt), centred. Body: 仿宋_GB2312, 三号 (16 pt), exact 29 pt line
  pitch (22 lines a page). Tables: 仿宋_GB2312, 五号 (10.5 pt), single spacing; table headers
  in 黑体. Latin letters and digits use Times New Roman.
* Page numbers: 四号 (14 pt) 宋体 Arabic numerals between one-character dashes ("— 1 —"), a
  PAGE field; odd pages at the right and even pages at the left, each one character in.

Fonts are named, never embedded: the reader's installed fonts apply. Every run names its East
Asian font in ``w:rFonts/@w:eastAsia`` (Word and WPS take CJK glyphs from that attribute, not from
``w:ascii``), and the document's font table gives each named font an alternative (``w:altName``),
the family and the GB2312 character set, which Word uses to substitute a missing font:

=================  ====================  =========================================
named font         alternative           where it is missing
=================  ====================  =========================================
方正小标宋简体      黑体 (SimHei)         Word substitutes 黑体; WPS and LibreOffice
                                         use their default CJK serif/sans font
仿宋_GB2312         仿宋 (FangSong)       Windows 10+ ships only 仿宋; WPS maps the
                                         name itself; LibreOffice uses its CJK
                                         default (e.g. Noto Serif CJK)
黑体                SimHei                —
宋体                SimSun                —
=================  ====================  =========================================

So on a machine without the official fonts the document still opens with CJK text in the
nearest font, and on a government machine (which has them) it looks as the standard asks.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Iterable
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

# named font → (the alternative Word substitutes, its family); see the module docstring
FALLBACKS: dict[str, tuple[str, str]] = {
    TITLE_FONT: ("黑体", "modern"),
    BODY_FONT: ("仿宋", "modern"),
    "仿宋": ("FangSong", "modern"),
    HEADING_FONT: ("SimHei", "modern"),
    PAGE_NUMBER_FONT: ("SimSun", "auto"),
}

TITLE_SIZE = 22.0  # 二号
BODY_SIZE = 16.0  # 三号
TABLE_SIZE = 10.5  # 五号
PAGE_NUMBER_SIZE = 14.0  # 四号
BODY_PITCH = 29.0  # exact line pitch: 22 lines on the 225 mm text height

A4_WIDTH, A4_HEIGHT = Cm(21.0), Cm(29.7)
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}

BOX_YES, BOX_NO = "☑", "□"


# --------------------------------------------------------------------------- document


def new_document(title: str, *, label: str = "") -> Any:
    """Return a new A4 Word document with GB/T 9704 page, fonts, page numbers and the title.

    The title is the first paragraph (方正小标宋简体 二号, centred), after the attachment's
    label ("附件2", 黑体 三号, at the left) when given; add the body after it.
    The return type is python-docx's ``Document``.
    """
    document = docx.Document()
    _remove_thumbnail(document)
    props = document.core_properties
    props.title = clean_text(title)
    props.author = "qcounty"
    props.last_modified_by = "qcounty"
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    _font_table(document)
    _styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
    section.orientation = WD_ORIENT.PORTRAIT
    for side, length in MARGINS.items():
        setattr(section, f"{side}_margin", length)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.5)
    _page_numbers(document)
    if label:
        add_paragraph(
            document, label, font=HEADING_FONT, indent=False
        ).paragraph_format.keep_with_next = True
    add_title(document, title)
    return document


def landscape(document: Any) -> None:
    """Turn every section of the document to A4 landscape (for wide tables).

    GB/T 9704 sets no landscape margins: the sides keep the portrait left and right margins
    (28 mm and 26 mm) so the table gets 243 mm, top 26 mm and bottom 28 mm leave room for the
    page number.
    """
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4_HEIGHT, A4_WIDTH
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
        section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.8)
        section.header_distance, section.footer_distance = Cm(1.2), Cm(1.4)


def text_width(document: Any) -> int:
    """Return the width between the margins of the last section, in EMU."""
    s = document.sections[-1]
    return int(s.page_width - s.left_margin - s.right_margin)


def add_title(document: Any, title: str) -> Paragraph:
    """Add a title paragraph: 方正小标宋简体 二号, centred, lines kept as given."""
    p: Paragraph = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(35)
    fmt.space_before, fmt.space_after = Pt(0), Pt(TITLE_SIZE)
    fmt.first_line_indent = Pt(0)
    fmt.keep_with_next = True  # a title never ends a page
    for n, line in enumerate(title.split("\n")):
        if n:
            add_run(p, "", TITLE_FONT, TITLE_SIZE).add_break()
        add_run(p, line, TITLE_FONT, TITLE_SIZE)
    return p


def add_paragraph(
    document: Any,
    text: str,
    *,
    size: float = BODY_SIZE,
    font: str = BODY_FONT,
    bold: bool = False,
    indent: bool = True,
    align: str = "justify",
) -> Paragraph:
    """Add a body paragraph (仿宋_GB2312 三号, first line indented two characters)."""
    p: Paragraph = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.first_line_indent = Pt(2 * size) if indent else Pt(0)
    if size != BODY_SIZE:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    add_run(p, text, font, size, bold=bold)
    return p


def add_run(paragraph: Paragraph, text: str, font: str, size: float, *, bold: bool = False) -> Any:
    """Add a run with its East Asian font, Latin font and size named in its own properties."""
    run = paragraph.add_run(clean_text(text))
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    set_run_font(run, font)
    return run


def set_run_font(run: Any, font: str) -> None:
    """Name the run's fonts: East Asian `font`, Latin Times New Roman, hint eastAsia."""
    rpr = run._r.get_or_add_rPr()
    _set_fonts(rpr, font)


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# --------------------------------------------------------------------------- tables


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


# --------------------------------------------------------------------------- text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Return text without the control characters XML cannot hold."""
    return _CONTROL.sub("", text)


_BOX_LABEL = re.compile(r"([☑□])(?=\S)")
WORD_JOINER = "\u2060"


def keep_together(text: str) -> str:
    """Return text with a word joiner after each box (☑, □): no line parts a box from its label."""
    return _BOX_LABEL.sub(f"\\1{WORD_JOINER}", text)


def box(checked: bool | None) -> str:
    """Return ☑ for a ticked box, □ otherwise (None: not reported, also □)."""
    return BOX_YES if checked else BOX_NO


def yes_no(value: bool | None) -> str:
    """Return '☑是 □否', '□是 ☑否', or '□是 □否' when not reported."""
    if value is None:
        return f"{BOX_NO}是 {BOX_NO}否"
    return f"{box(value)}是 {box(not value)}否"


# --------------------------------------------------------------------------- Excel helpers

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


# --------------------------------------------------------------------------- internals


def _set_fonts(rpr: Any, font: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:hint"), "eastAsia")


def _styles(document: Any) -> None:
    """Normal: 仿宋_GB2312 三号, exact pitch, zh-CN; header/footer styles name fonts too."""
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    rpr = normal.element.get_or_add_rPr()
    _set_fonts(rpr, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(BODY_PITCH)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False
    # the document defaults as well, for text a reader adds outside the Normal style
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr_default is not None:
            _set_fonts(rpr_default, BODY_FONT)
    for name in ("Header", "Footer"):
        style = document.styles[name]
        _set_fonts(style.element.get_or_add_rPr(), PAGE_NUMBER_FONT)
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _borders(tbl_pr: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), "4")
        e.set(qn("w:space"), "0")
        e.set(qn("w:color"), "000000")
        borders.append(e)
    tbl_pr.append(borders)


_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
_TBL_PR_ORDER = [
    *("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize"),
    *("tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd"),
    *("tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"),
]


def _schema_order(parent: Any, order: list[str]) -> None:
    """Put the children of a properties element in the order the schema requires."""
    rank = {qn(f"w:{tag}"): n for n, tag in enumerate(order)}
    children = sorted(parent, key=lambda e: rank.get(e.tag, len(order)))
    for child in children:
        parent.append(child)  # lxml moves the element: the result is in sorted order


def _cell_margins(tbl_pr: Any, cm: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:w"), str(int(cm * 567)))
        e.set(qn("w:type"), "dxa")
        margins.append(e)
    tbl_pr.append(margins)


def _page_numbers(document: Any) -> None:
    """ "— 1 —" in 四号宋体: odd pages at the right, even pages at the left (GB/T 9704 7.5)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]
        fmt = p.paragraph_format
        fmt.alignment = _ALIGN[align]
        if align == "right":
            fmt.right_indent = Pt(PAGE_NUMBER_SIZE)
        else:
            fmt.left_indent = Pt(PAGE_NUMBER_SIZE)
        add_run(p, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        _page_field(p)
        add_run(p, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _page_field(paragraph: Paragraph) -> None:
    """Add a PAGE field (begin, instruction, separate, a shown "1", end)."""

    def fld(kind: str) -> None:
        run = add_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)

    fld("begin")
    run = add_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    fld("separate")
    add_run(paragraph, "1", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    fld("end")


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _font_table(document: Any) -> None:
    """Declare the named fonts with their alternatives and the GB2312 charset (see above)."""
    part = next(
        (p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"),
        None,
    )
    if part is None:  # pragma: no cover - python-docx's template has one
        return
    root = etree.fromstring(part.blob)
    for name, (alt, family) in FALLBACKS.items():
        for old in root.findall(f"{{{_W}}}font"):
            if old.get(f"{{{_W}}}name") == name:
                root.remove(old)
        font = etree.SubElement(root, f"{{{_W}}}font")
        font.set(f"{{{_W}}}name", name)
        for tag, value in (("altName", alt), ("charset", "86"), ("family", family)):
            e = etree.SubElement(font, f"{{{_W}}}{tag}")
            e.set(f"{{{_W}}}val", value)
        pitch = etree.SubElement(font, f"{{{_W}}}pitch")
        pitch.set(f"{{{_W}}}val", "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _remove_thumbnail(document: Any) -> None:
    """Drop the template's thumbnail (a picture of python-docx's default document)."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del package.rels[rel_id]


def to_bytes(document: Any) -> bytes:
    """Return the document as .docx bytes."""
    import io

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
