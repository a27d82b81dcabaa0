"""Reading a filled-in template back: values as the web form accepts them, and hostile files."""

from __future__ import annotations

import copy
import os
import time
import zipfile
from collections.abc import Callable
from datetime import date
from functools import cache
from io import BytesIO
from typing import Any

import docx
import openpyxl
import pytest

from qcounty.core.framework.loader import load_framework
from qcounty.core.framework.model import Framework
from qcounty.core.synth import generate_cohort
from qcounty.office.reader import ParsedWorkbook, read_workbook
from qcounty.office.reader import workbook as reading  # where read_workbook loads the file
from qcounty.office.template import KEY_HEADER, META_SHEET, TemplateMeta, write_template
from tests import files


@cache
def shandong() -> Framework:
    return load_framework("shandong-county-2022")


def synthetic_values() -> dict[str, Any]:
    return copy.deepcopy(_values())


@cache
def _values() -> dict[str, Any]:
    values: dict[str, Any] = generate_cohort(shandong(), counties=1, seed=5, year=2023)["counties"][
        0
    ]["values"]
    return values


META = TemplateMeta(
    framework_id="shandong-county-2022",
    framework_version="2022",
    campaign="2023 年度质量强县创建",
    evaluation_year=2023,
    county="文登区",
    city="威海市",
    department=None,
    application_id=42,
    generated_at="2023-06-26T09:30:00+08:00",
)


@cache
def template() -> bytes:
    return write_template(shandong(), META, None, _values())


SMALL = {
    "i07.plan", "i12.platform", "i17.metrologists", "i17.a_class_coverage", "i35.scenic",
    "i36.firms", "i04.commendations",
}  # fmt: skip


@cache
def small_template() -> bytes:
    """A template of a few items, for the tests of single cells (faster to load and save)."""
    return write_template(shandong(), META, SMALL, _values())


def edit(change: Callable[[openpyxl.Workbook], None], data: bytes | None = None) -> bytes:
    """Return the template after a user's edits, as openpyxl saves it."""
    wb = openpyxl.load_workbook(BytesIO(data or template()))
    change(wb)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(ws: Any, key: str) -> int:
    """Return the row whose hidden key is `key`, as a user's macro would find it."""
    key_col = next(c.column for r in ws.iter_rows(max_row=30) for c in r if c.value == KEY_HEADER)
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, key_col).value == key)


def put(wb: openpyxl.Workbook, key: str, value: Any) -> int:
    ws = wb["填报"]
    r = row_of(ws, key)
    ws.cell(r, 4).value = value
    return r


def first_empty_row(ws: Any) -> int:
    r = 5
    while any(ws.cell(r, c).value is not None for c in range(2, ws.max_column + 1)):
        r += 1
    return r


def messages(parsed: ParsedWorkbook) -> str:
    return "\n".join(p.message for p in parsed.problems)


def assert_refused(parsed: ParsedWorkbook, text: str) -> None:
    assert parsed.values == {}
    assert parsed.refused
    assert len(parsed.problems) == 1
    problem = parsed.problems[0]
    assert (problem.sheet, problem.row) == ("", None)
    assert text in problem.message, problem.message


def assert_equal_values(got: dict[str, Any], expected: dict[str, Any]) -> None:
    assert set(got) == set(expected)
    for key, want in expected.items():
        if isinstance(want, float):
            assert got[key] == pytest.approx(want), key
        else:
            assert got[key] == want, key


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the reader hands the file to openpyxl: it must be refused before."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl was asked to load a file that should have been refused")

    monkeypatch.setattr(reading, "load_workbook", refuse)


# ---------------------------------------------------------------------------- round trip


