"""The documents as LibreOffice lays them out: Chinese fonts, titles with their tables.

Needs LibreOffice (scripts/install-office.sh) and the font aliases of scripts/install-fonts.sh;
missing, the test fails rather than skips (as tests/office/test_libreoffice.py).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from qcounty.core.evaluate import select
from qcounty.office.annex2 import annex2_docx, annex2_xlsx
from qcounty.office.publication import (
    ISSUER,
    ListMeta,
    entries_from_results,
    write_list_docx,
    write_list_xlsx,
)
from qcounty.office.score_sheet import score_sheet_docx, score_sheet_xlsx
from tests.office.pdf import convert_bytes, fonts, page_lines, page_texts
from tests.office.wendeng import CITY, NAME, wendeng


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    w = wendeng()
    score = w.reference
    # 22 titles: the table fills the first page, and the notice used to go alone to the second
    listed = [score.county(i) for i in select(score, 22).selected]
    meta = ListMeta(
        campaign="2023年山东省质量强县（市、区）创建",
        evaluation_year=2023,
        framework_name=w.framework.name,
        framework_version=w.framework.version,
        kind="proposed",
        version=1,
        published_on=date(2026, 11, 27),
        titles=22,
        snapshot_id=17,
        snapshot_sha256="3f5a0c9e1b7d" + "0" * 52,
        notice="公示期为2026年11月27日至12月3日。\n对名单有异议的，请在公示期内书面反映。",
    )
    files = {
        "annex2.docx": annex2_docx(w.framework, NAME, CITY, w.year, w.values),
        "score.docx": score_sheet_docx(w.framework, w.result, w.departments),
        "list.docx": write_list_docx(meta, entries_from_results(listed)),
    }
    return convert_bytes(files, tmp_path_factory.mktemp("layout"))


@pytest.mark.parametrize("name", ["annex2.docx", "score.docx", "list.docx"])
def test_chinese_text_is_set_in_the_chinese_serif_for_fangsong(pdfs, name):
    # 仿宋_GB2312 resolves to Noto Serif CJK SC (scripts/fonts/65-qcounty-cjk.conf); without
    # the aliases LibreOffice fell back to Noto Sans CJK JP and DejaVu
    used = fonts(pdfs[name])
    assert any(f.startswith("NotoSerifCJK") for f in used), (
        f"{used}: install the font aliases with `sudo scripts/install-fonts.sh`"
    )


def test_annex2_label_title_and_table_open_the_first_page(pdfs):
    pages = page_texts(pdfs["annex2.docx"])
    assert pages[0].startswith("附件2")
    assert "文登区创建山东省质量强县（市、区）重要指标" in pages[0]
    assert "一级指标二级指标指标表述填报内容" in pages[0]
    assert "威海市文登区" not in pages[0] and "评价年度" not in pages[0]


def test_the_list_notice_stays_with_the_table_and_its_signature(pdfs):
    pages = page_texts(pdfs["list.docx"])
    notice = [n for n, p in enumerate(pages) if "公示期为" in p]
    signature = [n for n, p in enumerate(pages) if ISSUER in p]
    assert notice and notice == signature[-1:]
    # the table's last rows come along: the page shows the repeated header and two counties
    last = pages[notice[0]]
    assert "序号" in last and last.index("序号") < last.index("公示期为")
    assert last.count("市") - last.count("县（市、区）") >= 2


def test_score_sheet_numbers_and_level_names_are_never_split(pdfs):
    w = wendeng()
    pages = page_texts(pdfs["score.docx"])
    lines = "\n".join(line for page in page_lines(pdfs["score.docx"]) for line in page)
    # every score the sheet prints ("28.05") on one line: never "28.0" / "5"
    scores = {f"{x.points:.2f}" for x in w.result.first_level} | {f"{w.result.total:.2f}"}
    assert scores and all(s in lines for s in scores), sorted(s for s in scores if s not in lines)
    # a second-level name with its points ("环境质量（4分）") whole on one page
    names = [f"{s.name}（{s.points:g}分）" for f in w.framework.first_level for s in f.second_level]
    assert all(any(name in page for page in pages) for name in names)
    assert pages[0].count("序号") == 1 and "评价状态：参评" in pages[0]


def test_every_workbook_has_a_title_a_print_area_and_a_repeated_header():
    w = wendeng()
    score = w.reference
    listed = [score.county(i) for i in select(score, 5).selected]
    meta = ListMeta(
        campaign="2023年山东省质量强县（市、区）创建",
        evaluation_year=2023,
        framework_name=w.framework.name,
        framework_version=w.framework.version,
        kind="final",
        version=1,
        published_on=date(2026, 11, 27),
        titles=5,
        snapshot_id=17,
        snapshot_sha256="3f5a0c9e1b7d" + "0" * 52,
    )
    books = {
        "annex2": annex2_xlsx(w.framework, NAME, CITY, w.year, w.values),
        "score": score_sheet_xlsx(w.framework, w.result, w.departments),
        "list": write_list_xlsx(meta, entries_from_results(listed)),
    }
    for name, data in books.items():
        ws = openpyxl.load_workbook(io.BytesIO(data)).active
        assert isinstance(ws["A1"].value, str) and ws["A1"].value, name
        assert ws.print_area and ws.print_area.endswith(f"${ws.max_row}"), name
        assert ws.print_title_rows, name
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, name


def test_every_document_converts_to_a_pdf_set_in_chinese_fonts(tmp_path: Path) -> None:
    from tests.office.demo_documents import core_documents

    docs = core_documents()
    files = {}
    for name, data in docs.items():
        stem, ext = name.rsplit(".", 1)
        files[f"{stem}-{ext}.{ext}"] = data
    for name, pdf in convert_bytes(files, tmp_path).items():
        used = fonts(pdf)
        # CJK text in a CJK font (Noto CJK SC through the aliases), never DejaVu alone
        assert any("CJK" in f for f in used), (name, used)
        if name.endswith(".docx"):
            assert any(f.startswith("NotoSerifCJK") for f in used), (name, used)
        assert page_texts(pdf)[0], name  # the PDF has text, not only glyph boxes


def test_page_counts_and_every_page_opens_with_the_table_header(pdfs):
    annex2, score, listed = (
        page_texts(pdfs[n]) for n in ("annex2.docx", "score.docx", "list.docx")
    )
    # Wendeng as the demo has it: 75 items with their records and the demo's texts from the
    # seed (15 pages); the score sheet's 43 indicators landscape (25 pages); 22 counties and
    # the notice (2 pages)
    assert (len(annex2), len(score), len(listed)) == (15, 25, 2)
    for pages, header in (
        (annex2, "一级指标二级指标指标表述填报内容"),
        (score, "序号一级指标二级指标三级指标分值评价标准"),
        (listed, "序号排名市县（市、区）得分"),
    ):
        assert all(header in page for page in pages)
