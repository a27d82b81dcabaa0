"""Every document of another scheme names its unit, groups and gates in that scheme's words.

Anhui's 质量工作考核 evaluates cities (市) and has no comparison groups, Guangdong's 名牌产品
evaluation companies (企业); neither has a printed reporting form like Shandong's Annex 2. The
bundled files do not yet say `evaluated_unit`, so the tests set it (as the files will).
Shandong's documents keep their words: their own tests (test_annex2.py, test_template.py, …)
compare them text for text.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from qcounty.core.cohort import parse_cohort
from qcounty.core.framework.inputs import RecordsInput
from qcounty.core.framework.loader import load_framework
from qcounty.core.framework.model import Framework
from qcounty.core.scoring import score_cohort
from qcounty.core.synth_generic import generate_units
from qcounty.office.annex2 import annex2_docx, annex2_rows, annex2_xlsx, form_title
from qcounty.office.reader import read_workbook
from qcounty.office.template import TemplateMeta, write_template

YEAR = 2023
SCHEMES = Path(__file__).resolve().parents[1] / "core" / "schemes"


def _scheme(framework_id: str, unit: str) -> Framework:
    return load_framework(framework_id).model_copy(update={"evaluated_unit": unit})


@pytest.fixture(scope="module")
def anhui() -> Framework:
    return _scheme("anhui-quality-work-2014", "市")


@pytest.fixture(scope="module")
def guangdong() -> Framework:
    return _scheme("guangdong-brand-quality-2018", "企业")


@pytest.fixture(scope="module")
def company():
    """The test scheme of companies compared by industry (丁设备公司 fails its prerequisite)."""
    f = load_framework(SCHEMES / "example-company.yaml")
    data = json.loads((SCHEMES / "example-company-cohort.json").read_text("utf-8"))
    return f, score_cohort(f, parse_cohort(data, f))


def _values(framework: Framework, seed: int = 3) -> dict[str, Any]:
    return generate_units(framework, 1, seed, YEAR)["counties"][0]["values"]


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def xlsx_text(content: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    parts = [
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    ]
    for ws in wb.worksheets:
        parts += [ws.title, ws.oddHeader.center.text or "", ws.oddFooter.center.text or ""]
    return "\n".join(parts)


def assert_no_county_words(text: str) -> None:
    """Neither 县 (县（市、区）, 本县, 参评县, 质量强县) nor 梯队 is left in the text."""
    leftovers = sorted({m.group() for m in re.finditer(r".{0,6}(县|梯队).{0,6}", text)})
    assert not leftovers, leftovers


# --------------------------------------------------------------------------- Annex 2


def test_a_scheme_without_a_printed_form_gets_one_row_per_gate_and_indicator(anhui):
    rows = annex2_rows(anhui, "合肥市", "", YEAR, _values(anhui))
    assert len(rows) == len(anhui.gates) + len(anhui.indicators())
    assert rows[0].gate and rows[0].first == anhui.gates[0].name
    assert rows[0].statement == anhui.gates[0].statement
    first = anhui.indicators()[0]
    assert rows[1].statement == f"{first.number}. {first.name}"
    assert rows[1].second == anhui.first_level[0].second_level[0].name
    labels = [x.label for x in first.inputs]
    assert [line.split("：")[0] for line in rows[1].lines] == labels


def test_the_generic_form_is_titled_from_the_scheme_without_the_seeds_annex_number(anhui):
    assert form_title(anhui, "合肥市") == "合肥市\n《安徽省质量工作考核评分体系》重要指标"
    text = docx_text(annex2_docx(anhui, "合肥市", "", YEAR, _values(anhui)))
    assert text.startswith("合肥市\n《安徽省质量工作考核评分体系》重要指标")
    assert "附件2" not in text and "山东" not in text
    assert_no_county_words(text)


def test_the_generic_form_in_excel_names_the_company_and_its_scheme(guangdong):
    content = annex2_xlsx(guangdong, "甲电器公司", "佛山市", YEAR, _values(guangdong))
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    assert ws.title == "重要指标" and ws["A1"].value is None
    assert ws["A2"].value == f"甲电器公司\n《{guangdong.name}》重要指标"
    assert [ws.cell(3, c).value for c in range(1, 5)] == [
        "一级指标",
        "二级指标",
        "指标表述",
        "填报内容",
    ]
    text = xlsx_text(content)
    assert "附件2" not in text
    assert_no_county_words(text)


# --------------------------------------------------------------------------- the template


def _meta(framework: Framework, unit: str, city: str = "") -> TemplateMeta:
    return TemplateMeta(
        framework_id=framework.id,
        framework_version=framework.version,
        campaign="2023年质量工作考核",
        evaluation_year=YEAR,
        county=unit,
        city=city,
        department=None,
        application_id=7,
        generated_at="2023-06-26T09:30:00+08:00",
    )


def test_the_template_says_whom_a_city_asks_and_only_how_its_own_inputs_are_filled(anhui):
    values = _values(anhui)
    locked = {anhui.indicators()[0].inputs[0].key}
    content = write_template(anhui, _meta(anhui, "合肥市"), None, values, read_only=locked)
    text = xlsx_text(content)
    assert "如需修改，请联系本市的申报牵头部门退回该部分。" in text
    # Anhui has no multiple choice and no record list: no notes on them, the rest renumbered
    assert "多选项目" not in text and "逐条填报的事项" not in text
    assert "3. 本表已保护" in text and "5. 灰色的“填报内容”只读" in text
    assert_no_county_words(text)
    parsed = read_workbook(content, anhui)
    assert parsed.problems == [] and parsed.changes(values) == []


def test_the_template_of_a_company_scheme_gives_its_own_list_as_the_example(company):
    f, _ = company
    content = write_template(f, _meta(f, "甲食品公司"), None, read_only={f.inputs()[0].key})
    text = xlsx_text(content)
    lists = [x.label for x in f.inputs() if isinstance(x, RecordsInput)]
    assert lists and f"逐条填报的事项（如{'、'.join(lists[:2])}）" in text
    assert "请联系本企业的申报牵头部门" in text
    assert_no_county_words(text)
