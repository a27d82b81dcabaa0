"""The 用户操作手册: built from the help texts, screenshots beside the steps, printed to PDF."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from qcounty.web.accounts.models import User
from qcounty.web.help import manual_docx, texts
from qcounty.web.help.pdf import SOFFICE
from tests.web.conftest import World

CJK_FONT_NAMES = ("CJK", "Song", "Hei", "Fang", "Kai", "Ming", "WenQuanYi", "Droid Sans Fallback")


def png(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1400, 900), (240, 244, 248)).save(path)
    return path


def headings(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def test_the_manual_has_a_heading_per_page_and_each_screenshot_beside_its_steps(
    tmp_path: Path,
) -> None:
    manual = texts.manual("clerk")
    home = manual.entry("home")
    assert home is not None
    png(manual_docx.screenshot_path(tmp_path, "clerk", home))

    document = docx.Document(io.BytesIO(manual_docx.build(manual, tmp_path)))

    assert headings(document) == [
        f"{manual_docx._number(n)}、{e.title}"
        for n, e in enumerate([manual.general, *manual.pages])
    ]
    assert len(document.inline_shapes) == 1
    texts_ = [p.text for p in document.paragraphs]
    # the picture follows the home page's steps, before the next page's heading
    picture = next(n for n, p in enumerate(document.paragraphs) if p._p.xpath(".//w:drawing"))
    assert texts_[picture - 1] == f"{len(home.steps)}. {home.steps[-1]}"
    assert texts_[picture + 1] == f"图：{home.title}"
    missing = [t for t in texts_ if manual_docx.MISSING_SCREENSHOT in t]
    assert len(missing) == len(manual.pages) - 1


def test_chinese_numbers_of_the_headings() -> None:
    assert [manual_docx._number(n) for n in (0, 9, 10, 19, 20, 22)] == [
        "一", "十", "十一", "二十", "二十一", "二十三"
    ]  # fmt: skip


@pytest.fixture
def manuals_dir(settings: Any, tmp_path: Path) -> Path:
    settings.HELP_MANUALS_DIR = tmp_path / "manuals"
    settings.HELP_SCREENSHOTS_DIR = tmp_path / "screenshots"
    return Path(settings.HELP_MANUALS_DIR)


def test_the_help_page_offers_the_word_manual_built_on_the_spot(
    world: World, login: Callable[[User], Client], manuals_dir: Path
) -> None:
    client = login(world.market_clerk)
    page = client.get(reverse("help:index")).content.decode()
    address = reverse("help:manual", args=["clerk", "docx"])
    assert f'href="{address}"' in page
    assert reverse("help:manual", args=["clerk", "pdf"]) not in page  # not built

    response = client.get(address)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert document.paragraphs[0].text == "部门填报员用户操作手册"
    assert client.get(reverse("help:manual", args=["clerk", "pdf"])).status_code == 404
    assert client.get(reverse("help:manual", args=["nobody", "docx"])).status_code == 404
    assert client.get(reverse("help:manual", args=["clerk", "exe"])).status_code == 404


def test_the_help_page_offers_the_built_manuals_pdf_included(
    world: World, login: Callable[[User], Client], manuals_dir: Path
) -> None:
    manuals_dir.mkdir(parents=True)
    (manuals_dir / "county_office.docx").write_bytes(b"built docx")
    (manuals_dir / "county_office.pdf").write_bytes(b"%PDF-1.7 built")
    client = login(world.office)
    page = client.get(reverse("help:index")).content.decode()
    for audience in ("county_office", "leader"):  # the leader uses the office's account
        assert reverse("help:manual", args=[audience, "docx"]) in page
    pdf = reverse("help:manual", args=["county_office", "pdf"])
    assert pdf in page
    response = client.get(pdf)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 built"  # type: ignore[attr-defined]


def pdf_fonts(path: Path) -> set[str]:
    fonts: set[str] = set()
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return fonts


def test_build_manuals_prints_each_manual_to_a_pdf_in_a_cjk_font(tmp_path: Path) -> None:
    """Needs LibreOffice (scripts/install-office.sh); missing, the test fails, as tests/office."""
    if not SOFFICE.exists():
        pytest.fail(
            f"{SOFFICE} is missing: install LibreOffice with `sudo scripts/install-office.sh`"
        )
    manual = texts.manual("leader")
    shots = tmp_path / "shots"
    png(manual_docx.screenshot_path(shots, "leader", manual.pages[1]))
    out = io.StringIO()
    call_command(
        "build_manuals",
        "--output",
        str(tmp_path / "out"),
        "--screenshots",
        str(shots),
        "--audience",
        "leader",
        stdout=out,
    )
    assert "4 个页面截图待生成" in out.getvalue()
    pdf = tmp_path / "out" / "leader.pdf"
    fonts = pdf_fonts(pdf)
    assert any(name in f for f in fonts for name in CJK_FONT_NAMES), fonts
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "县领导用户操作手册" in text.replace(" ", "")
    assert "领导驾驶舱" in text
    document = docx.Document(str(tmp_path / "out" / "leader.docx"))
    assert len(headings(document)) == 1 + len(manual.pages)
    assert len(document.inline_shapes) == 1
