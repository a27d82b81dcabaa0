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

The package's modules: `standard` (fonts, sizes, page, margins), `text` (clean text, runs,
boxes), `document` (`new_document`, paragraphs, `to_bytes`), `tables` (tables and cells),
`sheets` (the Excel helpers) and `ooxml` (styles, font table, page numbers).
"""

from __future__ import annotations

from qcounty.office.docstyle.document import (
    add_paragraph,
    add_title,
    landscape,
    new_document,
    text_width,
    to_bytes,
)
from qcounty.office.docstyle.sheets import (
    FORMULA_STARTS,
    a4_print,
    active_sheet,
    print_titled,
    put,
    row_height,
)
from qcounty.office.docstyle.standard import (
    A4_HEIGHT,
    A4_WIDTH,
    BODY_FONT,
    BODY_PITCH,
    BODY_SIZE,
    BOX_NO,
    BOX_YES,
    FALLBACKS,
    HEADING_FONT,
    LATIN_FONT,
    MARGINS,
    PAGE_NUMBER_FONT,
    PAGE_NUMBER_SIZE,
    TABLE_SIZE,
    TITLE_FONT,
    TITLE_SIZE,
)
from qcounty.office.docstyle.tables import (
    Grid,
    _format_cell_paragraph,
    add_row,
    add_table,
    cell_grid,
    merge_block,
    set_cell,
)
from qcounty.office.docstyle.text import (
    WORD_JOINER,
    add_run,
    box,
    clean_text,
    keep_together,
    set_run_font,
    yes_no,
)

__all__ = [
    "A4_HEIGHT",
    "A4_WIDTH",
    "BODY_FONT",
    "BODY_PITCH",
    "BODY_SIZE",
    "BOX_NO",
    "BOX_YES",
    "FALLBACKS",
    "FORMULA_STARTS",
    "HEADING_FONT",
    "LATIN_FONT",
    "MARGINS",
    "PAGE_NUMBER_FONT",
    "PAGE_NUMBER_SIZE",
    "TABLE_SIZE",
    "TITLE_FONT",
    "TITLE_SIZE",
    "WORD_JOINER",
    "Grid",
    "_format_cell_paragraph",
    "a4_print",
    "active_sheet",
    "add_paragraph",
    "add_row",
    "add_run",
    "add_table",
    "add_title",
    "box",
    "cell_grid",
    "clean_text",
    "keep_together",
    "landscape",
    "merge_block",
    "new_document",
    "print_titled",
    "put",
    "row_height",
    "set_cell",
    "set_run_font",
    "text_width",
    "to_bytes",
    "yes_no",
]
