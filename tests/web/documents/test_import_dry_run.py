"""The import's dry run: values as the form shows them, and items the user cannot change now."""

from __future__ import annotations

import io

import openpyxl
from django.test import Client
from django.urls import reverse

from qcounty.web.reporting import actions
from qcounty.web.review.models import Section
from tests.web.conftest import World


def _template(client: Client, world: World) -> openpyxl.Workbook:
    response = client.get(reverse("documents:template", args=[world.application.pk]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _row(book: openpyxl.Workbook, key: str) -> int:
    sheet = book["填报"]
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 7).value == key)


def _upload(client: Client, world: World, book: openpyxl.Workbook) -> tuple[str, object]:
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "模板.xlsx"
    page = client.post(reverse("documents:import", args=[world.application.pk]), {"file": data})
    assert page.status_code == 200
    return page.content.decode(), page.context["plan"]


def _submit_market_section(world: World) -> None:
    """Fill two items as the clerk, then mark the clerk's section submitted."""
    actions.save_value(world.application, "i17.metrologists", 9, world.market_clerk)
    actions.save_value(world.application, "i09.credit_risk_full", True, world.market_clerk)
    Section.objects.filter(application=world.application, department=world.market_dept).update(
        status=Section.Status.SUBMITTED
    )


def test_a_submitted_sections_items_are_grey_locked_and_say_why(world: World, login) -> None:
    client = login(world.market_clerk)
    _template(client, world)  # creates the sections
    _submit_market_section(world)
    book = _template(client, world)
    sheet = book["填报"]
    cell = sheet.cell(_row(book, "i17.metrologists"), 4)
    assert cell.value == 9
    assert cell.protection.locked is not False
    assert cell.fill.fgColor.rgb.endswith("D9D9D9")
    assert "退回" in cell.comment.text and "只读" in cell.comment.text
    intro = "\n".join(str(sheet.cell(r, 1).value) for r in range(1, 12))
    assert "灰色的“填报内容”只读" in intro
    records = book["标准制修订"]
    assert records.protection.sheet and records.protection.deleteRows is not False
    assert "本表只读" in records["A2"].value
    assert records.cell(5, 2).protection.locked is not False


def test_importing_into_a_submitted_section_names_only_the_changed_item(
    world: World, login
) -> None:
    """Unchanged values are no problem; a changed one names sheet and row and what to do."""
    client = login(world.market_clerk)
    _template(client, world)
    _submit_market_section(world)
    book = _template(client, world)
    row = _row(book, "i17.metrologists")
    book["填报"].cell(row, 4).value = 10  # what Excel would refuse: the test bypasses it
    text, plan = _upload(client, world, book)
    assert plan.problems == [] and plan.changes == []
    assert [(p.sheet, p.row, p.field) for p in plan.locked] == [("填报", row, "注册计量师数量")]
    assert "从“9 人”改为“10 人”" in plan.locked[0].message
    assert "退回" in plan.locked[0].message
    assert "请在 Excel 中改正" not in text
    assert "确认导入" not in text


def test_the_dry_run_shows_values_as_the_form_does(world: World, login) -> None:
    client = login(world.market_clerk)
    actions.save_value(world.application, "i09.credit_risk_full", False, world.market_clerk)
    book = _template(client, world)
    sheet = book["填报"]
    for key, typed in {
        "i09.credit_risk_full": "是",
        "i17.a_class_coverage": 85,
        "i41.patents": 3.5,
        "i10.funded#metrology": "是",
    }.items():
        sheet.cell(_row(book, key), 4).value = typed
    sheet.cell(_row(book, "i14.standards"), 4).value = "有（逐条填写在对应工作表中）"
    records = book["标准制修订"]
    for col, value in zip(
        "BCDEF", ("国家标准", "主导制定", "甲标准", "GB/T 1-2022", "2022-05-01"), strict=True
    ):
        records[f"{col}5"] = value
    text, plan = _upload(client, world, book)
    assert plan.problems == [] and plan.locked == []
    shown = {c.key: (c.old_text, c.new_text) for c in plan.changes}
    assert shown["i09.credit_risk_full"] == ("否", "是")
    assert shown["i17.a_class_coverage"] == ("未填报", "85%")
    assert shown["i41.patents"] == ("未填报", "3.5 件/万人")
    assert shown["i10.funded"][1].startswith("计量")
    assert (
        shown["i14.standards"][1]
        == "1 条：\n1. 国家标准，主导制定，甲标准，GB/T 1-2022，2022-05-01"
    )
    for raw in ("False", "True", "85.0", "[{", "'kind'", "metrology"):
        assert raw not in text, raw
    assert "1 条：<br>1. 国家标准，主导制定" in text
