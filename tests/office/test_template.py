"""The Excel reporting template: Annex 2's items, generated from the framework."""

from __future__ import annotations

import itertools
import zipfile
from functools import cache
from io import BytesIO
from typing import Any

import openpyxl
import pytest

from qcounty.core.framework.inputs import ChecklistInput, CountsInput, RecordsInput
from qcounty.core.framework.loader import load_framework
from qcounty.core.framework.model import Framework
from qcounty.core.synth import generate_cohort
from qcounty.office.template import (
    FORMAT,
    HEADERS,
    KEY_HEADER,
    META_SHEET,
    TemplateMeta,
    option_key,
    write_template,
)


@cache
def shandong() -> Framework:
    return load_framework("shandong-county-2022")


@cache
def synthetic_values() -> dict[str, Any]:
    values: dict[str, Any] = generate_cohort(shandong(), counties=1, seed=5, year=2023)["counties"][
        0
    ]["values"]
    return values


def meta(department: str | None = None) -> TemplateMeta:
    return TemplateMeta(
        framework_id="shandong-county-2022",
        framework_version="2022",
        campaign="2023 年度质量强县创建",
        evaluation_year=2023,
        county="文登区",
        city="威海市",
        department=department,
        application_id=42,
        generated_at="2023-06-26T09:30:00+08:00",
    )


@cache
def full_template() -> bytes:
    return write_template(shandong(), meta(), None, synthetic_values())


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(data))


def header_row(ws: Any) -> int:
    return next(r for r in range(1, 30) if ws.cell(r, 7).value == KEY_HEADER)


def rows_by_key(ws: Any) -> dict[str, int]:
    top = header_row(ws)
    return {ws.cell(r, 7).value: r for r in range(top + 1, ws.max_row + 1) if ws.cell(r, 7).value}


def template_keys(wb: openpyxl.Workbook) -> set[str]:
    """Return the input keys a template asks for: the main sheet's rows and the record sheets."""
    keys = {k.split("#")[0] for k in rows_by_key(wb["填报"])}
    for ws in wb.worksheets[1:]:
        if ws.title != META_SHEET and ws.cell(4, 1).value:
            keys.add(ws.cell(4, 1).value)
    return keys


def department_keys(framework: Framework, unit: str) -> set[str]:
    """Return the keys a unit answers for: an input's own units, else its indicator's."""
    out = set()
    for gate in framework.gates:
        out |= {x.key for x in gate.inputs if unit in (x.units or gate.units)}
    for ind in framework.indicators():
        out |= {x.key for x in ind.inputs if unit in (x.units or ind.units)}
    return out


def test_main_sheet_follows_annex2_with_hidden_keys() -> None:
    wb = load(full_template())
    assert wb.sheetnames[0] == "填报"
    ws = wb["填报"]
    top = header_row(ws)
    assert tuple(ws.cell(top, c).value for c in range(1, 8)) == HEADERS
    assert ws.column_dimensions["G"].hidden
    assert "填报说明" in "".join(str(ws.cell(r, 1).value or "") for r in range(1, top))
    rows = rows_by_key(ws)
    # every scalar input has a row, every option of a checklist or counts input its own row
    fw = shandong()
    for spec in fw.inputs():
        if isinstance(spec, ChecklistInput | CountsInput):
            assert all(option_key(spec.key, o.id) in rows for o in spec.options)
        else:
            assert spec.key in rows
    # in the framework's order
    assert rows["pre.stations"] < rows["veto.safety_accident"] < rows["i01.slogan"]
    assert rows["i17.metrologists"] < rows["i43.incentives"]
    # item 17: its number, Annex 2's statement, the field, its unit and the seed's standard
    r = rows["i17.metrologists"]
    number_cell = next(
        ws.cell(m.min_row, 1)
        for m in ws.merged_cells.ranges
        if m.min_col == 1 and m.min_row <= r <= m.max_row
    )
    assert number_cell.value == "17"
    assert ws.cell(r, 2).value == "注册计量师数量。"
    assert ws.cell(r, 3).value == "注册计量师数量"
    assert ws.cell(r, 4).value == 7  # pre-filled from the values
    assert ws.cell(r, 5).value == "人"
    standard = next(
        ws.cell(m.min_row, 6).value
        for m in ws.merged_cells.ranges
        if m.min_col == 6 and m.min_row <= r <= m.max_row
    )
    assert "注册计量师数量不少于3人，每增1人得0.1分，最高1分" in standard
    assert ws.cell(r, 4).comment is not None  # the field's help
    assert "按1人统计" in ws.cell(r, 4).comment.text
    # a checklist option row and a record list's row
    assert (
        ws.cell(rows["i03.activities#quality_month"], 3).value
        == "近一年开展的群众性质量文化活动·“质量月”"
    )
    assert ws.cell(rows["i03.activities#quality_month"], 4).value == "否"
    assert ws.cell(rows["i03.activities#consumer_day"], 4).value == "是"
    assert ws.cell(rows["i06.meetings"], 4).value == "无"  # an empty list: declared none
    assert ws.cell(rows["i04.commendations"], 4).value.startswith("有")
    assert ws.cell(rows["i02.model"], 4).value == "有质量发展模式，具备一定的推广性"


