"""The scheme's evaluation table: Annex 1 of the seed, reproduced from the framework file.

The comparison reads the seed's table and the exported one as items (one per gate and per
numbered indicator, see tests/office/annex1.py) and compares their texts with whitespace
removed and nothing else: every typo of the seed stays (item 2's "没有质量管理模式" for a
质量发展模式, the department named 区市场监管局 in one row and 区市场监督管理局 in the next).
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest

from qcounty.core.framework.loader import load_framework
from qcounty.office.scheme_table import scheme_rows, scheme_table_docx, scheme_table_xlsx
from tests.office.annex1 import HEADER, docx_rows, items, seed_rows, squeeze, xlsx_rows
from tests.office.pdf import convert_bytes, page_texts

MINIMAL = Path(__file__).resolve().parents[2] / "docs" / "examples" / "example-minimal.yaml"


@pytest.fixture(scope="module")
def shandong_files() -> dict[str, bytes]:
    f = load_framework("shandong-county-2022")
    return {"scheme.docx": scheme_table_docx(f), "scheme.xlsx": scheme_table_xlsx(f)}


@pytest.fixture(scope="module")
def seed() -> tuple[list[str], list[tuple[str, ...]]]:
    header, found = items(seed_rows())
    # the prerequisite, the veto and items 1–43: the whole table, nothing skipped
    assert header == HEADER and len(found) == 45
    assert [x[0] for x in found] == ["前置指标", "一票否决项", *map(str, range(1, 44))]
    return header, found


def _differences(want: list[tuple[str, ...]], got: list[tuple[str, ...]]) -> list[str]:
    out = [f"{len(got)} items, the seed has {len(want)}"] if len(got) != len(want) else []
    for a, b in zip(want, got, strict=False):
        out += [f"{a[0]}: seed {x!r}, table {y!r}" for x, y in zip(a, b, strict=False) if x != y]
    return out


def test_the_word_table_is_annex_1_of_the_seed_text_for_text(shandong_files, seed):
    header, got = items(docx_rows(shandong_files["scheme.docx"]))
    assert header == seed[0]
    assert _differences(seed[1], got) == []


def test_the_excel_table_is_annex_1_of_the_seed_text_for_text(shandong_files, seed):
    header, got = items(xlsx_rows(shandong_files["scheme.xlsx"]))
    assert header == seed[0]
    assert _differences(seed[1], got) == []


def test_item_35_opens_with_its_preamble_and_item_4_ends_with_its_cap():
    rows = scheme_rows(load_framework("shandong-county-2022"))
    by_item: dict[str, list[str]] = {}
    for r in rows:
        by_item.setdefault(r.cells[0], []).append(r.cells[5])
    assert by_item["35"][0] == "涉及养老、教育、医疗、公共文化、旅游等5个重点领域，每个领域0.8分。"
    assert len(by_item["35"]) == 6  # the preamble and the five fields
    assert by_item["4"][-1] == "累计不超过5分。"
    assert by_item["5"][-1].endswith("最高1分。累计不超过3分。")  # quoted once, in the clause


def test_the_indicator_cells_are_merged_down_over_its_clauses(shandong_files):
    table = docx.Document(io.BytesIO(shandong_files["scheme.docx"])).tables[0]
    rows = docx_rows(shandong_files["scheme.docx"])
    # item 14: four clauses and its cap, five rows; 序号, 三级指标, 分值, 数据来源 once
    start = next(n for n, r in enumerate(rows) if r[0] == "14")
    block = rows[start : start + 5]
    assert [r[0] for r in block] == ["14", "", "", "", ""]
    assert [r[3] for r in block] == ["标准制修订数量。", "", "", "", ""]
    assert block[-1][5] == "累计不超过3分。"
    assert table.cell(start + 4, 6).text == "区市场监督管理局"  # the merge's text, below
    # the header repeats on every page
    assert table.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None


def test_a_scheme_without_data_source_shows_its_units_names():
    f = load_framework(MINIMAL)
    rows = scheme_rows(f)
    assert rows[0].cells[0] == "一票否决项" and rows[0].cells[6] == "市场监管部门"
    assert {r.cells[6] for r in rows[1:]} == {"政府办公室", "市场监管部门"}
    sheet = openpyxl.load_workbook(io.BytesIO(scheme_table_xlsx(f))).active
    assert sheet["A1"].value == "示例质量强县评价体系（两项指标）"
    assert [c.value for c in sheet[3]] == HEADER


def test_libreoffice_opens_both_files_and_prints_the_whole_table(shandong_files, tmp_path):
    pdfs = convert_bytes(shandong_files, tmp_path)
    for name, pdf in pdfs.items():
        text = "".join(page_texts(pdf))
        assert squeeze("山东省质量强县（市、区）创建评价指标体系") in text, name
        for needle in ("前置指标", "不达标，取消创建资格。", "累计不超过7分。", "区科技局"):
            assert needle in text, (name, needle)
