"""Points per item counted, each term with its own limit, the clause and item capped (`per_item`).

Seed, Annex 1: item 4 "国家级表扬或激励2分/次，最高4分；省级1分/次，最高2分；市级0.5分/次，最高1分"
and "国家级主流媒体…1分/次，最高2分；省级主流媒体…0.5分/次，最高1分", "累计不超过5分"; note 3 (the
commendation must be of the county government); item 5 (市级 "最高1分", "累计不超过3分"); item 43
(市级 "最高3分", "累计不超过7分", 中国质量奖、省长质量奖 over all years, one matter counted once at its
highest level); items 16, 18, 34 (a clause's own maximum).
"""

import pytest

from tests.builders import cohort_json, county_json, score


def criterion(result, cid):
    number = int(cid.split(".")[0])
    return next(c for c in result.indicators[number - 1].criteria if c.id == cid)


def one_county(values):
    return score(cohort_json([county_json("文登区", "威海市", values)])).county(0)


def commendation(level, when="2020-06-01", to_county_government=True, title="质量提升表扬"):
    return {
        "level": level,
        "issuer": "某部门",
        "date": when,
        "title": title,
        "to_county_government": to_county_government,
    }


def media(level, when="2020-06-01", advertising=False):
    return {
        "level": level,
        "media": "人民日报" if level == "national" else "大众日报",
        "title": "质量强区建设报道",
        "date": when,
        "advertising": advertising,
    }


def event(level, when="2020-06-01"):
    return {"level": level, "title": "质量主题活动", "date": when}


def incentive(kind, when="2020-06-01", matter=None, title="质量激励"):
    return {"kind": kind, "title": title, "issuer": "某部门", "date": when, "matter": matter}


# ------------------------------------------------------------------------------ item 4


def test_item_4_each_level_of_commendation_is_capped_separately():
    # national 3 × 2 = 6 → 4; provincial 3 × 1 = 3 → 2; city 3 × 0.5 = 1.5 → 1; 4 + 2 + 1 = 7 → 5
    records = [
        commendation(level) for level in ("national", "provincial", "city") for _ in range(3)
    ]
    result = one_county({"i04.commendations": records, "i04.media_reports": []})
    c = criterion(result, "4.1")
    assert c.raw == 7
    assert c.points == 5
    assert result.indicators[3].points == 5


def test_item_4_three_national_commendations_and_three_national_reports_reach_the_item_cap():
    # min(3 × 2, 4) + min(3 × 1, 2) = 4 + 2 = 6 → 累计不超过5分 → 5
    result = one_county(
        {
            "i04.commendations": [commendation("national") for _ in range(3)],
            "i04.media_reports": [media("national") for _ in range(3)],
        }
    )
    assert criterion(result, "4.1").points == 4
    assert criterion(result, "4.2").points == 2
    indicator = result.indicators[3]
    assert (indicator.raw, indicator.points) == (6, 5)
    assert [m.render() for m in indicator.notes] == ["累计不超过5分：各条合计 6 分，按 5 分计。"]


def test_item_4_explains_a_capped_term_with_its_count_and_its_cap():
    result = one_county(
        {"i04.commendations": [commendation("national") for _ in range(3)], "i04.media_reports": []}
    )
    lines = [m.render() for m in criterion(result, "4.1").messages]
    assert lines[0] == "国家级表扬或激励（次）：3 × 2 = 6 分（本项最高 4 分）"


def test_item_4_one_provincial_and_one_city_commendation_and_one_provincial_report():
    # 1 × 1 + 1 × 0.5 = 1.5; 1 × 0.5 = 0.5; 1.5 + 0.5 = 2
    result = one_county(
        {
            "i04.commendations": [commendation("provincial"), commendation("city")],
            "i04.media_reports": [media("provincial")],
        }
    )
    assert criterion(result, "4.1").points == 1.5
    assert criterion(result, "4.2").points == 0.5
    assert result.indicators[3].points == 2


def test_item_4_a_commendation_of_someone_other_than_the_county_government_does_not_count():
    # note 3: "被表扬或激励的对象应是申报县（市、区）人民政府"
    result = one_county(
        {
            "i04.commendations": [
                commendation("national", to_county_government=False),
                commendation("provincial"),
            ],
            "i04.media_reports": [],
        }
    )
    assert criterion(result, "4.1").points == 1  # only the provincial one: 1 × 1


def test_item_4_advertising_is_not_a_media_report():
    # "宣传报道（广告宣传除外）"
    result = one_county(
        {
            "i04.commendations": [],
            "i04.media_reports": [media("national", advertising=True), media("national")],
        }
    )
    assert criterion(result, "4.2").points == 1


# ------------------------------------------------------------------------------ item 5


def test_item_5_city_events_are_capped_at_1_point():
    # 3 × 0.5 = 1.5 → 最高1分 → 1
    result = one_county({"i05.events": [event("city") for _ in range(3)]})
    assert criterion(result, "5").points == 1


def test_item_5_is_capped_at_3_points_in_all():
    # 1 × 2 + 1 × 1 + min(3 × 0.5, 1) = 4 → 累计不超过3分 → 3
    records = [event("national"), event("provincial")] + [event("city") for _ in range(3)]
    c = criterion(one_county({"i05.events": records}), "5")
    assert (c.raw, c.points) == (4, 3)
    assert c.messages[-1].render() == "本条最高 3 分，计 3 分（原始 4 分）。"


# ----------------------------------------------------------------------------- item 43


