"""The 用户操作手册 of one audience as a Word document, from the help texts and screenshots.

GB/T 9704 page and type from qcounty.office.docstyle; the headings and pictures as the
quality status report sets them. One Heading 1 per page of the audience, after the general
page; each page's screenshot (``<screenshots>/<audience>/<slug>.png``, taken by the end-to-end
tests) beside its steps, or the visible note 「截图待生成」 when it has not been taken.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from qcounty.office import docstyle
from qcounty.office.quality_report_sections import _heading, _heading_styles, _picture
from qcounty.web.help.texts import Entry, Manual

MISSING_SCREENSHOT = "截图待生成"
CHINESE_NUMBERS = "一二三四五六七八九十"


def screenshot_path(screenshots: Path, audience: str, entry: Entry) -> Path:
    """Return where the end-to-end tests put the screenshot of the audience's page."""
    return screenshots / audience / f"{entry.slug}.png"


def build(manual: Manual, screenshots: Path, *, today: dt.date | None = None) -> bytes:
    """Return the manual as .docx bytes."""
    document = docstyle.new_document(manual.title)
    _heading_styles(document)
    day = today or dt.date.today()
    docstyle.add_paragraph(
        document, f"（{day.year}年{day.month}月{day.day}日生成）", indent=False, align="center"
    )
    for text in manual.intro:
        docstyle.add_paragraph(document, text)
    _heading(document, f"{_number(0)}、{manual.general.title}", 1)
    _body(document, manual.general)
    for n, entry in enumerate(manual.pages, start=1):
        _heading(document, f"{_number(n)}、{entry.title}", 1)
        _body(document, entry)
        _screenshot(document, screenshot_path(screenshots, manual.audience, entry), entry)
    return docstyle.to_bytes(document)


def _number(n: int) -> str:
    """Return 一, 二, … 十, 十一, … 二十九 for 0, 1, … (manuals have fewer than 30 pages)."""
    n += 1
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMBERS[tens - 1] + "十")
    return head + ("" if units == 0 else CHINESE_NUMBERS[units - 1])


def _body(document: Any, entry: Entry) -> None:
    docstyle.add_paragraph(document, entry.purpose)
    docstyle.add_paragraph(document, "操作步骤：", font=docstyle.HEADING_FONT)
    for n, step in enumerate(entry.steps, start=1):
        docstyle.add_paragraph(document, f"{n}. {step}")
    for note in entry.notes:
        docstyle.add_paragraph(document, f"注意：{note}")


def _screenshot(document: Any, path: Path, entry: Entry) -> None:
    if path.is_file():
        _picture(document, path.read_bytes(), f"图：{entry.title}")
    else:
        docstyle.add_paragraph(
            document,
            f"【{MISSING_SCREENSHOT}】",
            font=docstyle.HEADING_FONT,
            indent=False,
            align="center",
        )
