"""The progress board's Excel export: a Chinese file name, a title, set up to print."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.web.conftest import World


def test_the_progress_export_has_a_chinese_name_a_title_and_a_print_setup(
    world: World, office_client
) -> None:
    response = office_client.get(reverse("review:progress_xlsx", args=[world.application.pk]))
    assert response.status_code == 200
    today = timezone.localdate()
    title = f"威海市文登区填报进度（{today.year}年{today.month}月{today.day}日）"
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote(title + '.xlsx')}"
    )
    sheet = load_workbook(io.BytesIO(response.content))["进度"]
    assert sheet["A1"].value == title
    assert [c.value for c in sheet[2]][:2] == ["部门", "应填项数"]
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.print_area == f"'进度'!$A$1:$K${sheet.max_row}"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
