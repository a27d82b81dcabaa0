"""Annex 2 (重要指标): the official reporting form filled in from a county's values."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from qcounty.core.synth import generate_cohort
from qcounty.office.annex2 import annex2_docx, annex2_rows, annex2_xlsx, form_title
from tests.builders import YEAR, blank_values, shandong

COMMENDATION = {
    "level": "national",
    "issuer": "国务院办公厅",
    "date": "2021-03-01",
    "title": "质量工作督查激励",
    "to_county_government": True,
}


def wendeng(**changes: Any) -> dict[str, Any]:
    """Return a hand-made 文登区: a few items reported, the rest as in a blank county file."""
    values = blank_values(shandong())
    values.update(
        {
            "i01.slogan": True,
            "i01.slogan_text": "厚德文登，品优致远",
            "i02.model": "partly",
            "i03.activities": ["quality_month", "brand_day", "consumer_day"],
            "i04.commendations": [
                COMMENDATION,
                {**COMMENDATION, "date": "2020-05-06", "title": "质量强省建设成效明显"},
                {**COMMENDATION, "date": "2018-05-06", "title": "五年前的表扬"},  # outside
                {**COMMENDATION, "title": "表扬企业", "to_county_government": False},
                {**COMMENDATION, "level": "city", "issuer": "威海市人民政府", "title": "市级"},
            ],
            "i04.media_reports": [],
            "i07.plan": True,
            "i07.mobilisation": False,
            "i10.funded": ["development", "standards"],
            "i14.standards": [
                {
                    "scope": "national",
                    "role": "lead_formulate",
                    "title": "海参加工技术规范",
                    "code": "GB/T 00000-2021",
                    "date": "2021-06-30",
                }
            ],
            "i17.a_class_coverage": 95.5,
            "i17.metrologists": 6,
            "i30.batches": 700,
            "i30.resident_population": 580000,
            "i32.green_area": 152000.5,
        }
    )
    values.update(changes)
    return values


def _rows(values: dict[str, Any]) -> dict[str, list[str]]:
    rows = annex2_rows(shandong(), "文登区", "威海市", YEAR, values)
    return {r.statement: r.lines for r in rows}


def _row(values: dict[str, Any], start: str) -> list[str]:
    found = [lines for text, lines in _rows(values).items() if text.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def _docx(values: dict[str, Any]) -> Any:
    return docx.Document(io.BytesIO(annex2_docx(shandong(), "文登区", "威海市", YEAR, values)))


def _docx_row(document: Any, start: str) -> list[str]:
    table = document.tables[0]
    for row in table.rows:
        cells = row.cells
        if cells[2].text.startswith(start):
            return [_plain(p.text) for p in cells[3].paragraphs]
    raise AssertionError(start)


def _plain(text: str) -> str:
    """Return a cell's text without the word joiners and no-break spaces that hold it together."""
    return text.replace("\u2060", "").replace("\u00a0", " ")


# --------------------------------------------------------------------------- rows


def test_one_row_per_annex2_statement_gates_first():
    f = shandong()
    rows = annex2_rows(f, "文登区", "威海市", YEAR, wendeng())
    statements = {x.annex2 for x in f.inputs() if x.annex2}
    assert len(rows) == len(statements)  # every statement once, gates included
    assert [r.first for r in rows[:2]] == ["前置指标", "一票否决项"]
    assert all(r.gate for r in rows[:2]) and not any(r.gate for r in rows[2:])
    assert rows[2].first == "质量发展理念" and rows[2].second == "质量理念"
    assert rows[-1].second == "质量激励"


def test_title_is_the_seeds_county_and_campaign_without_the_city():
    # the seed: "文登区创建山东省质量强县（市、区）" / "重要指标", no 威海市, no year line
    assert form_title(shandong(), "文登区", "威海市") == (
        "文登区创建山东省质量强县（市、区）\n重要指标"
    )


def test_yes_box_ticked_and_the_slogan_written_in_its_blank():
    lines = _row(wendeng(), "是否树立明确的质量发展理念")
    assert lines == ["☑是，质量精神/质量宣传口号：厚德文登，品优致远", "□否"]


