"""Low-level OOXML of a new document: styles, fonts, font table, page numbers, schema order."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]

from qcounty.office.docstyle.standard import (
    _ALIGN,
    BODY_FONT,
    BODY_PITCH,
    BODY_SIZE,
    FALLBACKS,
    PAGE_NUMBER_FONT,
    PAGE_NUMBER_SIZE,
)
from qcounty.office.docstyle.text import _set_fonts, add_run


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
