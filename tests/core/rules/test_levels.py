"""A level chosen from a list → its points (rule kind `levels`).

Seed, Annex 1: item 2 "总结提炼出明确的质量发展模式，可借鉴推广，推动地方产业发展，得3分；有质量发展
模式，具备一定的推广性，得1.5分；没有质量管理模式，不得分"; item 8 "有政策文件，并有效落实，得2分；
仅有政策文件，未落实，得1分；否则，不得分".
"""

import pytest

from qcounty.core.cohort import CohortError
from tests.builders import cohort_json, county_json, score


def criterion(result, cid):
    number = int(cid.split(".")[0])
    return next(c for c in result.indicators[number - 1].criteria if c.id == cid)


def one_county(values):
    return score(cohort_json([county_json("文登区", "威海市", values)])).county(0)


@pytest.mark.parametrize(("level", "points"), [("promotable", 3), ("partly", 1.5), ("none", 0)])
def test_item_2_quality_development_model_levels(level, points):
    assert criterion(one_county({"i02.model": level}), "2").points == points


@pytest.mark.parametrize(("level", "points"), [("implemented", 2), ("policy_only", 1), ("none", 0)])
def test_item_8_action_plan_levels(level, points):
    assert criterion(one_county({"i08.plan": level}), "8").points == points


def test_item_8_explains_the_level_chosen_in_the_seeds_words():
    c = criterion(one_county({"i08.plan": "policy_only"}), "8")
    assert [m.render() for m in c.messages] == [
        "规划意见或行动计划：仅有政策文件，未落实，得 1 分。"
    ]


def test_item_2_not_reported_gives_nothing_and_says_so():
    c = criterion(one_county({"i02.model": None}), "2")
    assert c.points == 0
    assert [m.render() for m in c.messages] == ["质量发展模式：未填报，不得分。"]


def test_a_level_that_is_not_an_option_is_refused_with_the_options_listed():
    with pytest.raises(CohortError) as e:
        one_county({"i08.plan": "excellent"})
    assert "“excellent”不是可选项" in e.value.problems[0]
    assert "implemented（有政策文件，并有效落实）" in e.value.problems[0]


def test_item_8_not_reported_asks_for_review():
    c = criterion(one_county({"i08.plan": None}), "8")
    assert [(m.render(), m.review) for m in c.messages] == [
        ("规划意见或行动计划：未填报，不得分。", True)
    ]