def test_commendations_counted_from_the_records_in_their_window():
    lines = _row(wendeng(), "近三年质量提升、质量创新、质量共治、质量赋能产业发展等相关工作得到")
    assert lines[0] == "☑国家级（党中央、国务院、国家级议事协调机构），2次"
    assert lines[1] == "□省级（国家部委、省委、省政府、省级议事协调机构），0次"
    assert lines[2] == "☑市级（省直部门、市委、市政府、市级议事协调机构），1次"
    assert lines[3] == "□无"
    assert lines[4] == "请列明表扬或激励部门、表扬或激励时间、表扬或激励内容"
    listed = lines[5:]
    assert len(listed) == 5
    assert listed[0].startswith("1. 级别：国家级（党中央、国务院、国家级议事协调机构）；")
    assert "表扬或激励部门：国务院办公厅" in listed[0]
    assert "表扬或激励时间：2021年3月1日" in listed[0]
    assert listed[2].endswith("（不计入：不在近三年（2019–2021 年）内）")
    assert listed[3].endswith("（不计数：被表扬或激励的对象是申报县（市、区）人民政府：否）")


def test_an_empty_list_ticks_none_and_an_unreported_one_leaves_blanks():
    lines = _row(wendeng(), "近三年质量提升、质量创新、质量共治、质量赋能产业发展等相关工作是否被")
    assert lines == [
        "□国家级（人民日报、新华社、中央广播电视总台等）主流媒体宣传报道（广告宣传除外），0次",
        "□省级（大众日报、山东卫视等）主流媒体宣传报道（广告宣传除外），0次",
        "☑无",
        "请列明媒体名称、宣传标题、主要宣传内容、报道时间",
    ]
    lines = _row(wendeng(), "近三年是否承担或举办")
    assert lines[:4] == ["□国家级，____次", "□省级，____次", "□市级，____次", "□无"]


def test_standards_counted_into_the_seeds_blanks():
    lines = _row(wendeng(), "近三年标准制修订数量")
    assert lines[0] == "□国际标准或国外先进标准（主导0项，参与0项）"
    assert lines[1] == "☑国家标准（主导制定1项，参与制定0项，主导或参与修订0项）"
    assert lines[2] == "□省级地方标准（主导制定0项）"
    assert lines[4].startswith("1. 标准类别：国家标准；制修订方式：主导制定；标准名称：海参")


def test_veto_asks_whether_it_happened():
    assert _row(wendeng(), "近三年内是否发生") == ["□是 ☑否"]
    happened = _row(wendeng(**{"veto.environment_incident": True}), "近三年内是否发生")
    assert happened == ["☑是 □否"]
    unknown = _row(wendeng(**{"veto.safety_accident": None}), "近三年内是否发生")
    assert unknown == ["□是 □否"]


def test_prerequisite_from_its_conditions():
    assert _row(wendeng(), "辖区内，新评定或复核通过的三星") == ["☑是 □否"]
    failing = _row(wendeng(**{"pre.four_star": 1}), "辖区内，新评定或复核通过的三星")
    assert failing == ["□是 ☑否"]


def test_yes_no_items_numbers_and_thresholds_keep_the_seeds_words():
    # #4: the seed asks 是/否; a model "partly" promotable is a 是
    assert _row(wendeng(), "是否有符合当地特色") == [
        "☑是，请介绍质量发展模式内容及其可借鉴推广性：____",
        "□否",
    ]
    funded = _row(wendeng(), "在质量发展、质量监督")
    assert funded == [
        "☑是，请说明具体情况（列明各领域财政经费数额）",
        "有支持工作需要的财政经费的领域：质量发展、标准",
        "□否",
    ]
    assert _row(wendeng(), "A类强制检定") == ["☑是，覆盖率：95.5%", "□否"]
    assert _row(wendeng(), "注册计量师数量") == ["6个（同时具备一级、二级注册计量师的，按1人统计）"]
    assert _row(wendeng(), "评价当年的前一年度新增绿色建筑面积") == ["152000.5平方米"]
    # 700 batches for 580,000 residents = 1.21 per 1,000: the indicator's rule answers 是否
    assert _row(wendeng(), "本地区工业产品、消费品") == ["☑是，1.21批次/千人", "□否"]
    assert _row(wendeng(), "是否制定质量强县") == ["☑是", "□否"]
    assert _row(wendeng(), "政府是否专门组织召开") == ["□是", "☑否"]


