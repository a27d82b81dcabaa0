"""The score sheet: Annex 1 with the self-assessed points and the reason for every point lost."""

from __future__ import annotations

import io
from typing import Any

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from qcounty.core.cohort import parse_cohort
from qcounty.core.selfassess import self_assess
from qcounty.core.synth import generate_cohort
from qcounty.office.score_sheet import HEADER, score_sheet_docx, score_sheet_xlsx, sheet_rows
from tests.builders import YEAR, cohort_json, counties, county_json, shandong

DEPARTMENTS = {
    "market_supervision": ["文登区市场监督管理局"],
    "gov_office": ["文登区人民政府办公室"],
    "quality_office": ['=HYPERLINK("http://example.com")'],  # must stay text
    "statistics": [],  # none given: the role's name
}
COL = {name: n for n, name in enumerate(HEADER, start=1)}


@pytest.fixture(scope="module")
def result() -> Any:
    f = shandong()
    reference = parse_cohort(generate_cohort(f, counties=20, seed=3, year=YEAR), f)
    values = {
        "i01.slogan": True,
        "i02.model": "partly",
        "i03.activities": ["quality_month", "brand_day"],
        "i04.commendations": [
            {
                "level": "national",
                "issuer": "国务院办公厅",
                "date": "2021-03-01",
                "title": "=1+1",
                "to_county_government": True,
            }
        ]
        * 3,
        "i04.media_reports": [
            {
                "level": "national",
                "media": "人民日报",
                "title": "报道",
                "date": "2021-04-01",
                "advertising": False,
            }
        ]
        * 3,
        "i31.rd_share": 2.1,
        "i20.coverage": 40.0,
    }
    wendeng = counties(cohort_json([county_json("文登区", "威海市", values)]))[0]
    return self_assess(f, wendeng, YEAR, reference)


def _sheet(result: Any) -> Any:
    data = score_sheet_xlsx(shandong(), result, DEPARTMENTS)
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _kinds(result: Any) -> list[str]:
    return [r.kind for r in sheet_rows(shandong(), result, DEPARTMENTS)]


def test_one_row_per_criterion_with_gates_subtotals_and_total(result):
    kinds = _kinds(result)
    assert kinds.count("criterion") == 71
    assert kinds.count("gate") == 2 and kinds[:2] == ["gate", "gate"]
    assert kinds.count("subtotal") == 4
    assert kinds[-1] == "total"
    assert len(kinds) == 2 + 71 + 4 + 1
    ws = _sheet(result)
    assert ws.max_row == 3 + len(kinds)  # title, subtitle, header


def test_total_and_subtotals_equal_the_result_rounded(result):
    ws = _sheet(result)
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    total = rows[-1]
    assert total[0] == "合计"
    assert total[COL["自评得分"] - 1] == round(result.total, 2)
    assert total[COL["分值"] - 1] == 100
    subtotals = [r for r in rows if isinstance(r[0], str) and r[0].endswith("小计")]
    assert [r[COL["自评得分"] - 1] for r in subtotals] == [
        round(s.points, 2) for s in result.first_level
    ]
    assert [r[0] for r in subtotals] == [f"{s.name} 小计" for s in result.first_level]


def test_criterion_rows_hold_points_loss_and_reasons(result):
    rows = [r for r in sheet_rows(shandong(), result, DEPARTMENTS) if r.kind == "criterion"]
    crits = [c for ind in result.indicators for c in ind.criteria]
    for row, c in zip(rows, crits, strict=True):
        cells = row.cells
        assert cells[COL["自评得分"] - 1] == round(c.points, 2)
        lost = cells[COL["失分"] - 1]
        assert lost == pytest.approx(max(0.0, round(c.max - c.points, 2)))
        reason = cells[COL["失分原因"] - 1]
        if lost > 0:
            assert reason, c.id
            for m in c.messages:
                assert m.render() in reason
            if c.floor is not None:
                assert f"保底 {c.floor:.2f} — 上限 {c.ceiling:.2f}" in reason
    # item 2 ("partly": 1.5 of 3) explains itself
    item2 = next(r for r in rows if r.indicator == 2).cells
    assert item2[COL["自评得分"] - 1] == 1.5 and item2[COL["失分"] - 1] == 1.5
    assert "有质量发展模式，具备一定的推广性" in item2[COL["失分原因"] - 1]


