"""Excel templates and their import, Annex 2, the score sheet and the evidence package, per role."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.reporting.models import InputValue
from tests import files
from tests.web.conftest import World


def _fill_17(book: openpyxl.Workbook, values: dict[str, object]) -> bytes:
    """Type values into the rows of the 填报 sheet whose hidden key matches, as a user would."""
    sheet = book["填报"]
    key_column = next(
        c.column
        for row in sheet.iter_rows(max_row=40)
        for c in row
        if c.value == "字段代码（请勿修改）"
    )
    value_column = next(
        c.column for row in sheet.iter_rows(max_row=40) for c in row if c.value == "填报内容"
    )
    for row in sheet.iter_rows(min_row=1):
        key = row[key_column - 1].value
        if key in values:
            sheet.cell(row=row[0].row, column=value_column, value=values[key])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _template(client: Client, world: World) -> openpyxl.Workbook:
    response = client.get(reverse("documents:template", args=[world.application.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _keys(book: openpyxl.Workbook) -> set[str]:
    sheet = book["填报"]
    return {
        str(c.value).split("#")[0]
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str)
        and c.value.startswith(("i", "pre.", "veto."))
        and "." in c.value
        and " " not in c.value
    }


def test_a_clerk_downloads_a_template_with_exactly_their_departments_items(
    world: World, login
) -> None:
    book = _template(login(world.statistics_clerk), world)
    keys = _keys(book)
    assert "i31.rd_share" in keys  # 统计部门 answers for item 31
    assert "i17.metrologists" not in keys  # market supervision's


def test_a_clerk_imports_a_filled_template_after_a_dry_run(world: World, login) -> None:
    client = login(world.market_clerk)
    filled = _fill_17(_template(client, world), {"i17.metrologists": 9, "i17.a_class_coverage": 95})
    upload = io.BytesIO(filled)
    upload.name = "计量.xlsx"
    page = client.post(reverse("documents:import", args=[world.application.pk]), {"file": upload})
    text = page.content.decode()
    assert page.status_code == 200
    assert "导入检查（尚未写入）" in text and "注册计量师数量" in text
    assert not InputValue.objects.filter(key="i17.metrologists").exists()  # nothing written yet
    token = page.context["token"]
    done = client.post(reverse("documents:import_commit", args=[world.application.pk, token]))
    assert done.status_code == 302
    stored = dict(
        InputValue.objects.filter(application=world.application).values_list("key", "value")
    )
    assert stored["i17.metrologists"] == 9
    assert stored["i17.a_class_coverage"] == pytest.approx(95)


def test_a_template_of_another_county_is_refused_and_changes_nothing(world: World, login) -> None:
    other = login(world.rongcheng_office)
    book = openpyxl.load_workbook(
        io.BytesIO(
            other.get(reverse("documents:template", args=[world.other_application.pk])).content
        )
    )
    filled = _fill_17(book, {"i17.metrologists": 9})
    upload = io.BytesIO(filled)
    upload.name = "荣成.xlsx"
    page = login(world.office).post(
        reverse("documents:import", args=[world.application.pk]), {"file": upload}
    )
    assert "这份文件不能导入" in page.content.decode()
    assert "荣成市" in page.content.decode()
    assert not InputValue.objects.filter(
        application=world.application, key="i17.metrologists"
    ).exists()


def test_a_forged_commit_token_is_refused(world: World, login) -> None:
    client = login(world.market_clerk)
    response = client.post(
        reverse("documents:import_commit", args=[world.application.pk, "0" * 32])
    )
    assert response.status_code == 403


def test_a_renamed_executable_is_reported_not_imported(world: World, login) -> None:
    upload = io.BytesIO(b"MZ" + b"\x00" * 200)
    upload.name = "模板.xlsx"
    page = login(world.office).post(
        reverse("documents:import", args=[world.application.pk]), {"file": upload}
    )
    assert "不是 Excel（.xlsx）文件" in page.content.decode()
    assert "确认导入" not in page.content.decode()


def test_the_office_downloads_annex2_and_the_score_sheet_in_excel_that_open(
    world: World, office_client: Client
) -> None:
    """The Excel files are quick and come at once; the Word ones are document jobs."""
    book = openpyxl.load_workbook(
        io.BytesIO(
            office_client.get(
                reverse("documents:annex2", args=[world.application.pk, "xlsx"])
            ).content
        )
    )
    assert book.active is not None
    sheet = office_client.get(reverse("documents:score_sheet", args=[world.application.pk, "xlsx"]))
    assert openpyxl.load_workbook(io.BytesIO(sheet.content)).active.max_row > 71


def test_a_clerk_cannot_download_the_application_documents(world: World, login) -> None:
    client = login(world.market_clerk)
    assert (
        client.get(reverse("documents:annex2", args=[world.application.pk, "xlsx"])).status_code
        == 403
    )
    assert (
        client.post(
            reverse("documents:job_start", args=[world.application.pk, "package"])
        ).status_code
        == 403
    )


def test_another_county_gets_404_for_the_documents(world: World, login) -> None:
    client = login(world.rongcheng_office)
    assert (
        client.get(reverse("documents:annex2", args=[world.application.pk, "xlsx"])).status_code
        == 404
    )


def test_a_billion_laughs_template_is_refused_in_chinese_and_changes_nothing(
    world: World, login
) -> None:
    office = login(world.office)
    book = openpyxl.load_workbook(
        io.BytesIO(office.get(reverse("documents:template", args=[world.application.pk])).content)
    )
    members = files.members_of(_fill_17(book, {"i17.metrologists": 9}))
    shared = members.get("xl/sharedStrings.xml", b"<sst/>")
    # the template's own shared strings behind the billion laughs' DTD
    members["xl/sharedStrings.xml"] = files.LAUGHS + shared.split(b"?>", 1)[-1].lstrip()
    upload = io.BytesIO(files.zip_of(members))
    upload.name = "模板.xlsx"
    page = office.post(reverse("documents:import", args=[world.application.pk]), {"file": upload})
    assert page.status_code == 200
    assert "文件含有不安全的内容（XML 文档类型声明），已拒绝读取。" in page.content.decode()
    assert not page.context["token"]  # nothing to confirm
    assert not InputValue.objects.filter(
        application=world.application, key="i17.metrologists"
    ).exists()
