"""Whether a page or a document speaks of the scheme's evaluated unit, not of counties.

A scheme names what it evaluates (`evaluated_unit`: 县（市、区） / 市 / 企业, core/wording.py).
For a scheme that does not evaluate counties, a page or document that still says 县, 参评县 or
梯队 (when the scheme has no tiers) shows the user Shandong's words in place of its own.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

from qcounty.core.wording import Wording

CONTEXT = 12  # characters shown either side of a leftover
_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
_SHOWN_ATTRIBUTES = re.compile(r"\b(?:title|aria-label|placeholder|alt)\s*=\s*\"([^\"]*)\"", re.I)
_TAG = re.compile(r"<[^>]+>")
# the product's own name, not a word for the unit a scheme evaluates
PRODUCT = "质量强县创建评价系统"


def visible_text(page: str) -> str:
    """Return what a reader sees or hears of an HTML page: its text and labelling attributes."""
    page = _HIDDEN.sub(" ", page)
    shown = " ".join(_SHOWN_ATTRIBUTES.findall(page))
    return html.unescape(_TAG.sub(" ", page) + " " + shown)


def split_page(page: str) -> tuple[str, str]:
    """Return the visible text of the page's <main> and of the rest (header, navigation)."""
    found = re.search(r"<main\b.*?</main\s*>", page, re.S | re.I)
    if found is None:
        return visible_text(page), ""
    rest = page[: found.start()] + page[found.end() :]
    return visible_text(found.group(0)), visible_text(rest)


def document_text(content: bytes) -> str:
    """Return the text of a .docx or .xlsx file (every part's XML, without its markup)."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        for name in z.namelist():
            if name.endswith(".xml") and (
                name.startswith("word/") or name.startswith("xl/") or name == "docProps/core.xml"
            ):
                parts.append(_TAG.sub("", z.read(name).decode("utf-8")))
    return html.unescape(" ".join(parts))


def leftovers(text: str, words: Wording) -> list[str]:
    """Return the places where the text says 县, 参评县 or 梯队 instead of the scheme's words."""
    wrong = []
    if "县" not in words.short:
        wrong.append("县")  # covers 参评县, 全体参评县, 本县, 县（市、区）
    if not (words.by_tier and words.group_names):
        wrong.append("梯队")  # a scheme without tiers: its groups are its attribute's or none
    text = text.replace(PRODUCT, "")
    found = []
    for word in wrong:
        for m in re.finditer(word, text):
            start, end = max(0, m.start() - CONTEXT), m.end() + CONTEXT
            found.append(" ".join(text[start:end].split()))
    return found


def assert_unit_words(page: str, words: Wording) -> None:
    """Fail if the HTML page still says 县/参评县/梯队 where the scheme's unit should be."""
    found = leftovers(visible_text(page), words)
    assert not found, f"the page says 县/梯队 for {words.unit}: {found[:5]}"


def assert_document_unit_words(content: bytes, words: Wording) -> None:
    """Fail if the .docx/.xlsx document still says 县/参评县/梯队 for the scheme's unit."""
    found = leftovers(document_text(content), words)
    assert not found, f"the document says 县/梯队 for {words.unit}: {found[:5]}"
