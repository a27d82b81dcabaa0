"""The summary, preview and diff pages show what the scheme says."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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


MAPPED = """
predecessor:
  id: anhui-quality-work-2014
  version: "2014"
  unchanged: all
  mapping:
    - {number: 4, from: [5]}
    - {number: 5, from: [4]}
    - {number: 6, from: [6, 7]}
"""


def test_the_diff_follows_the_declared_mapping(world: World, client: Client) -> None:
    actions.upload_scheme(world.admin, anhui(text=ANHUI + MAPPED))
    url = (
        reverse("schemes:diff")
        + "?old=anhui-quality-work-2014@2014&new=anhui-quality-work-2014@2014.2"
    )
    page = client.get(url).content.decode()
    assert "按该对应关系比较" in page
    assert "编号 5 → 4" in page and "编号 4 → 5" in page  # renumbered by the mapping
    assert "由原指标 6、7 合并或拆分而来（不可比）" in page
    assert "删除 0" in page  # old 7 went into 6: not removed


def test_the_summary_shows_the_predecessor_and_its_mapping(world: World, client: Client) -> None:
    actions.upload_scheme(world.admin, anhui(text=ANHUI + MAPPED))
    page = client.get(
        reverse("schemes:version", args=["anhui-quality-work-2014", "2014.2"])
    ).content.decode()
    assert "指标 6 ← 原指标 6、7" in page
    assert "未列出的指标编号不变、可比" in page


def test_a_predecessor_missing_from_the_library_is_refused_with_its_line(
    world: World, client: Client
) -> None:
    from qcounty.web.schemes.models import SchemeVersion

    text = ANHUI + MAPPED.replace('version: "2014"', 'version: "2013"')
    response = client.post(
        reverse("schemes:upload"),
        {"file": SimpleUploadedFile("anhui.yaml", anhui(text=text))},
    )
    page = response.content.decode()
    line = (ANHUI + MAPPED).splitlines().index("predecessor:") + 1
    assert f"第 {line} 行" in page
    assert "评价体系库中没有前一版本“anhui-quality-work-2014” 2013 版" in page
    assert not SchemeVersion.objects.exists()


def test_a_mapping_from_an_indicator_the_predecessor_lacks_is_refused(world: World) -> None:
    import pytest

    from qcounty.web.schemes.checking import Refused

    with pytest.raises(Refused, match="前一版本没有指标 99"):
        actions.upload_scheme(
            world.admin, anhui(text=ANHUI + MAPPED.replace("from: [5]", "from: [99]"))
        )


def test_a_scheme_the_generator_cannot_serve_shows_its_summary_and_says_why(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qcounty.web.schemes import preview

    def cannot(*args: object, **kwargs: object) -> None:
        raise KeyError("济南市")

    monkeypatch.setattr(preview, "generate_cohort", cannot)
    page = client.get(
        reverse("schemes:preview", args=["anhui-quality-work-2014", "2014"])
    ).content.decode()
    assert "合成数据生成器暂不能为本评价体系生成参评单位（KeyError），只显示体系概要" in page
    assert "一票否决（不参与排名，等级定为D级）" in page  # the summary instead
