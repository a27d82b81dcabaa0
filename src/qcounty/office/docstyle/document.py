"""Make a GB/T 9704 document: its page, title, paragraphs and runs, and its bytes."""

from __future__ import annotations

from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from qcounty.office.docstyle.ooxml import _font_table, _page_numbers, _remove_thumbnail, _styles
from qcounty.office.docstyle.standard import (
    _ALIGN,
    A4_HEIGHT,
    A4_WIDTH,
    BODY_FONT,
    BODY_SIZE,
    HEADING_FONT,
    MARGINS,
    TITLE_FONT,
    TITLE_SIZE,
)
from qcounty.office.docstyle.text import add_run, clean_text


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


def to_bytes(document: Any) -> bytes:
    """Return the document as .docx bytes."""
    import io

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
