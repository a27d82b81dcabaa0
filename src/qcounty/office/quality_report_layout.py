"""The county quality status report's layout: headings, captions, pictures, table rows, numbering."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from qcounty.office import docstyle

if TYPE_CHECKING:
    pass


TEXT_WIDTH_CM = 15.6  # A4 minus GB/T 9704 side margins (210 − 28 − 26 mm)


@dataclass
class _Figures:
    trend: bytes | None
    second: bytes
    first: bytes | None


class _Numbering:
    def __init__(self) -> None:
        self.table = 0
        self.figure = 0

    def next_table(self) -> int:
        self.table += 1
        return self.table

    def next_figure(self) -> int:
        self.figure += 1
        return self.figure


def _heading_styles(document: Any) -> None:
    """Make Heading 1 / 2 plain black headings that keep their outline level (Word's navigation).

    Their fonts (黑体 for 一、, 仿宋 bold for （一）) are named on each run by `_heading`; the
    theme fonts of python-docx's template are dropped so that they cannot override them.
    """
    for name, bold in (("Heading 1", False), ("Heading 2", True)):
        style = document.styles[name]
        style.font.size = Pt(docstyle.BODY_SIZE)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(qn(f"w:{attr}"), None)
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(docstyle.BODY_PITCH)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(2 * docstyle.BODY_SIZE)
        fmt.keep_with_next = True


def _heading(document: Any, text: str, level: int) -> None:
    p = document.add_paragraph(style=f"Heading {level}")
    font = docstyle.HEADING_FONT if level == 1 else docstyle.BODY_FONT
    docstyle.add_run(p, text, font, docstyle.BODY_SIZE, bold=level > 1)


def _caption(document: Any, text: str) -> None:
    p = docstyle.add_paragraph(
        document, text, size=12, font=docstyle.HEADING_FONT, indent=False, align="center"
    )
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.keep_with_next = True


def _picture(document: Any, png: bytes, caption: str) -> None:
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact pitch would crop the picture
    fmt.space_before = Pt(6)
    fmt.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH_CM - 0.6))
    docstyle.add_paragraph(
        document, caption, size=12, font=docstyle.HEADING_FONT, indent=False, align="center"
    )


def _table_row(
    table: Any, widths: list[float], texts: list[str], *, strong: bool = False, left: int = 1
) -> None:
    """Add a row: the first `left` cells aligned left, the others centred (numbers)."""
    cells = docstyle.add_row(table, widths)
    font = docstyle.HEADING_FONT if strong else docstyle.BODY_FONT
    for k, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        docstyle.set_cell(cell, [text], align="left" if k < left else "center", font=font)


def _widths(start: list[float], n: int, end: list[float]) -> list[float]:
    """Return column widths: fixed ones, then n equal ones filling the text width."""
    rest = TEXT_WIDTH_CM - sum(start) - sum(end)
    return [*start, *([round(rest / max(n, 1), 2)] * n), *end]
