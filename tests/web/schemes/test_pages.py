"""The summary, preview and diff pages show what the scheme says."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.schemes import actions
from tests.web.conftest import World
from tests.web.schemes.conftest import ANHUI, anhui


@pytest.fixture
def client(world: World, login: Callable[[User], Client]) -> Client:
    return login(world.evaluator)


def test_the_summary_shows_caps_and_the_capped_group(client: Client) -> None:
    page = client.get(
        reverse("schemes:version", args=["guangdong-brand-quality-2018", "2018"])
    ).content.decode()
    assert "质保能力" in page
    assert "封顶 210 分" in page  # 20 items worth 330 points
    assert "expert" in page  # the rule kinds


def test_the_preview_scores_a_synthetic_cohort_with_grades(client: Client) -> None:
    page = client.get(
        reverse("schemes:preview", args=["anhui-quality-work-2014", "2014"])
    ).content.decode()
    assert page.count("合成参评单位") >= 1
    assert "D级" in page  # a vetoed unit is forced to D
    assert "一票否决" in page


def test_the_diff_names_renumbered_renamed_and_changed_indicators(
    world: World, client: Client
) -> None:
    # the new version swaps the places of 4 and 5 (their names), renames 6, rewords m7
    text = (
        ANHUI.replace("name: 质量发展规划制订与实施\n", "name: X\n")
        .replace("name: 质量安徽建设活动\n", "name: 质量发展规划制订与实施\n")
        .replace("name: X\n", "name: 质量安徽建设活动\n")
        .replace("name: 质量工作协调机制建立与运行\n", "name: 质量工作协调机制\n")
        .replace("standard: 品牌发展战略实施。", "standard: 品牌战略实施。")
    )
    actions.upload_scheme(world.admin, anhui(text=text))
    url = (
        reverse("schemes:diff")
        + "?old=anhui-quality-work-2014@2014&new=anhui-quality-work-2014@2014.2"
    )
    page = client.get(url).content.decode()
    assert "新增 0" in page and "删除 0" in page and "重新编号 2" in page
    assert "编号 4 → 5" in page and "编号 5 → 4" in page
    assert "名称“质量工作协调机制建立与运行” → “质量工作协调机制”" in page
    assert "细则 m7 评价标准文字改变" in page


def test_the_diff_of_two_different_schemes_lists_added_and_removed(client: Client) -> None:
    url = (
        reverse("schemes:diff")
        + "?old=anhui-quality-work-2014@2014&new=guangdong-brand-quality-2018@2018"
    )
    page = client.get(url).content.decode()
    assert "满分 100 → " in page
    assert "diff-removed" in page or "diff-added" in page
