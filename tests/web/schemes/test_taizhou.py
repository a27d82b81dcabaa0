"""Taizhou's bundled scheme goes through the scheme library: upload, summary, preview."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qcounty.core.framework.loader import resolve
from qcounty.web.accounts.models import User
from qcounty.web.schemes.models import SchemeVersion
from tests.web.conftest import World

SCHEME = "taizhou-quality-city-2011"
TEXT = Path(str(resolve(SCHEME))).read_text(encoding="utf-8")


@pytest.fixture
def client(world: World, login: Callable[[User], Client]) -> Client:
    return login(world.admin)


def test_an_uploaded_revision_shows_its_bonus_and_deduction_blocks_and_the_group(
    client: Client,
) -> None:
    raw = TEXT.replace('version: "2011"', 'version: "2011.2"', 1).encode("utf-8")
    response = client.post(
        reverse("schemes:upload"),
        {"file": SimpleUploadedFile(f"{SCHEME}.yaml", raw)},
        follow=True,
    )
    page = response.content.decode()
    row = SchemeVersion.objects.get()
    assert (row.scheme_id, row.version, row.status) == (SCHEME, "2011.2", "draft")
    assert "加分项与扣分项" in page
    assert "加分项“加分项”：最多加 5 分" in page
    assert "扣分项“扣分项”：最多扣 3 分" in page
    assert "品牌建设：指标 3、4、5、6，封顶 12 分" in page
    assert "加分项合计最多加5分" in page  # the bonus block's node in the tree


def test_the_preview_scores_twelve_synthetic_units_with_grades(client: Client) -> None:
    page = client.get(reverse("schemes:preview", args=[SCHEME, "2011"])).content.decode()
    assert "合成数据生成器暂不能" not in page
    assert page.count("模拟市00") == 12  # named after the scheme's own unit, 市（区）
    assert "<th>等级</th>" in page