def test_the_whole_scheme_round_trips_with_a_users_edits() -> None:
    fw = shandong()
    original = synthetic_values()
    assert read_workbook(template(), fw).values == original  # untouched: exactly the values

    new_record = {
        "level": "provincial",
        "issuer": "山东省市场监督管理局",
        "date": "2021-06-30",
        "title": "质量强省建设成效突出",
        "to_county_government": True,
    }
    rows: dict[str, int] = {}

    def fill(wb: openpyxl.Workbook) -> None:
        rows["i17.metrologists"] = put(wb, "i17.metrologists", 9)
        put(wb, "i17.a_class_coverage", "92.5%")
        put(wb, "i07.plan", "是")
        put(wb, "i12.platform", "有，但尚未有效运行")
        put(wb, "i03.activities#quality_month", "是")
        put(wb, "i35.scenic#a5", 1)
        put(wb, "i01.slogan_text", "厚德文登，品优致远")
        put(wb, "i36.revenue", "31.5")
        put(wb, "i32.green_area", "１２０,５００")  # full-width digits and a thousands comma
        put(wb, "i04.commendations", "有（逐条填写在对应工作表中）")
        put(wb, "i06.meetings", None)  # declared none → not reported
        ws = wb["表扬或激励"]
        r = first_empty_row(ws)
        labels = ["省级（国家部委、省委、省政府、省级议事协调机构）", "山东省市场监督管理局"]
        ws.cell(r, 2, labels[0])
        ws.cell(r, 3, labels[1])
        ws.cell(r, 4, "2021年6月30日")
        ws.cell(r, 5, "质量强省建设成效突出")
        ws.cell(r, 6, "是")

    parsed = read_workbook(edit(fill), fw)
    assert parsed.problems == [] and parsed.notes == []
    expected = synthetic_values()
    expected.update(
        {
            "i17.metrologists": 9,
            "i17.a_class_coverage": 92.5,
            "i07.plan": True,
            "i12.platform": "not_running",
            "i03.activities": ["quality_month", *expected["i03.activities"]],
            "i35.scenic": {**expected["i35.scenic"], "a5": 1},
            "i01.slogan_text": "厚德文登，品优致远",
            "i36.revenue": 31.5,
            "i32.green_area": 120500.0,
            "i04.commendations": [*expected["i04.commendations"], new_record],
            "i06.meetings": None,
        }
    )
    assert_equal_values(parsed.values, expected)
    assert parsed.meta == {
        "framework_id": "shandong-county-2022",
        "framework_version": "2022",
        "campaign": "2023 年度质量强县创建",
        "evaluation_year": 2023,
        "county": "文登区",
        "city": "威海市",
        "department": None,
        "application_id": 42,
        "generated_at": "2023-06-26T09:30:00+08:00",
    }

    changes = {c.key: c for c in parsed.changes(original)}
    assert set(changes) == {
        "i17.metrologists", "i17.a_class_coverage", "i07.plan", "i12.platform", "i03.activities",
        "i35.scenic", "i01.slogan_text", "i36.revenue", "i32.green_area", "i04.commendations",
        "i06.meetings",
    }  # fmt: skip
    metrologists = changes["i17.metrologists"]
    assert (metrologists.label, metrologists.old, metrologists.new) == ("注册计量师数量", 7, 9)
    assert (metrologists.sheet, metrologists.row) == ("填报", rows["i17.metrologists"])
    assert changes["i04.commendations"].sheet == "表扬或激励"
    assert changes["i06.meetings"].old == [] and changes["i06.meetings"].new is None


def test_unchanged_values_are_no_changes_whatever_their_form() -> None:
    parsed = read_workbook(template(), shandong())
    current = synthetic_values()
    current["i17.metrologists"] = 7.0  # 7 and 7.0 are the same count
    current["i03.activities"] = list(reversed(current["i03.activities"]))  # order is no change
    current["i04.commendations"] = list(reversed(current["i04.commendations"]))
    assert parsed.changes(current) == []


def test_a_department_template_imports_only_its_keys() -> None:
    fw = shandong()
    keys = {"i17.metrologists", "i17.public_standards", "i03.activities", "i14.standards"}
    data = write_template(fw, META, keys, _values())
    parsed = read_workbook(data, fw)
    assert parsed.problems == []
    assert set(parsed.values) == keys
    assert parsed.values["i14.standards"] == _values()["i14.standards"]


def test_a_blank_template_reads_as_not_reported() -> None:
    parsed = read_workbook(
        write_template(shandong(), META, {"i17.metrologists", "i42.awards"}), shandong()
    )
    assert parsed.problems == []
    assert parsed.values == {"i17.metrologists": None, "i42.awards": None}


def test_declared_none_and_options_left_empty() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        put(wb, "i42.awards", "无")
        for r in range(5, 8):
            for c in range(2, 8):
                wb["科技奖励"].cell(r, c).value = None
        for o in ("quality_month", "brand_day", "consumer_day", "standards_day", "metrology_day",
                  "accreditation_day", "qc_groups"):  # fmt: skip
            put(wb, f"i03.activities#{o}", "否")
        for o in ("a5", "a4", "a3", "a2", "a1"):
            put(wb, f"i35.scenic#{o}", None)
        put(wb, "i35.hotels#s5", None)  # one grade left empty: 0, as in the web form

    parsed = read_workbook(edit(fill), shandong())
    assert parsed.problems == []
    assert parsed.values["i42.awards"] == []
    assert parsed.values["i03.activities"] == []
    assert parsed.values["i35.scenic"] is None
    assert parsed.values["i35.hotels"]["s5"] == 0


