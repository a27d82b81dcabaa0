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
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import docx
import openpyxl
import pytest

from qcounty.core.cohort import Cohort, County, parse_cohort
from qcounty.core.framework.inputs import RecordsInput
from qcounty.core.framework.loader import load_framework, parse_framework
from qcounty.core.framework.model import Framework
from qcounty.core.scoring import score_cohort
from qcounty.core.selfassess import self_assess
from qcounty.core.synth_generic import generate_units
from qcounty.core.wording import wording
from qcounty.office import charts
from qcounty.office.annex2 import annex2_docx, annex2_rows, annex2_xlsx, form_title
from qcounty.office.county_report import write_county_report
from qcounty.office.objections import ObjectionRow, write_register_xlsx
from qcounty.office.publication import entries_from_results, write_list_docx, write_list_xlsx
from qcounty.office.publication_frame import ListMeta, issuer_of
from qcounty.office.quality_report import CampaignData, reference_levels, write_quality_report
from qcounty.office.reader import read_workbook
from qcounty.office.score_sheet import sheet_rows, sheet_subtitle
from qcounty.office.template import TemplateMeta, write_template
from qcounty.office.words import grouped
from tests.core.test_structure import COHORT
from tests.core.test_structure import TEXT as STRUCTURE
from tests.office.pdf import convert_bytes, page_texts

YEAR = 2023
GENERATED = date(2023, 6, 26)
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
    return f, parse_cohort(data, f)


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
    assert "评价活动：2023年质量工作考核" in text and "创建" not in text
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


# --------------------------------------------------------------------------- the quality report


def _campaign(framework: Framework, unit: County, year: int, ref: Cohort | None) -> CampaignData:
    if ref is None:
        result = score_cohort(framework, [unit], year).county(0)
        levels = None
    else:
        result = self_assess(framework, unit, year, ref)
        levels = reference_levels(score_cohort(framework, ref.counties, year), result)
    return CampaignData(
        year=year,
        campaign=f"{year}年质量工作考核",
        status="省级已接收",
        result=result,
        inputs=len(framework.inputs()),
        reference=levels,
        basis="本市填报的数据",
    )


@pytest.fixture(scope="module")
def anhui_report(anhui) -> bytes:
    cohort = parse_cohort(generate_units(anhui, 5, 11, YEAR), anhui)
    city = cohort.counties[0]
    campaigns = [_campaign(anhui, city, YEAR - 1, None), _campaign(anhui, city, YEAR, cohort)]
    assert campaigns[1].reference is not None
    return write_quality_report(anhui, city.name, "", campaigns, generated=GENERATED)


def test_the_quality_report_of_a_city_compares_it_with_reference_cities(anhui_report):
    text = docx_text(anhui_report)
    assert "四、与参照市比较" in text and "由质量评价系统根据" in text
    assert re.search(r"2023年，模拟市\d+自评得分 [\d.]+ 分（满分 100 分），等级为[ABCD]级", text)
    assert re.search(r"参照数据为2023年的 \d 个参评市，总分中位数为", text)
    assert "本市与参照市中位数（分）" in text and "参照市总分中位数" in text
    assert_no_county_words(text)


def test_a_scheme_without_groups_has_no_group_medians(anhui_report):
    document = docx.Document(io.BytesIO(anhui_report))
    medians = next(t for t in document.tables if "参照市中位数" in t.rows[0].cells[3].text)
    assert [c.text for c in medians.rows[0].cells][3:] == ["参照市中位数", "与中位数之差"]


def test_the_quality_report_of_a_company_names_its_industry_and_its_status(company):
    f, cohort = company
    unit = next(c for c in cohort.counties if c.name == "甲食品公司")
    content = write_quality_report(
        f, unit.name, "", [_campaign(f, unit, 2022, cohort)], generated=GENERATED
    )
    text = docx_text(content)
    assert "食品制造业中位数" in text and "个企业中约列第" in text
    assert "目前只有2022年一个评价周期的数据" in text
    failed = next(c for c in cohort.counties if c.name == "丁设备公司")
    alone = write_quality_report(
        f, failed.name, "", [_campaign(f, failed, 2022, cohort)], generated=GENERATED
    )
    assert "本企业不予评价，不参与排名" in docx_text(alone)
    assert_no_county_words(text + docx_text(alone))


# --------------------------------------------------------------------------- the province's documents


@pytest.fixture(scope="module")
def anhui_scored(anhui):
    """Six synthetic cities scored by Anhui's scheme (one of them vetoed, as generated)."""
    score = score_cohort(anhui, parse_cohort(generate_units(anhui, 6, 2, YEAR), anhui))
    return [score.county(i) for i in range(len(score.counties))]


def _list_meta(framework: Framework, **changes: Any) -> ListMeta:
    words = wording(framework)
    fields = {
        "campaign": "2023年安徽省质量工作考核",
        "evaluation_year": 2022,
        "framework_name": framework.name,
        "framework_version": framework.version,
        "kind": "proposed",
        "version": 1,
        "published_on": date(2023, 3, 1),
        "titles": 2,
        "snapshot_id": 1,
        "snapshot_sha256": "a" * 64,
        "unit": words.unit,
        "grouping": words.grouping if grouped(words) else "",
    }
    return ListMeta(**(fields | changes))


