"""The documents the web builds name another scheme's unit: the quality report's basis, the
reporting form's file name, the template's and the import's notes on whom to ask.

The bundled schemes do not say `evaluated_unit` yet: the campaign's scheme is Shandong's,
declared to evaluate 市, or Anhui's (no printed form) for the form's name.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from unittest import mock
from urllib.parse import quote

import docx
import openpyxl
import pytest
from django.urls import reverse

from qcounty.core.framework.loader import load_framework
from qcounty.core.framework.model import Framework
from qcounty.web.campaigns.models import Campaign
from qcounty.web.cockpit import reportdata
from tests.web.cockpit.test_report import WENDENG_2023, store
from tests.web.conftest import World
from tests.web.documents.test_import_dry_run import _submit_market_section, _template


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


def _scheme(framework: Framework) -> Any:
    """Give every campaign this scheme for the test (the campaign reads it from its id)."""
    return mock.patch.object(Campaign, "framework", property(lambda self: framework))


@pytest.fixture
def cities() -> Iterator[None]:
    """Shandong's scheme, its units named 市."""
    reportdata._scored.clear()
    fw = load_framework("shandong-county-2022").model_copy(update={"evaluated_unit": "市"})
    with _scheme(fw):
        yield
    reportdata._scored.clear()


def test_the_quality_report_says_whose_values_were_scored_in_the_units_words(
    world: World, cities: None
) -> None:
    store(world.application, WENDENG_2023)
    content, _ = reportdata.quality_report(world.application, world.office)
    text = docx_text(content)
    assert "按本市填报的数据计分" in text
    assert "本县" not in text


def test_a_form_without_the_seeds_annex_number_is_named_without_it(world: World, login) -> None:
    with _scheme(load_framework("anhui-quality-work-2014")):
        response = login(world.office).get(
            reverse("documents:annex2", args=[world.application.pk, "xlsx"])
        )
    assert response.status_code == 200
    name = quote("文登区-重要指标.xlsx")
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{name}"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "文登区\n《安徽省质量工作考核评分体系》重要指标"


def test_a_clerks_template_says_to_ask_the_units_lead_department(
    world: World, login, cities: None
) -> None:
    client = login(world.market_clerk)
    _template(client, world)  # creates the sections
    _submit_market_section(world)
    sheet = _template(client, world)["填报"]
    intro = "\n".join(str(sheet.cell(r, 1).value) for r in range(1, 12))
    assert "如需修改，请联系本市的申报牵头部门退回本部门的部分。" in intro
    assert "质量强县工作办公室" not in intro


def test_the_score_sheet_is_named_after_its_title(world: World, login, cities: None) -> None:
    response = login(world.office).get(
        reverse("documents:score_sheet", args=[world.application.pk, "xlsx"])
    )
    assert response.status_code == 200
    name = quote("文登区-自评得分表.xlsx")
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{name}"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("威海市文登区自评得分表（")