# ------------------------------------------------------------------------------ hostile


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(2000), id="exe"),
        pytest.param("注册计量师数量,7\n".encode(), id="txt"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", id="pdf"),
        pytest.param(b"", id="empty"),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused(data: bytes, no_openpyxl: None) -> None:
    assert_refused(read_workbook(data, shandong()), "不是 Excel（.xlsx）文件")


def test_a_word_file_and_an_old_xls_are_refused(no_openpyxl: None) -> None:
    out = BytesIO()
    docx.Document().save(out)
    assert_refused(read_workbook(out.getvalue(), shandong()), "不是 Excel（.xlsx）文件")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    assert_refused(read_workbook(ole, shandong()), "旧版 Excel（.xls）文件")
    assert "“另存为” .xlsx 格式" in read_workbook(ole, shandong()).problems[0].message


def test_an_opendocument_spreadsheet_is_refused_with_save_as_xlsx(no_openpyxl: None) -> None:
    ods = _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": b'<?xml version="1.0"?><office:document-content/>',
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest/>',
        },
        zipfile.ZIP_STORED,
    )
    assert_refused(read_workbook(ods, shandong()), "OpenDocument（.ods 等）文件")
    assert (
        "“另存为” Excel 2007-365（.xlsx）格式" in read_workbook(ods, shandong()).problems[0].message
    )


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_opened(no_openpyxl: None) -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            chunk = bytes(16 * 1024 * 1024)
            for _ in range(14):  # 224 MB of zeros: a few hundred KB packed
                f.write(chunk)
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    assert_refused(read_workbook(data, shandong()), "压缩炸弹")
    # a ratio far beyond any workbook's, however small the total
    small = _zip(
        {"[Content_Types].xml": b"<Types/>", "xl/sharedStrings.xml": bytes(20 * 1024 * 1024)}
    )
    assert_refused(read_workbook(small, shandong()), "压缩炸弹")


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(no_openpyxl: None) -> None:
    # a real template with a 50 MB picture in it
    with zipfile.ZipFile(BytesIO(template())) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["xl/media/image1.png"] = os.urandom(50 * 1024 * 1024)
    data = _zip(members, zipfile.ZIP_STORED)
    assert len(data) > 50 * 1024 * 1024
    parsed = read_workbook(data, shandong())
    assert_refused(parsed, "文件过大")
    assert "上限为 20 MB" in parsed.problems[0].message
    assert_refused(read_workbook(template(), shandong(), max_bytes=10_000), "文件过大")


def test_xml_with_a_dtd_is_refused(no_openpyxl: None) -> None:
    with zipfile.ZipFile(BytesIO(template())) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
    members["xl/sharedStrings.xml"] = laughs + members.get("xl/sharedStrings.xml", b"<sst/>")
    assert_refused(read_workbook(_zip(members), shandong()), "不安全")


