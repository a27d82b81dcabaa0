"""The objection register (.xlsx) and the reply letter (.docx, GB/T 9704)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import openpyxl
from docx.oxml.ns import qn

from qcounty.office.objections import (
    REGISTER_COLUMNS,
    ObjectionRow,
    Reply,
    write_register_xlsx,
    write_reply_docx,
)
from qcounty.office.publication_frame import ISSUER

CAMPAIGN = "2023年山东省质量强县（市、区）创建"


def row(number: int, **changes: Any) -> ObjectionRow:
    data: dict[str, Any] = {
        "number": number,
        "received_on": date(2026, 12, 7),
        "channel": "系统提交",
        "objector": "荣成市",
        "contact": "",
        "county": "威海市文登区",
        "indicator": "1. 质量精神",
        "problem": "=SUM(A1)",  # text that a spreadsheet could read as a formula
        "state": "已答复",
        "assignee": "省质量强省办评价员",
        "deadline": date(2026, 12, 11),
        "finding": "口号未经审定",
        "result": "已重新发布拟认定名单（公示）第2版",
        "answer": "异议成立。",
        "answered_on": date(2026, 12, 9),
    }
    return ObjectionRow(**(data | changes))


def test_the_register_lists_the_objections_in_number_order_under_its_title() -> None:
    content = write_register_xlsx(CAMPAIGN, [row(2, objector="张某"), row(1)], date(2026, 12, 14))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet["A1"].value == "2023年山东省质量强县（市、区）拟认定名单公示异议处理登记表"
    assert [c.value for c in sheet[2]] == [h for h, _ in REGISTER_COLUMNS]
    assert [sheet.cell(3, 1).value, sheet.cell(4, 1).value] == [1, 2]
    assert sheet.cell(4, 4).value == "张某"
    problem = sheet.cell(3, 8)
    assert problem.value == "=SUM(A1)" and problem.data_type == "s"  # data, never a formula
    assert sheet.cell(3, 2).number_format == 'yyyy"年"m"月"d"日"'
    assert "共 2 件。制表日期：2026年12月14日。" in [c.value for c in sheet["A"]]
    assert sheet.freeze_panes == "A3"


def test_the_reply_letter_follows_the_government_format() -> None:
    reply = Reply(
        campaign=CAMPAIGN,
        number=1,
        objector="荣成市",
        received_on=date(2026, 12, 7),
        channel="系统提交",
        county="威海市文登区",
        indicator="1. 质量精神",
        problem="口号未经审定",
        upheld=True,
        finding="口号未经县政府审定。",
        result="已重新发布拟认定名单（公示）第2版。",
        answer="感谢监督。\n特别说明：已通知该县。",
        answered_on=date(2026, 12, 9),
    )
    document = docx.Document(io.BytesIO(write_reply_docx(reply)))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "关于2023年山东省质量强县（市、区）拟认定名单公示异议（第1号）的答复"
    assert texts[1] == "荣成市："
    assert "2026年12月7日，我办（系统提交）收到你方对" in texts[2]
    assert "经核查，异议成立。口号未经县政府审定。" in texts
    assert "特别说明：已通知该县。" in texts and "特此答复。" in texts
    assert texts[-2:] == [ISSUER, "2026年12月9日"]
    fonts = {
        r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in document.paragraphs[0].runs
    }
    assert fonts == {"方正小标宋简体"}
