"""Document text: cleaned, kept together, in runs naming the standard's fonts; boxes, yes/no."""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from qcounty.office.docstyle.standard import BOX_NO, BOX_YES, LATIN_FONT


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