def test_a_damaged_file_is_refused() -> None:
    data = template()
    assert_refused(read_workbook(data[: len(data) // 2], shandong()), "")
    with zipfile.ZipFile(BytesIO(data)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["xl/workbook.xml"] = b"<workbook><not-closed>"
    parsed = read_workbook(_zip(members), shandong())
    assert parsed.refused and parsed.values == {}


def test_a_workbook_not_made_by_the_system_is_refused() -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["注册计量师数量", 7])
    out = BytesIO()
    wb.save(out)
    assert_refused(read_workbook(out.getvalue(), shandong()), "不是本系统生成的填报模板")

    def wrong_marker(wb: openpyxl.Workbook) -> None:
        wb[META_SHEET]["B1"] = "qcounty-template/0"

    assert_refused(
        read_workbook(edit(wrong_marker, small_template()), shandong()), "不是本系统生成的填报模板"
    )

    def no_meta(wb: openpyxl.Workbook) -> None:
        del wb[META_SHEET]

    assert_refused(
        read_workbook(edit(no_meta, small_template()), shandong()), "不是本系统生成的填报模板"
    )

    def other_scheme(wb: openpyxl.Workbook) -> None:
        wb[META_SHEET]["B2"] = "jiangsu-county-2024"

    parsed = read_workbook(edit(other_scheme, small_template()), shandong())
    assert_refused(parsed, "jiangsu-county-2024")
    assert parsed.meta["framework_id"] == "jiangsu-county-2024"


def test_formulas_are_reported_never_evaluated() -> None:
    rows: dict[str, int] = {}

    def fill(wb: openpyxl.Workbook) -> None:
        rows["count"] = put(wb, "i17.metrologists", "=3+4")
        rows["text"] = put(wb, "i01.slogan_text", '=HYPERLINK("http://example.invalid")')
        ws = wb["科技奖励"]
        ws["G5"] = "=TODAY()"

    parsed = read_workbook(edit(fill), shandong())
    assert "i17.metrologists" not in parsed.values
    assert "i01.slogan_text" not in parsed.values
    assert "i42.awards" not in parsed.values
    text = messages(parsed)
    assert f"第 {rows['count']} 行“注册计量师数量”是公式，请填写数值" in text
    assert f"第 {rows['text']} 行“质量精神/质量宣传口号”是公式" in text
    assert "第 5 行“获得时间”是公式" in text
    problem = next(p for p in parsed.problems if p.field == "注册计量师数量")
    assert (problem.sheet, problem.row) == ("填报", rows["count"])
    # everything else is still read
    assert parsed.values["i17.public_standards"] == _values()["i17.public_standards"]
    assert len(parsed.values) == len(_values()) - 3


def test_text_beginning_with_equals_in_a_text_cell_is_text() -> None:
    data = write_template(shandong(), META, {"i01.slogan_text"}, {"i01.slogan_text": "=厚德文登"})
    assert read_workbook(data, shandong()).values == {"i01.slogan_text": "=厚德文登"}


def test_rows_found_by_their_hidden_keys_not_positions() -> None:
    def shuffle(wb: openpyxl.Workbook) -> None:
        ws = wb["填报"]
        src = row_of(ws, "i17.public_standards")
        dst = ws.max_row + 3
        for c in (3, 4, 5, 7):  # 填报项, 填报内容, 单位 and the hidden key, far below
            ws.cell(dst, c).value = ws.cell(src, c).value
            ws.cell(src, c).value = None
        ws.cell(dst, 4).value = 30
        ws.delete_rows(row_of(ws, "i17.metrologists"))
        records = wb["质量激励"]
        records.insert_rows(5, 3)  # blank rows above the records
        records.move_range("B8:F8", rows=50)  # the first record far below the others

    parsed = read_workbook(edit(shuffle), shandong())
    assert parsed.problems == []
    assert "i17.metrologists" not in parsed.values  # a deleted row is not imported
    assert parsed.values["i17.public_standards"] == 30
    first, *others = _values()["i43.incentives"]
    assert parsed.values["i43.incentives"] == [*others, first]
    assert len(parsed.values) == len(_values()) - 1


def test_empty_rows_down_to_the_sheets_last_row_are_ignored_quickly() -> None:
    """After a row is deleted LibreOffice writes rows down to 1,048,576: not too many rows."""

    def delete_and_pad(wb: openpyxl.Workbook) -> None:
        for name in ("填报", "表扬或激励"):
            ws = wb[name]
            ws.delete_rows(row_of(ws, "i17.metrologists") if name == "填报" else 6)
            for r in (ws.max_row + 1, 1_048_575, 1_048_576):  # styled, empty: as LibreOffice
                ws.cell(r, 1).number_format = "General"
                ws.cell(r, 4).border = openpyxl.styles.Border()
                ws.row_dimensions[r].height = 12.8

    data = edit(delete_and_pad)
    started = time.monotonic()
    parsed = read_workbook(data, shandong())
    assert time.monotonic() - started < 5  # the empty rows are never walked one by one
    assert parsed.problems == []
    assert "i17.metrologists" not in parsed.values
    first, _second, *others = _values()["i04.commendations"]
    assert parsed.values["i04.commendations"] == [first, *others]
    assert len(parsed.values) == len(_values()) - 1


def test_an_unknown_key_and_a_duplicated_row_are_problems() -> None:
    rows: dict[str, int] = {}

    def fill(wb: openpyxl.Workbook) -> None:
        ws = wb["填报"]
        rows["bogus"] = row_of(ws, "i17.metrologists")
        ws.cell(rows["bogus"], 7).value = "i99.bogus"
        src = rows["first"] = row_of(ws, "i36.firms")
        rows["copy"] = ws.max_row + 1
        for c in range(1, 8):
            ws.cell(rows["copy"], c).value = ws.cell(src, c).value

    parsed = read_workbook(edit(fill), shandong())
    text = messages(parsed)
    assert f"第 {rows['bogus']} 行的字段代码“i99.bogus”不是本评价体系中的项目" in text
    label = "评价当年的前一年度规模以上服务业企业数量"
    assert f"第 {rows['copy']} 行“{label}”与第 {rows['first']} 行重复" in text
    assert "i17.metrologists" not in parsed.values
    assert "i36.firms" not in parsed.values


def test_extra_sheets_are_ignored_with_a_note() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        scratch = wb.create_sheet("我的草稿")
        scratch["A1"] = "计算过程"
        scratch["B2"] = "=SUM(1,2)"

    parsed = read_workbook(edit(fill), shandong())
    assert parsed.problems == []
    assert [n.sheet for n in parsed.notes] == ["我的草稿"]
    assert "已忽略" in parsed.notes[0].message
    assert parsed.values == _values()


def test_text_in_a_number_cell_names_the_row_and_field() -> None:
    rows: dict[str, int] = {}

    def fill(wb: openpyxl.Workbook) -> None:
        rows["count"] = put(wb, "i17.metrologists", "七个")
        rows["percent"] = put(wb, "i17.a_class_coverage", 120)
        rows["choice"] = put(wb, "i12.platform", "差不多")
        rows["bool"] = put(wb, "i07.plan", "也许")
        rows["grade"] = put(wb, "i35.scenic#a4", "两个")

    parsed = read_workbook(edit(fill, small_template()), shandong())
    text = messages(parsed)
    assert f"第 {rows['count']} 行“注册计量师数量”不是数字" in text
    assert (
        f"第 {rows['percent']} 行“A类强制检定社会公用计量标准覆盖率”：应在 0–100% 之间，实际为 120%"
        in text
    )
    assert (
        f"第 {rows['choice']} 行“质量基础设施“一站式”综合服务平台或服务站”填的“差不多”不是可选项"
        in text
    )
    assert (
        f"第 {rows['bool']} 行“制定质量强县（市、区）创建工作方案”应从下拉列表中选择“是”或“否”"
        in text
    )
    assert f"第 {rows['grade']} 行“A级旅游景区数量（截至评价当年的前一年度）·4A级”不是数字" in text
    for key in (
        "i17.metrologists",
        "i17.a_class_coverage",
        "i12.platform",
        "i07.plan",
        "i35.scenic",
    ):
        assert key not in parsed.values
    assert {p.row for p in parsed.problems} == set(rows.values())
    assert all(p.sheet == "填报" for p in parsed.problems)


@pytest.mark.parametrize(
    ("cell", "number_format"),
    [
        ("2021-06-30", "@"),
        ("2021/6/30", "@"),
        ("2021年6月30日", "@"),
        ("2021.6.30", "@"),
        ("20210630", "@"),
        (44377, "General"),  # an Excel serial in a cell without a date format
        (date(2021, 6, 30), "yyyy-mm-dd"),
    ],
)
def test_dates_as_text_serials_or_dates(cell: Any, number_format: str) -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        ws = wb["表扬或激励"]
        ws["D5"] = cell
        ws["D5"].number_format = number_format

    parsed = read_workbook(edit(fill, small_template()), shandong())
    assert parsed.problems == []
    assert parsed.values["i04.commendations"][0]["date"] == "2021-06-30"


def test_a_bad_record_names_its_sheet_row_and_field() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        ws = wb["表扬或激励"]
        ws["D5"] = "去年六月"
        ws["C6"] = None  # a required field left empty
        ws["B7"] = "县级"

    parsed = read_workbook(edit(fill, small_template()), shandong())
    assert "i04.commendations" not in parsed.values  # never half a list
    got = {(p.sheet, p.row, p.field) for p in parsed.problems}
    assert got == {
        ("表扬或激励", 5, "表扬或激励时间"),
        ("表扬或激励", 6, "表扬或激励部门"),
        ("表扬或激励", 7, "级别"),
        # row 7 has only 级别: every other required column is missing, each is named
        ("表扬或激励", 7, "表扬或激励部门"),
        ("表扬或激励", 7, "表扬或激励时间"),
        ("表扬或激励", 7, "表扬或激励内容"),
        ("表扬或激励", 7, "被表扬或激励的对象是申报县（市、区）人民政府"),
    }
    text = messages(parsed)
    assert (
        "第 5 行“表扬或激励时间”不是有效日期（填的是“去年六月”），应写成 2021-06-30 的形式" in text
    )
    assert "第 6 行：缺少“表扬或激励部门”" in text


def test_a_record_row_reports_every_missing_column() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        ws = wb["表扬或激励"]
        ws["C5"] = None
        ws["D5"] = None

    parsed = read_workbook(edit(fill, small_template()), shandong())
    assert {(p.sheet, p.row, p.field) for p in parsed.problems} == {
        ("表扬或激励", 5, "表扬或激励部门"),
        ("表扬或激励", 5, "表扬或激励时间"),
    }
    assert "第 5 行：缺少“表扬或激励时间”（必填）" in messages(parsed)


def test_merged_cells_read_their_top_left_value() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        ws = wb["填报"]
        r = put(wb, "i36.firms", 180)
        ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=5)

    parsed = read_workbook(edit(fill, small_template()), shandong())
    assert parsed.problems == []
    assert parsed.values["i36.firms"] == 180


def test_a_percentage_formatted_cell_is_read_as_shown() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        r = put(wb, "i17.a_class_coverage", 0.925)
        wb["填报"].cell(r, 4).number_format = "0.0%"

    parsed = read_workbook(edit(fill, small_template()), shandong())
    assert parsed.values["i17.a_class_coverage"] == pytest.approx(92.5)


def test_a_deleted_record_sheet_is_not_imported() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        del wb["科技奖励"]

    parsed = read_workbook(edit(fill), shandong())
    assert parsed.problems == []
    assert "i42.awards" not in parsed.values
    assert "科技奖励" in parsed.notes[0].message


def test_a_copied_main_sheet_makes_its_rows_duplicates() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        copy_ = wb.copy_worksheet(wb["填报"])
        copy_.title = "填报（副本）"

    parsed = read_workbook(edit(fill, small_template()), shandong())
    assert parsed.values == {}  # which copy is meant cannot be told: nothing is imported
    problem = next(p for p in parsed.problems if p.field == "注册计量师数量")
    assert problem.sheet == "填报（副本）"
    assert "与工作表“填报”第" in problem.message and "重复" in problem.message


def test_renamed_sheets_are_still_found_by_their_keys() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        wb["填报"].title = "Sheet1"
        wb["表扬或激励"].title = "表扬"

    parsed = read_workbook(edit(fill, small_template()), shandong())
    assert parsed.problems == [] and parsed.notes == []
    assert parsed.values["i04.commendations"] == _values()["i04.commendations"]
    assert parsed.locations["i04.commendations"] == ("表扬", 5)


def test_damaged_bytes_never_raise() -> None:
    import random

    data = small_template()
    rng = random.Random(5)
    for _ in range(40):
        broken = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            broken[rng.randrange(len(broken))] = rng.randrange(256)
        parsed = read_workbook(bytes(broken), shandong())  # never raises
        assert parsed.refused or parsed.values or parsed.problems


def test_a_member_with_a_path_outside_the_archive_is_refused(no_openpyxl: None) -> None:
    members = files.members_of(template())
    members["../../evil.xml"] = b"<x/>"
    assert_refused(read_workbook(files.zip_of(members), shandong()), "部件名称含有路径")


def test_a_dtd_behind_a_long_comment_is_refused(no_openpyxl: None) -> None:
    # a scan of the first few kilobytes of each part would not see it
    members = files.members_of(template())
    members["xl/workbook.xml"] = (
        files.LAUGHS.replace(b"?>\n", b"?>\n<!--" + b" " * 20_000 + b"-->", 1)
        + members["xl/workbook.xml"].split(b"?>", 1)[-1]
    )
    assert_refused(read_workbook(files.zip_of(members), shandong()), "不安全")


def test_a_dtd_in_a_part_of_another_suffix_is_refused(no_openpyxl: None) -> None:
    members = files.members_of(template())
    members["xl/worksheets/sheet9.bin"] = files.LAUGHS + b"<worksheet/>"
    assert_refused(read_workbook(files.zip_of(members), shandong()), "不安全")


def test_a_workbook_with_macros_is_refused(no_openpyxl: None) -> None:
    members = files.members_of(template())
    members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0"
    assert_refused(read_workbook(files.zip_of(members), shandong()), "宏")
