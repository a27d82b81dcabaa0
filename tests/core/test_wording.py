"""The scheme's own words for its units, groups and gates (core/wording.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcounty.core.framework.loader import load_framework
from qcounty.core.results import Status
from qcounty.core.wording import short_name, wording
from tests.builders import shandong

COMPANY = Path(__file__).with_name("schemes") / "example-company.yaml"


def test_shandongs_words_are_the_ones_every_page_has_always_used():
    w = wording(shandong())
    assert (w.unit, w.short, w.cohort, w.everyone(), w.everyone(False)) == (
        "县（市、区）",
        "县",
        "参评县",
        "全体参评县",
        "全体县",
    )
    assert (w.grouping, w.group(2), w.group_names[2], w.tiered_note) == (
        "梯队",
        "第2梯队",
        "第二梯队",
        "分档",
    )
    assert [w.status(s) for s in Status] == ["参评", "取消创建资格", "一票否决"]
    without = wording(None)  # a writer given no framework
    assert (without.unit, without.grouping, without.statuses) == (w.unit, w.grouping, w.statuses)


def test_a_company_schemes_words_come_from_its_file():
    w = wording(load_framework(COMPANY))
    assert (w.unit, w.cohort, w.everyone()) == ("企业", "参评企业", "全体参评企业")
    assert (w.grouping, w.group(1), w.group(2), w.tiered_note) == (
        "行业",
        "食品制造业",
        "通用设备制造业",
        "按行业分组",
    )
    # the prerequisite's consequence is the scheme's own; it has no veto: the usual name
    assert [w.status(s) for s in Status] == ["参评", "不予评价", "一票否决"]


@pytest.mark.parametrize(
    ("unit", "short"),
    [("县（市、区）", "县"), ("市", "市"), ("企业", "企业"), ("县(市)", "县"), ("（）", "（）")],
)
def test_the_short_name_drops_the_parenthesised_part(unit, short):
    assert short_name(unit) == short
