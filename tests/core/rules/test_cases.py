"""Graded outcomes, the first matching case wins (rule kind `cases`).

Seed, Annex 1: item 16 "推进产业计量工作，且成效显著，得0.5分；仅推进产业计量工作，得0.3分；未开展，
不得分"; item 25 "成效显著且被市级及以上主流新闻媒体宣传报道的，得1分；仅开展了质量帮扶行动，有工作
总结等佐证材料的，得0.5分；未开展，不得分"; item 27 "定期分析…并向社会发布，得2分；已开展，未定期
发布，得1分；未开展，不得分".
"""

import pytest

from tests.builders import cohort_json, county_json, score


def criterion(result, cid):
    number = int(cid.split(".")[0])
    return next(c for c in result.indicators[number - 1].criteria if c.id == cid)


def one_county(values):
    return score(cohort_json([county_json("文登区", "威海市", values)])).county(0)


@pytest.mark.parametrize(
    ("promoted", "effective", "points"),
    [
        (True, True, 0.5),  # 推进且成效显著 → 0.5
        (True, False, 0.3),  # 仅推进 → 0.3
        (False, False, 0),  # 未开展 → 0
        (False, True, 0),  # "effective" without promoting anything is not a case of the seed
    ],
)
def test_item_16_industrial_metrology_takes_the_first_case_that_holds(promoted, effective, points):
    values = {"i16.promoted": promoted, "i16.effective": effective}
    assert criterion(one_county(values), "16.1").points == points


def test_item_16_names_the_case_it_matched():
    c = criterion(one_county({"i16.promoted": True, "i16.effective": False}), "16.1")
    assert c.messages[-1].render() == "符合“仅推进产业计量工作”，得 0.3 分。"


def test_item_16_explains_each_value_once_even_when_two_cases_read_it():
    c = criterion(one_county({"i16.promoted": True, "i16.effective": True}), "16.1")
    labels = [m.params.get("label") for m in c.messages if m.code.startswith("cond.")]
    assert labels == ["推进产业计量工作", "产业计量推进工作成效显著"]


@pytest.mark.parametrize(
    ("action", "effective", "reported", "points"),
    [
        (True, True, True, 1),  # 成效显著且被市级及以上媒体报道 → 1
        (True, True, False, 0.5),  # not reported: only the action counts → 0.5
        (True, False, False, 0.5),  # 仅开展了质量帮扶行动 → 0.5
        (False, False, False, 0),  # 未开展 → 0
    ],
)
def test_item_25_quality_help_action_cases(action, effective, reported, points):
    values = {
        "i25.help_action": action,
        "i25.help_effective": effective,
        "i25.help_reported": reported,
    }
    assert criterion(one_county(values), "25.2").points == points


@pytest.mark.parametrize(
    ("analysed", "published", "points"),
    [
        (True, True, 2),  # 定期分析并向社会发布 → 2
        (True, False, 1),  # 已开展，未定期发布 → 1
        (False, False, 0),  # 未开展 → 0
    ],
)
def test_item_27_county_quality_analysis_cases(analysed, published, points):
    values = {"i27.analysed": analysed, "i27.published": published}
    assert criterion(one_county(values), "27").points == points


def test_item_27_says_when_no_case_holds():
    c = criterion(one_county({"i27.analysed": None, "i27.published": None}), "27")
    assert c.points == 0
    assert c.messages[-1].render() == "不符合任何得分情形，不得分。"