def test_item_43_city_incentives_are_capped_at_3_points():
    # 8 × 0.5 = 4 → 最高3分 → 3
    result = one_county({"i43.incentives": [incentive("city", title=f"市级{k}") for k in range(8)]})
    assert criterion(result, "43").points == 3


def test_item_43_is_capped_at_7_points_in_all():
    # 3 × 2 + 2 × 1 = 8 → 累计不超过7分 → 7
    records = [incentive("national", title=f"国家级{k}") for k in range(3)]
    records += [incentive("provincial", title=f"省级{k}") for k in range(2)]
    c = criterion(one_county({"i43.incentives": records}), "43")
    assert (c.raw, c.points) == (8, 7)


def test_item_43_one_matter_honoured_at_several_levels_counts_once_at_its_highest():
    # 好品山东 honoured at city (2020) and provincial (2021) level: provincial only, 1 × 1 = 1
    records = [
        incentive("city", when="2020-03-01", matter="好品山东", title="市级好品"),
        incentive("provincial", when="2021-05-01", matter="好品山东", title="好品山东"),
    ]
    result = one_county({"i43.incentives": records})
    assert criterion(result, "43").points == 1
    notes = [m.render() for m in result.indicators[42].notes]
    assert notes == ["质量激励：第 1 条“市级好品”与第 2 条为同一事项，仅按高级别统计一次。"]


def test_item_43_different_matters_are_not_merged():
    # two provincial incentives for two matters: 2 × 1 = 2
    records = [
        incentive("provincial", matter="甲", title="甲"),
        incentive("provincial", matter="乙", title="乙"),
    ]
    assert criterion(one_county({"i43.incentives": records}), "43").points == 2


def test_item_43_china_quality_award_counts_over_all_years_as_a_national_incentive():
    # 中国质量奖 of 2016 counts (历年累计): 2; another national incentive of 2018 is outside 近三年: 0
    records = [
        incentive("china_quality_award", when="2016-03-29", title="中国质量奖"),
        incentive("national", when="2018-07-01", title="旧的国家级激励"),
    ]
    result = one_county({"i43.incentives": records})
    assert criterion(result, "43").points == 2
    notes = [m.render() for m in result.indicators[42].notes]
    assert notes == [
        "质量激励：第 2 条“旧的国家级激励”（2018-07-01）不在近三年（2019–2021 年）内，不计分。"
    ]


def test_item_43_governors_quality_award_counts_over_all_years_as_a_provincial_incentive():
    # 省长质量奖 of 2012 (1) + a provincial incentive of 2021 (1) = 2
    records = [
        incentive("governor_quality_award", when="2012-12-01", title="省长质量奖"),
        incentive("provincial", when="2021-01-10", title="省级"),
    ]
    assert criterion(one_county({"i43.incentives": records}), "43").points == 2


# ------------------------------------------------------------------ clause maximums


@pytest.mark.parametrize(
    ("centres", "points"),
    [
        (["national"], 1),  # 1
        (["provincial"], 0.5),  # 0.5
        (["national", "provincial"], 1),  # 1 + 0.5 = 1.5 → 累计不超过1分 → 1
    ],
)
def test_item_16_test_centres_are_capped_at_1_point(centres, points):
    assert criterion(one_county({"i16.centres": centres}), "16.2").points == points


def test_item_18_demonstration_and_shortlisted_projects_are_capped_at_half_a_point():
    # 1 × 0.5 + 1 × 0.3 = 0.8 → 累计不超过0.5分 → 0.5
    c = criterion(one_county({"i18.demo_projects": 1, "i18.shortlisted_projects": 1}), "18.2")
    assert c.raw == pytest.approx(0.8)
    assert c.points == 0.5


def test_item_18_one_shortlisted_project_gives_0_3():
    c = criterion(one_county({"i18.demo_projects": 0, "i18.shortlisted_projects": 1}), "18.2")
    assert c.points == pytest.approx(0.3)


def test_item_34_taishan_cups_and_demonstration_projects_are_capped_at_0_6():
    # 1 × 0.4 + 1 × 0.3 + 1 × 0.2 = 0.9 → 最高0.6分 → 0.6
    values = {"i34.taishan_residential": 1, "i34.taishan_other": 1, "i34.standardisation_demo": 1}
    assert criterion(one_county(values), "34.3").points == 0.6


def test_item_34_one_residential_taishan_cup_gives_0_4():
    values = {"i34.taishan_residential": 1, "i34.taishan_other": 0, "i34.standardisation_demo": 0}
    assert criterion(one_county(values), "34.3").points == pytest.approx(0.4)


def test_item_4_two_national_commendations_reach_the_terms_cap_without_passing_it():
    # 2 × 2 = 4, exactly 最高4分: nothing is cut, so no cap is named
    c = criterion(
        one_county({"i04.commendations": [commendation("national")] * 2, "i04.media_reports": []}),
        "4.1",
    )
    assert c.points == 4
    assert c.messages[0].render() == "国家级表扬或激励（次）：2 × 2 = 4 分"


def test_item_18_a_term_not_reported_asks_for_review_and_the_next_term_is_still_explained():
    # demonstration projects not reported: 0; shortlisted 1 × 0.3 = 0.3
    c = criterion(one_county({"i18.demo_projects": None, "i18.shortlisted_projects": 1}), "18.2")
    assert c.points == pytest.approx(0.3)
    assert [(m.render(), m.review) for m in c.messages] == [
        ("国家能源资源计量服务示范项目：未填报，不得分。", True),
        ("国家能源资源计量服务示范入围项目：1 × 0.3 = 0.3 分", False),
    ]