def test_a_list_of_cities_cites_no_other_provinces_plan_and_has_no_group_column(
    anhui, anhui_scored
):
    meta = _list_meta(anhui)
    entries = entries_from_results([r for r in anhui_scored if r.rank], anhui)
    text = docx_text(write_list_docx(meta, entries, issuer=issuer_of(anhui)))
    assert "山东" not in text and "根据" not in text.split("\n")[2]
    assert "安徽省人民政府办公室" in text
    assert_no_county_words(text)
    content = write_list_xlsx(meta, entries)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    headers = [sheet.cell(2, c).value for c in range(1, 7)]
    assert headers == ["序号", "排名", "市", "市", "得分", "等级"]  # no group column
    assert "评价周期" in xlsx_text(content) and "创建周期" not in xlsx_text(content)


def test_the_score_report_of_a_city_compares_it_with_the_province_only(anhui, anhui_scored):
    r = anhui_scored[0]
    m = len(r.first_level)
    content = write_county_report(
        _list_meta(anhui), r, [50.0] * m, [50.0] * m, False, framework=anhui, ranked=5
    )
    document = docx.Document(io.BytesIO(content))
    text = docx_text(content)
    assert f"{r.name}人民政府：" in text and "与全省参评市的中位数比较。" in text
    medians = next(t for t in document.tables if t.rows[0].cells[0].text == "一级指标")
    assert [c.text for c in medians.rows[0].cells] == [
        "一级指标",
        "分值",
        "本市得分",
        "全省中位数",
        "与全省中位数比较",
    ]
    assert_no_county_words(text)


def test_a_company_is_addressed_by_its_name_not_as_a_government(company):
    f, cohort = company
    r = score_cohort(f, cohort).county(0)
    m = len(r.first_level)
    meta = _list_meta(f, unit="企业", grouping="行业")
    text = docx_text(write_county_report(meta, r, [5.0] * m, [5.8] * m, False, framework=f))
    assert f"{r.name}：" in text and "人民政府" not in text


def test_the_objection_register_heads_the_objected_units_column_in_its_words():
    row = ObjectionRow(
        1,
        date(2023, 3, 2),
        "来信",
        "张三",
        "0551-1",
        "合肥市",
        "1. 制造业产品质量合格率",
        "数据有误",
        "办理中",
        "",
        None,
        "",
        "",
        "",
        None,
    )
    content = write_register_xlsx("2023年安徽省质量工作考核", [row], date(2023, 3, 3), unit="市")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "编号")
    assert header[5] == "被异议市"
    assert_no_county_words(xlsx_text(content))


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_prints_a_citys_documents_in_its_own_words(
    anhui, anhui_report, anhui_scored, tmp_path
):
    # one LibreOffice run: the reporting form, the quality report, the list and the template
    entries = entries_from_results([r for r in anhui_scored if r.rank], anhui)
    files = {
        "form.docx": annex2_docx(anhui, "合肥市", "", YEAR, _values(anhui)),
        "report.docx": anhui_report,
        "list.docx": write_list_docx(_list_meta(anhui), entries, issuer=issuer_of(anhui)),
        "template.xlsx": write_template(anhui, _meta(anhui, "合肥市"), None, _values(anhui)),
    }
    pdfs = convert_bytes(files, tmp_path)
    text = {name: "".join(page_texts(pdf)) for name, pdf in pdfs.items()}
    assert "合肥市《安徽省质量工作考核评分体系》重要指标" in text["form.docx"]
    assert "四、与参照市比较" in text["report.docx"] and "参评市" in text["report.docx"]
    assert "经市申报、省级评价" in text["list.docx"]
    assert "安徽省人民政府办公室" in text["list.docx"]
    assert "重要指标填报表（合肥市）" in text["template.xlsx"]
    for name, pages in text.items():
        assert pages, name
        assert_no_county_words(pages)


# --------------------------------------------------------------------------- grades


def test_a_vetoed_citys_sheet_and_report_give_its_forced_grade_and_why(anhui):
    # Anhui's veto: "考核结果一律为D级" — not ranked, graded D whatever its total
    data = generate_units(anhui, 6, 2, YEAR)
    data["counties"][1]["values"]["veto.systemic_incident"] = True
    r = score_cohort(anhui, parse_cohort(data, anhui)).county(1)
    assert (r.rank, r.grade) == (None, "D级")
    why = "否决项：考核结果一律为D级，评定为D级。"
    assert sheet_subtitle(anhui, r).endswith("评价状态：考核结果一律为D级；评价等级：D级")
    assert sheet_rows(anhui, r, {})[-1].cells[-1].endswith(f"等级：D级\n{why}")
    m = len(r.first_level)
    content = write_county_report(
        _list_meta(anhui), r, [50.0] * m, [50.0] * m, False, framework=anhui
    )
    facts = docx.Document(io.BytesIO(content)).tables[0]
    rows = {row.cells[0].text: row.cells[1].text for row in facts.rows}
    assert rows["评价等级"] == f"D级\n{why}"
    assert rows["全省排名"] == "不参与排名（考核结果一律为D级）"
    assert_no_county_words(docx_text(content))


