"""Independent parts, each with its own points, added up (rule kind `flag_sum`).

Seed, Annex 1: item 6 "成立了议事协调机构，得0.5分…近一年内召开了会议，县（市、区）委书记参会，得0.5分";
item 25 "下发文件部署，得0.5分；绘制产业图谱、形成产业现状分析报告，得0.5分；提升成效显著且有成效分析
报告等佐证材料，得1分"; item 37 "制定工作方案得1分；有分析，有改进措施，得0.5分；有成效且提供了证明
材料，得0.5分".
"""

import pytest

from tests.builders import cohort_json, county_json, score


def criterion(result, cid):
    number = int(cid.split(".")[0])
    return next(c for c in result.indicators[number - 1].criteria if c.id == cid)


def one_county(values):
    return score(cohort_json([county_json("文登区", "威海市", values)])).county(0)


def meeting(when, secretary=True):
    return {
        "date": when,
        "title": "质量工作专题会议",
        "leaders": "区委书记、区长",
        "secretary_attended": secretary,
    }


def test_item_6_body_and_a_meeting_with_the_party_secretary_give_the_full_point():
    # 0.5 (议事协调机构) + 0.5 (近一年 = 2021 的会议，书记参会) = 1
    result = one_county({"i06.body": True, "i06.meetings": [meeting("2021-03-15")]})
    assert criterion(result, "6").points == 1


def test_item_6_body_alone_gives_half_a_point():
    result = one_county({"i06.body": True, "i06.meetings": []})
    c = criterion(result, "6")
    assert c.points == 0.5
    lines = [m.render() for m in c.messages]
    assert "成立议事协调机构：得 0.5 分" in lines
    assert "近一年召开专题会议且县（市、区）委书记参会：不得分" in lines


def test_item_6_a_meeting_without_the_party_secretary_does_not_count():
    result = one_county(
        {"i06.body": False, "i06.meetings": [meeting("2021-03-15", secretary=False)]}
    )
    assert criterion(result, "6").points == 0


def test_item_6_a_meeting_before_the_last_year_does_not_count():
    # 近一年 of the 2022 campaign is 2021; a 2020 meeting is outside it
    result = one_county({"i06.body": True, "i06.meetings": [meeting("2020-11-20")]})
    assert criterion(result, "6").points == 0.5


@pytest.mark.parametrize(
    ("deployed", "mapped", "improved", "points"),
    [
        (True, True, True, 2),  # 0.5 + 0.5 + 1 = 2
        (True, True, False, 1),  # 0.5 + 0.5 = 1
        (False, False, True, 1),  # 1
        (True, False, False, 0.5),  # 0.5
        (False, False, False, 0),
    ],
)
def test_item_25_industry_chain_parts_add_up(deployed, mapped, improved, points):
    values = {"i25.deployed": deployed, "i25.mapped": mapped, "i25.improved": improved}
    assert criterion(one_county(values), "25.1").points == points


@pytest.mark.parametrize(
    ("plan", "analysis", "results", "points"),
    [
        (True, True, True, 2),  # 1 + 0.5 + 0.5 = 2
        (True, False, False, 1),  # 1
        (False, True, True, 1),  # 0.5 + 0.5 = 1
        (False, True, False, 0.5),  # 0.5
    ],
)
def test_item_37_service_quality_parts_add_up(plan, analysis, results, points):
    values = {"i37.plan": plan, "i37.analysis": analysis, "i37.results": results}
    assert criterion(one_county(values), "37").points == points


def test_item_37_explains_each_part_with_its_outcome():
    values = {"i37.plan": True, "i37.analysis": False, "i37.results": None}
    lines = [m.render() for m in criterion(one_county(values), "37").messages]
    assert "制定工作方案：得 1 分" in lines
    assert "有分析，有改进措施：不得分" in lines
    assert "有成效且提供了证明材料：不得分" in lines
    assert "有成效且提供了证明材料：未填报或无法计算，按不满足处理" in lines