def test_unreported_items_keep_empty_boxes_and_blanks():
    blank = blank_values(shandong())
    assert _row(blank, "是否树立明确的质量发展理念") == [
        "□是，质量精神/质量宣传口号：____",
        "□否",
    ]
    assert _row(blank, "A类强制检定") == ["□是，覆盖率：____%", "□否"]
    assert _row(blank, "本地区工业产品、消费品") == ["□是，____批次/千人", "□否"]
    assert _row(blank, "辖区内是否有获批筹建") == ["□国家级", "□省级", "□无"]


def test_no_scoring_artefacts_in_the_form():
    f = shandong()
    county = generate_cohort(f, counties=3, seed=11, year=YEAR)["counties"][0]
    rows = annex2_rows(f, county["name"], county["city"], YEAR, county["values"])
    text = "\n".join(line for r in rows for line in [r.statement, *r.lines])
    assert "科技奖励原始分" not in text and "医疗领域服务质量评分" not in text
    assert "评价年度" not in text


def test_typed_values_read_like_json_values():
    typed = wendeng()
    typed["i14.standards"] = [{**typed["i14.standards"][0], "date": date(2021, 6, 30)}]
    assert _rows(typed) == _rows(wendeng())


def test_invalid_values_are_treated_as_unreported():
    values = wendeng(**{"i01.slogan": "yes", "i17.metrologists": -3})
    values["i04.commendations"] = [*values["i04.commendations"], {"level": "nowhere"}]
    assert _row(values, "是否树立明确的质量发展理念")[0].startswith("□是，")
    assert _row(values, "注册计量师数量")[0].startswith("____个")
    commended = _row(values, "近三年质量提升、质量创新、质量共治、质量赋能产业发展等相关工作得到")
    assert commended[0].endswith("2次")
    assert commended[-1].startswith("第 6 条记录有误，未列入：")


def test_a_realistic_county_fills_every_row():
    f = shandong()
    county = generate_cohort(f, counties=5, seed=11, year=YEAR)["counties"][0]
    rows = annex2_rows(f, county["name"], county["city"], YEAR, county["values"])
    assert all(r.lines for r in rows)
    # every blank is filled but where the county reported nothing for it (a record kind
    # it has none of still shows its count, 0)
    assert not any("____" in line for r in rows for line in r.lines if line[:1] in "☑")


# --------------------------------------------------------------------------- Word


def test_docx_holds_the_form_with_ticked_boxes():
    document = _docx(wendeng())
    assert document.paragraphs[0].text == "附件2"
    assert document.paragraphs[1].text == "文登区创建山东省质量强县（市、区）\n重要指标"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["一级指标", "二级指标", "指标表述", "填报内容"]
    assert len(table.rows) == 1 + len(annex2_rows(shandong(), "文登区", "威海市", YEAR, wendeng()))
    commended = _docx_row(
        document, "近三年质量提升、质量创新、质量共治、质量赋能产业发展等相关工作得到"
    )
    assert "☑国家级（党中央、国务院、国家级议事协调机构），2次" in commended
    assert _docx_row(document, "是否树立明确的质量发展理念")[1] == "□否"
    assert _docx_row(document, "近三年内是否发生")[0] == "□是 ☑否"


def test_docx_merges_levels_and_spans_the_gate_rows():
    table = _docx(wendeng()).tables[0]
    gate = table.rows[1]
    assert gate.cells[0]._tc is gate.cells[1]._tc  # 前置指标 across two columns
    # 质量理念 has two statements: its first- and second-level cells are merged down
    first, second = table.rows[3]._tr.tc_lst, table.rows[4]._tr.tc_lst
    assert first[0].vMerge == "restart" and second[0].vMerge == "continue"
    assert first[1].vMerge == "restart" and second[1].vMerge == "continue"
    assert table.cell(3, 0).text == "质量发展理念" and table.cell(3, 1).text == "质量理念"
    assert table.cell(4, 0).text == "质量发展理念"  # the merged cell, not a copy


