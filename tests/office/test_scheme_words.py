"""The documents name a company scheme's units, groups and statuses in its own words.

tests/core/schemes/example-company.yaml evaluates 企业 by industry; its prerequisite's
consequence is 不予评价 (丁设备公司 fails it: pass rate 90 % < 95 %, see tests/core/test_groups.py).
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from qcounty.core.cohort import parse_cohort
from qcounty.core.framework.loader import load_framework
from qcounty.core.scoring import score_cohort
from qcounty.office.county_report import write_county_report
from qcounty.office.publication import entries_from_results, write_list_docx, write_list_xlsx
from qcounty.office.publication_frame import ListMeta, PublicationError
from qcounty.office.score_sheet import score_sheet_xlsx, sheet_rows

SCHEMES = Path(__file__).resolve().parents[1] / "core" / "schemes"


@pytest.fixture(scope="module")
def company():
    f = load_framework(SCHEMES / "example-company.yaml")
    data = json.loads((SCHEMES / "example-company-cohort.json").read_text("utf-8"))
    return f, score_cohort(f, parse_cohort(data, f))


def _meta(**changes):
    fields = {
        "campaign": "2023年示例省名牌企业评价",
        "evaluation_year": 2022,
        "framework_name": "示例省名牌企业质量评价体系（测试用）",
        "framework_version": "0.1",
        "kind": "proposed",
        "version": 1,
        "published_on": date(2026, 11, 27),
        "titles": 2,
        "snapshot_id": 1,
        "snapshot_sha256": "a" * 64,
        "unit": "企业",
        "grouping": "行业",
    }
    return ListMeta(**(fields | changes))


def test_the_score_sheet_names_the_scheme_and_the_status_not_to_be_evaluated(company):
    f, score = company
    r = score.county(score.index("丁设备公司"))
    sheet = openpyxl.load_workbook(io.BytesIO(score_sheet_xlsx(f, r, {}))).active
    assert sheet["A1"].value == "丁设备公司自评得分表（示例省名牌企业质量评价体系（测试用））"
    assert "评价状态：不予评价" in sheet["A2"].value
    assert sheet_rows(f, r, {})[-1].cells[-1].endswith("状态：不予评价")


def test_the_list_counts_companies_and_heads_its_columns_with_the_schemes_words(company):
    f, score = company
    listed = [score.county(score.index(n)) for n in ("丙设备公司", "乙食品公司")]
    document = docx.Document(io.BytesIO(write_list_docx(_meta(), entries_from_results(listed, f))))
    opening = next(p.text for p in document.paragraphs if "省级评价" in p.text)
    assert "经企业申报、省级评价" in opening and "共 2 个企业" in opening
    assert [c.text for c in document.tables[0].rows[0].cells][3] == "企业"
    sheet = openpyxl.load_workbook(
        io.BytesIO(write_list_xlsx(_meta(), entries_from_results(listed, f)))
    ).active
    assert [sheet.cell(2, c).value for c in (4, 5)] == ["企业", "行业"]
    with pytest.raises(PublicationError, match="丁设备公司不予评价，未参与排名"):
        entries_from_results([score.county(score.index("丁设备公司"))], f)


def test_the_score_report_addresses_a_company_and_names_its_industry(company):
    f, score = company
    r = score.county(score.index("甲食品公司"))
    data = write_county_report(
        _meta(), r, [5.0], [5.8], False, framework=f, ranked=4, tier_ranked=2
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    cells = "\n".join(
        c.text for t in docx.Document(io.BytesIO(data)).tables for row in t.rows for c in row.cells
    )
    assert "现将你企业评价得分情况反馈如下" in text
    assert "全省参评企业的中位数、食品制造业的中位数" in text
    assert "共 4 个企业参与排名" in cells and "食品制造业内排名" in cells
    assert "县" not in text + cells and "梯队" not in text + cells