def test_protection_and_drop_downs() -> None:
    wb = load(full_template())
    ws = wb["填报"]
    rows = rows_by_key(ws)
    assert ws.protection.sheet
    r = rows["i17.metrologists"]
    assert ws.cell(r, 4).protection.locked is False
    assert ws.cell(r, 3).protection.locked is not False
    assert ws.cell(r, 7).protection.locked is not False

    def rule(cell: str) -> Any:
        return next(dv for dv in ws.data_validations.dataValidation if cell in dv.sqref)

    yes_no = rule(f"D{rows['i07.plan']}")
    assert yes_no.type == "list" and yes_no.formula1 == '"是,否"'
    choice = rule(f"D{rows['i12.platform']}")
    assert choice.formula1 == '"有，且有效运行,有，但尚未有效运行,无"'
    count = rule(f"D{r}")
    assert count.type == "whole" and count.formula1 == "0" and "整数" in count.error
    percent = rule(f"D{rows['i17.a_class_coverage']}")
    assert (percent.type, percent.formula1, percent.formula2) == ("decimal", "0", "100")
    assert percent.error == "请填写 0–100% 之间的数字"
    assert rule(f"D{rows['i35.scenic_increase#a5']}").formula1 == "-1000"

    sheet = wb["表扬或激励"]
    assert sheet.protection.sheet
    assert [sheet.cell(4, c).value for c in range(1, 7)] == [
        "i04.commendations", "level", "issuer", "date", "title", "to_county_government",
    ]  # fmt: skip
    assert sheet.row_dimensions[4].hidden
    assert sheet.cell(3, 2).value == "级别 *"
    assert sheet.cell(5, 4).number_format == "yyyy-mm-dd"
    assert sheet.cell(5, 2).protection.locked is False
    level = next(dv for dv in sheet.data_validations.dataValidation if "B5" in dv.sqref)
    assert level.type == "list" and "B2004" in level.sqref  # rows added later get it too
    date_rule = next(dv for dv in sheet.data_validations.dataValidation if "D5" in dv.sqref)
    assert date_rule.type == "date" and date_rule.error == "请填写日期，如 2021-06-30"

    assert wb[META_SHEET].sheet_state == "veryHidden"
    written = {row[0]: row[1] for row in wb[META_SHEET].iter_rows(values_only=True)}
    assert written["format"] == FORMAT
    assert written["application_id"] == 42
    assert written["county"] == "文登区"
    assert written["department"] is None


def test_rows_of_a_protected_record_sheet_can_be_deleted_and_inserted() -> None:
    """Deleting a row of a protected sheet needs every cell of it unlocked, 序号 included."""
    sheet = load(full_template())["表扬或激励"]
    assert sheet.protection.sheet
    assert sheet.protection.deleteRows is False and sheet.protection.insertRows is False  # allowed
    for col in range(1, 7):
        assert sheet.cell(5, col).protection.locked is False, col
        assert sheet.cell(3, col).protection.locked is not False  # the header stays locked
    columns = sorted(
        (d.min, d.max, d.protection.locked) for d in sheet.column_dimensions.values() if d.min
    )
    assert columns[0][0] == 1 and columns[-1][1] == 16_384
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(columns))
    assert {locked for *_, locked in columns} == {False}


def test_read_only_items_are_locked_grey_and_say_why() -> None:
    keys = {"i17.metrologists", "i17.public_standards", "i10.funded", "i14.standards"}
    data = write_template(
        shandong(),
        meta(),
        keys,
        synthetic_values(),
        read_only={"i17.metrologists", "i10.funded", "i14.standards"},
        read_only_note="所在部分已提交，请联系办公室退回。",
    )
    wb = load(data)
    ws = wb["填报"]
    rows = rows_by_key(ws)
    for key in ("i17.metrologists", option_key("i10.funded", "brand"), "i14.standards"):
        cell = ws.cell(rows[key], 4)
        assert cell.protection.locked is not False, key
        assert cell.fill.fgColor.rgb.endswith("D9D9D9"), key
        assert cell.comment.text == "只读：所在部分已提交，请联系办公室退回。", key
    open_cell = ws.cell(rows["i17.public_standards"], 4)
    assert open_cell.protection.locked is False and open_cell.fill.fgColor.rgb.endswith("FFF2CC")
    intro = [ws.cell(r, 1).value for r in range(1, header_row(ws))]
    assert "7. 灰色的“填报内容”只读：所在部分已提交，请联系办公室退回。" in intro
    records = wb["标准制修订"]
    assert records["A2"].value == "本表只读：所在部分已提交，请联系办公室退回。"
    assert records.protection.insertRows is not False and records.protection.deleteRows is not False
    assert all(
        c.protection.locked is not False for row in records.iter_rows(min_row=5) for c in row
    )