def test_docx_page_and_fonts_follow_the_standard():
    document = _docx(wendeng())
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(section.top_margin - Cm(3.7)) < Cm(0.01)
    assert abs(section.bottom_margin - Cm(3.5)) < Cm(0.01)
    assert abs(section.left_margin - Cm(2.8)) < Cm(0.01)
    assert abs(section.right_margin - Cm(2.6)) < Cm(0.01)

    def east_asia(run: Any) -> str:
        return run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    title = document.paragraphs[1].runs[0]
    assert east_asia(title) == "方正小标宋简体"
    assert title.font.size.pt == 22
    body_runs = [r for c in document.tables[0].rows[5].cells for p in c.paragraphs for r in p.runs]
    assert body_runs and all(east_asia(r).startswith("仿宋") for r in body_runs)
    assert all(r.font.size.pt == 10.5 for r in body_runs)
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16
    normal_fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert normal_fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_docx_footer_has_a_page_field_on_odd_and_even_pages():
    document = _docx(wendeng())
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(
            " —"
        )


def test_docx_declares_font_fallbacks():
    data = annex2_docx(shandong(), "文登区", "威海市", YEAR, wendeng())
    import zipfile

    fonts = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="方正小标宋简体"><w:altName w:val="黑体"/>' in fonts
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts


# --------------------------------------------------------------------------- Excel


def _xlsx(values: dict[str, Any]) -> Any:
    data = annex2_xlsx(shandong(), "文登区", "威海市", YEAR, values)
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_xlsx_holds_the_same_rows_with_print_setup():
    ws = _xlsx(wendeng())
    rows = annex2_rows(shandong(), "文登区", "威海市", YEAR, wendeng())
    assert ws["A1"].value == "附件2"
    assert ws["A2"].value == "文登区创建山东省质量强县（市、区）\n重要指标"
    assert [ws.cell(3, c).value for c in range(1, 5)] == [
        "一级指标",
        "二级指标",
        "指标表述",
        "填报内容",
    ]
    assert ws.max_row == 3 + len(rows)
    for n, row in enumerate(rows, start=4):
        assert ws.cell(n, 3).value == row.statement
        assert ws.cell(n, 4).value == "\n".join(row.lines)
        assert ws.cell(n, 4).alignment.wrap_text
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.orientation == "portrait"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.freeze_panes == "A4"
    assert ws.column_dimensions["D"].width >= 40 and ws.column_dimensions["C"].width >= 30
    assert "A4:B4" in {str(r) for r in ws.merged_cells.ranges}  # the prerequisite's name


def test_xlsx_writes_formula_like_text_as_text():
    values = wendeng()
    values["i04.commendations"] = [{**COMMENDATION, "title": "=1+1"}]
    values["i01.slogan_text"] = '=HYPERLINK("http://example.com")'
    ws = _xlsx(values)
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str) and cell.value.startswith("="):
                assert cell.data_type == "s"
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("表扬或激励内容：=1+1" in t for t in texts)
    slogan = next(t for t in texts if t.startswith("☑是，质量精神"))
    assert slogan.endswith('=HYPERLINK("http://example.com")\n□否')


@pytest.mark.parametrize("writer", [annex2_docx, annex2_xlsx])
def test_control_characters_in_names_do_not_break_the_files(writer):
    data = writer(shandong(), "文登区\x0b", "威海市\x00", YEAR, wendeng())
    if writer is annex2_docx:
        assert docx.Document(io.BytesIO(data)).paragraphs[1].text.startswith("文登区创建")
    else:
        assert openpyxl.load_workbook(io.BytesIO(data)).active["A2"].value.startswith("文登区")


# --------------------------------------------------------------------------- the seed's form

SEED = Path(__file__).resolve().parents[2] / "docs" / "spec" / "wendeng-2023-plan.txt"


