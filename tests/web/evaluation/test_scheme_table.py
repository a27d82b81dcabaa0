"""The evaluation's home offers the campaign's scheme as its evaluation table, Word and Excel."""

from __future__ import annotations

import io
from collections.abc import Callable
from urllib.parse import quote

import docx
import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from tests.web.conftest import World


def test_the_home_links_the_scheme_table_of_each_campaign(
    world: World, evaluator_client: Client
) -> None:
    page = evaluator_client.get(reverse("evaluation:index")).content.decode()
    for fmt in ("docx", "xlsx"):
        assert reverse("evaluation:scheme_table", args=[world.campaign.pk, fmt]) in page


def test_the_evaluator_downloads_the_table_as_word_and_excel(
    world: World, evaluator_client: Client
) -> None:
    url = reverse("evaluation:scheme_table", args=[world.campaign.pk, "docx"])
    response = evaluator_client.get(url)
    assert response.status_code == 200
    name = quote("山东省质量强县（市、区）创建评价指标体系（2022）评价指标体系表.docx")
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{name}"
    table = docx.Document(io.BytesIO(response.content)).tables[0]
    assert [c.text for c in table.rows[1].cells][3].startswith("辖区内，新评定或复核通过")
    url = reverse("evaluation:scheme_table", args=[world.campaign.pk, "xlsx"])
    sheet = openpyxl.load_workbook(io.BytesIO(evaluator_client.get(url).content)).active
    assert sheet["A1"].value == "山东省质量强县（市、区）创建评价指标体系"


def test_an_expert_in_blind_review_may_read_the_scheme(
    world: World, expert: User, login: Callable[[User], Client]
) -> None:
    """The table is the scheme, not a result: blind review does not hide it."""
    url = reverse("evaluation:scheme_table", args=[world.campaign.pk, "xlsx"])
    assert login(expert).get(url).status_code == 200
    assert login(world.admin).get(url).status_code == 200


@pytest.mark.parametrize("role", ["office", "market_clerk"])
def test_county_roles_get_404(world: World, login: Callable[[User], Client], role: str) -> None:
    url = reverse("evaluation:scheme_table", args=[world.campaign.pk, "docx"])
    assert login(getattr(world, role)).get(url).status_code == 404


def test_an_unknown_format_or_campaign_is_404(world: World, evaluator_client: Client) -> None:
    pdf = reverse("evaluation:scheme_table", args=[world.campaign.pk, "pdf"])
    assert evaluator_client.get(pdf).status_code == 404
    missing = reverse("evaluation:scheme_table", args=[world.campaign.pk + 1, "docx"])
    assert evaluator_client.get(missing).status_code == 404