def test_the_header_and_the_checks_read_as_chinese_text() -> None:
    ws = load(full_template())["填报"]
    assert "生成时间：2023年6月26日 09:30" in ws["A2"].value
    rows = rows_by_key(ws)
    rule = next(
        dv
        for dv in ws.data_validations.dataValidation
        if f"D{rows['i41.patents']}" in str(dv.sqref)
    )
    assert rule.error == "请填写不小于 0 的数字（单位：件/万人）"


def test_record_sheets_are_named_after_their_lists() -> None:
    wb = load(full_template())
    fw = shandong()
    lists = [x for x in fw.inputs() if isinstance(x, RecordsInput)]
    assert len(wb.sheetnames) == 1 + len(lists) + 1
    for name in wb.sheetnames[1:-1]:
        assert len(name) <= 31
    assert len(set(wb.sheetnames)) == len(wb.sheetnames)
    ws = wb["质量激励"]
    assert ws.cell(4, 1).value == "i43.incentives"
    values = synthetic_values()["i43.incentives"]
    assert ws.cell(5, 2).value == next(
        o.label
        for o in fw.records_input("i43.incentives").fields[0].options
        if o.id == values[0]["kind"]
    )
    assert ws.cell(5, 5).value.date().isoformat() == values[0]["date"]


@pytest.mark.parametrize("unit", ["market_supervision", "statistics"])
def test_a_department_template_has_exactly_its_keys(unit: str) -> None:
    fw = shandong()
    keys = department_keys(fw, unit)
    wb = load(write_template(fw, meta("区市场监管局"), keys, synthetic_values()))
    assert template_keys(wb) == keys
    written = {row[0]: row[1] for row in wb[META_SHEET].iter_rows(values_only=True)}
    assert written["department"] == "区市场监管局"


def test_text_is_never_written_as_a_formula() -> None:
    fw = shandong()
    values = dict(synthetic_values())
    values["i01.slogan_text"] = '=HYPERLINK("http://example.invalid","点击")'
    values["i06.body_name"] = "+cmd|' /C calc'!A0"
    values["i09.detail"] = "-2+3"
    values["i10.detail"] = "@SUM(1)"
    values["i04.commendations"] = [
        {**values["i04.commendations"][0], "title": "=1+1", "issuer": "@evil"}
    ]
    data = write_template(fw, meta(), None, values)
    with zipfile.ZipFile(BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name)
    wb = load(data)
    ws = wb["填报"]
    rows = rows_by_key(ws)
    for key, start in [
        ("i01.slogan_text", "="),
        ("i06.body_name", "+"),
        ("i09.detail", "-"),
        ("i10.detail", "@"),
    ]:
        cell = ws.cell(rows[key], 4)
        assert cell.data_type == "s" and cell.value == values[key] and cell.value.startswith(start)
        assert cell.quotePrefix
    sheet = wb["表扬或激励"]
    assert sheet["E5"].data_type == "s" and sheet["E5"].value == "=1+1"
    assert sheet["C5"].data_type == "s" and sheet["C5"].value == "@evil"


def test_a_blank_template_has_no_values() -> None:
    wb = load(write_template(shandong(), meta(), None))
    ws = wb["填报"]
    assert all(ws.cell(r, 4).value is None for r in rows_by_key(ws).values())
    assert wb["科技奖励"].cell(5, 2).value is None


def test_long_option_lists_go_to_a_hidden_sheet() -> None:
    from qcounty.office.template import LISTS_SHEET, _Lists

    wb = openpyxl.Workbook()
    lists = _Lists(wb)
    assert lists.formula(["是", "否"]) == '"是,否"'
    labels = ["国家级, 含部委", "省级"]  # a comma cannot stand in an in-cell list
    assert lists.formula(labels) == f"'{LISTS_SHEET}'!$A$1:$A$2"
    assert lists.formula(["x" * 200, "y" * 100]) == f"'{LISTS_SHEET}'!$B$1:$B$2"
    assert lists.formula(labels) == f"'{LISTS_SHEET}'!$A$1:$A$2"  # written once
    assert wb[LISTS_SHEET].sheet_state == "veryHidden"
    assert [c.value for c in wb[LISTS_SHEET]["A"]] == labels