def seed_items() -> list[tuple[str, str]]:
    """Return (指标表述, 填报内容) of every item of the seed's Annex 2, whitespace removed.

    The seed is the plan's text: after "附件2" a table, one cell a tab-led line (continued on
    the lines after it), rows apart by a blank line, the header row repeated on every page.
    """
    lines = SEED.read_text("utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("附件2"))
    rows: list[list[str]] = []
    row: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("\t"):
            row.append(line[1:])
        elif not line.strip():
            if row:
                rows.append(row)
            row = []
        elif row:
            row[-1] += line
    if row:
        rows.append(row)

    def squeeze(text: str) -> str:
        return re.sub(r"_{3,}", "____", "".join(text.replace("[bookmark: _GoBack]", "").split()))

    items = []
    for cells in rows:
        if cells[:2] == ["一级指标", "二级指标"]:
            continue  # the header, repeated on every page
        texts = cells[1:] if len(cells) == 3 else cells[2:]  # a gate spans two columns
        items.append((squeeze(texts[0]), squeeze("".join(texts[1:]))))
    return items


def _cells(values: dict[str, Any]) -> list[tuple[str, list[str]]]:
    table = _docx(values).tables[0]
    return [
        (_plain(row.cells[2].text), [_plain(p.text) for p in row.cells[3].paragraphs])
        for row in table.rows[1:]
    ]


def test_the_seed_has_75_items():
    assert len(seed_items()) == 75  # 2 gates + 73 statements of the 43 indicators


def test_an_unreported_form_is_the_seeds_form_word_for_word():
    cells = _cells(blank_values(shandong()))
    seed = seed_items()
    assert len(cells) == len(seed)
    for n, ((statement, lines), (seed_statement, seed_content)) in enumerate(
        zip(cells, seed, strict=True), start=1
    ):
        assert "".join(statement.split()) == seed_statement, n
        words = "".join("".join(lines).split()).replace("☑", "□")  # the words, not the ticks
        assert words == seed_content, n


def test_a_filled_form_keeps_every_seed_line_and_fills_only_boxes_and_blanks():
    f = shandong()
    county = generate_cohort(f, counties=3, seed=11, year=YEAR)["counties"][0]
    blank = _cells(blank_values(f))
    filled = _cells(county["values"])
    for n, ((_, seed_lines), (_, lines)) in enumerate(zip(blank, filled, strict=True), start=1):
        # each seed line, in order, with □ → □/☑ and ____ → a value; the county's details
        # (its texts and records) may stand between them, under the item's prompt
        rest = iter(lines)
        for seed_line in seed_lines:
            pattern = "".join(
                "[□☑]" if part == "□" else ".+?" if part == "____" else re.escape(part)
                for part in re.split(r"(□|____)", seed_line)
            )
            assert any(re.fullmatch(pattern, line) for line in rest), (n, seed_line, lines)


def test_docx_keeps_boxes_with_their_labels_and_numbers_with_their_units():
    lines = [
        p.text for row in _docx(wendeng()).tables[0].rows for p in row.cells[3].paragraphs if p.text
    ]
    boxed = [line for line in lines if line.startswith(("☑", "□"))]
    assert boxed and all(line[1] == "\u2060" for line in boxed)
    rows = _docx(wendeng()).tables[0]._tbl.tr_lst
    assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)


def test_the_demos_annex2_reads_like_wendengs_own_not_placeholders():
    """The demo's 文登区 (synthetic values) writes its real slogan, activities and awards."""
    from tests.office import wendeng as demo_wendeng

    w = demo_wendeng.wendeng()
    rows = annex2_rows(w.framework, "文登区", "威海市", w.year, w.values)
    text = "\n".join(line for r in rows for line in r.lines)
    assert "质量精神/质量宣传口号：厚德文登，品优致远" in text
    assert "“质量月”主题宣传活动" in text or "表扬或激励部门：" in text
    placeholders = re.findall(r"\S*(?:示例|活动名称\d|表扬或激励部门\d|事项\d)\S*", text)
    assert placeholders == []