def test_the_trend_chart_of_a_400_point_scheme_reaches_its_full_marks(guangdong):
    cohort = parse_cohort(generate_units(guangdong, 4, 4, YEAR), guangdong)
    unit = cohort.counties[0]
    years = [_campaign(guangdong, unit, YEAR - 1, None), _campaign(guangdong, unit, YEAR, cohort)]
    with mock.patch.object(charts, "line_chart", wraps=charts.line_chart) as drawn:
        content = write_quality_report(guangdong, unit.name, "", years, generated=GENERATED)
    assert drawn.call_args.kwargs["ymax"] == 400  # Guangdong's 质量评价: 400 points, not 100
    text = docx_text(content)
    assert "参照企业中位数" in text and "本企业自评总分依次为" in text
    assert_no_county_words(text)


def test_the_quality_report_leaves_bonus_and_deduction_blocks_out_of_the_shares():
    # tests/core/test_structure.py's scheme, its units named 市: 乙 has a base of 7 points
    # (实物质量 2 of 4, 质保能力 5 of 6), a bonus of 1 and a deduction of 2: 6 points, C级
    text = STRUCTURE.replace("total_points: 10\n", "total_points: 10\nevaluated_unit: 市\n")
    f = parse_framework(text, "tiny-structure.yaml")
    cohort = parse_cohort(
        {
            "format": "qcounty-cohort/1",
            "framework": f.id,
            "evaluation_year": 2022,
            "counties": [
                {"name": n.replace("县", "市"), "city": "", "values": v} for n, v in COHORT
            ],
        },
        f,
    )
    yi = cohort.counties[1]
    content = write_quality_report(
        f, yi.name, "", [_campaign(f, yi, 2022, cohort)], generated=GENERATED
    )
    text = docx_text(content)
    assert "等级为C级。基础分 7 分，加分 1 分，扣分 2 分，总分 6 分。" in text
    # one first-level node and two second-level ones in the base: the blocks' shares (100 %,
    # −100 %) are neither strengths nor weaknesses, and one node is compared with nothing
    assert "一级指标“质量评价”得分率 70.0%（7.00/10 分）；" in text
    assert "2个二级指标中，“质保能力”得分率最高（83.3%），“实物质量”最低（50.0%）。" in text
    assert "全部指标共失 3.00 分" in text  # 10 − 7, the base's
    assert "-100.0%" not in text
    assert_no_county_words(text)


def test_the_list_of_a_scheme_with_grades_gives_each_units_grade(anhui, anhui_scored):
    ranked = [r for r in anhui_scored if r.rank]
    entries = entries_from_results(ranked, anhui)
    assert [e.grade for e in entries] == [r.grade for r in ranked] and all(e.grade for e in entries)
    entries.sort(key=lambda e: e.rank)  # as the list shows them
    document = docx.Document(io.BytesIO(write_list_docx(_list_meta(anhui), entries)))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][4:6] == ["得分", "等级"]
    assert [row.cells[5].text for row in table.rows[1:]] == [e.grade for e in entries]
    sheet = openpyxl.load_workbook(io.BytesIO(write_list_xlsx(_list_meta(anhui), entries))).active
    assert [sheet.cell(2, c).value for c in (5, 6)] == ["得分", "等级"]
    assert [sheet.cell(3 + k, 6).value for k in range(len(entries))] == [e.grade for e in entries]


def test_the_score_report_of_a_scheme_with_blocks_gives_its_full_marks_without_them():
    """Taizhou's full marks are its base's 100: the bonus block (up to 5) adds above them and
    the deduction block (up to 3) takes off below them, so 兴化市's 102 is 102 of 100, not of 108."""
    from tests.core import test_golden_taizhou as golden

    framework = load_framework(golden.SCHEME)
    data = {
        "format": "qcounty-cohort/1",
        "framework": golden.SCHEME,
        "evaluation_year": 2011,
        "counties": [{"name": n, "city": "泰州市", "values": v} for n, v in golden.COHORT],
    }
    score = score_cohort(framework, parse_cohort(data, framework))
    xinghua = score.county(4)
    assert xinghua.name == "兴化市" and xinghua.full_marks == 100  # 30 + 50 + 20
    m = len(xinghua.first_level)
    content = write_county_report(
        _list_meta(framework), xinghua, [50.0] * m, [50.0] * m, False, framework=framework
    )
    text = docx_text(content)
    assert "102.00 分（满分 100 分）" in text
    medians = next(
        t
        for t in docx.Document(io.BytesIO(content)).tables
        if t.rows[0].cells[0].text == "一级指标"
    )
    assert [c.text for c in medians.rows[-1].cells[:3]] == ["合计", "100", "102.00"]