def test_cumulative_cap_shows_in_indicator_points(result):
    """Item 4: three national commendations (4 pts, capped) and reports (2 pts) → 5 of 5."""
    rows = [r for r in sheet_rows(shandong(), result, DEPARTMENTS) if r.indicator == 4]
    assert [r.cells[COL["自评得分"] - 1] for r in rows] == [4.0, 2.0]
    assert rows[0].cells[COL["指标得分"] - 1] == 5.0
    assert rows[-1].cells[COL["评价标准"] - 1].endswith("累计不超过5分。")
    assert "各条合计 6 分，按 5 分计" in rows[-1].cells[COL["失分原因"] - 1]


def test_departments_fill_the_data_source(result):
    rows = sheet_rows(shandong(), result, DEPARTMENTS)
    item1 = next(r for r in rows if r.indicator == 1).cells[COL["数据来源"] - 1]
    assert item1 == '文登区人民政府办公室、=HYPERLINK("http://example.com")'
    item38 = next(r for r in rows if r.indicator == 38).cells[COL["数据来源"] - 1]
    assert item38 == "统计部门"


def _no_formulas(data: bytes) -> list[Any]:
    """Scan every cell of every sheet; return the cells whose text starts with "="."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    formula_like = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.data_type == "s", cell.coordinate
                    formula_like.append(cell)
    assert b"<f>" not in _sheet_xml(data)
    return formula_like


def test_no_cell_holds_a_formula(result):
    _no_formulas(score_sheet_xlsx(shandong(), result, DEPARTMENTS))
    # a department at the start of a cell stays text, with Excel's quote prefix
    starts = _no_formulas(score_sheet_xlsx(shandong(), result, {"gov_office": ["=SUM(A1:A9)"]}))
    assert starts and all(c.value.startswith("=SUM(A1:A9)、") for c in starts)
    assert all(c.quotePrefix for c in starts)


def _sheet_xml(data: bytes) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def test_xlsx_layout(result):
    ws = _sheet(result)
    assert [ws.cell(3, c).value for c in range(1, len(HEADER) + 1)] == HEADER
    assert ws.freeze_panes == "A4"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    score = ws.cell(6, COL["自评得分"])
    assert score.number_format == "0.00"
    # item 4's two criteria share the indicator's merged cells
    merged = {str(r) for r in ws.merged_cells.ranges}
    rows = sheet_rows(shandong(), result, DEPARTMENTS)
    first4 = 4 + next(n for n, r in enumerate(rows) if r.indicator == 4)
    assert f"A{first4}:A{first4 + 1}" in merged
    assert ws.row_dimensions[first4].height > 15


def test_docx_is_landscape_a4_with_the_table(result):
    data = score_sheet_docx(shandong(), result, DEPARTMENTS)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert abs(section.page_width - Cm(29.7)) < Cm(0.01)
    assert abs(section.page_height - Cm(21)) < Cm(0.01)
    table = document.tables[0]
    kinds = _kinds(result)
    assert len(table.rows) == 1 + len(kinds)
    # the narrow columns' headers two characters a line ("一级/指标"), the words the same
    assert [c.text.replace("\n", "") for c in table.rows[0].cells] == HEADER
    assert table.rows[0].cells[1].text == "一级\n指标"
    last = table.rows[-1].cells
    assert last[0].text == "合计"
    assert last[COL["自评得分"] - 1].text == f"{result.total:.2f}"
    east = {
        r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
        for row in table.rows[3:6]
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    }
    assert east == {"仿宋_GB2312"}
    assert document.paragraphs[0].runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == (
        "方正小标宋简体"
    )
    footer = "".join(t.text for t in section.footer._element.iter(qn("w:instrText")))
    assert "PAGE" in footer


def test_the_subtitle_names_the_status_it_ends_with(result):
    subtitle = docx.Document(io.BytesIO(score_sheet_docx(shandong(), result, DEPARTMENTS)))
    text = subtitle.paragraphs[1].text
    assert text.endswith("；评价状态：参评") and not text.endswith("；参评")
    assert text.startswith("评价体系：") and "\n自评总分 " in text  # two lines, each whole
    assert subtitle.paragraphs[1].paragraph_format.keep_with_next
