"""Gap analysis: points lost, and the actions that win them back, computed from the rules."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qcounty.core.cohort import County, parse_cohort
from qcounty.core.gaps import Assessor, GapAction, gap_analysis, plan, record_kinds
from qcounty.core.selfassess import self_assess
from qcounty.core.synth import generate_cohort
from tests.builders import YEAR, cohort_json, counties, county_json, shandong


def _commendation(level: str) -> dict[str, object]:
    return {
        "level": level,
        "issuer": "国务院",
        "date": "2021-05-01",  # 近三年 of the 2022 campaign: 2019–2021
        "title": "质量工作表扬",
        "to_county_government": True,
    }


def _pilot(level: str) -> dict[str, object]:
    return {"level": level, "title": "试点", "undertaker": "某公司", "date": "2020-09-01"}


HAND_BUILT = {
    # item 1: full points (2), item 7: full points (1 + 1): nothing to propose there
    "i01.slogan": True,
    "i07.plan": True,
    "i07.mobilisation": True,
    # item 2: "有质量发展模式，具备一定的推广性" 1.5 of 3
    "i02.model": "partly",
    # item 3: 5 of 7 activities: 3 − 2 × 0.5 = 2
    "i03.activities": ["quality_month", "brand_day", "consumer_day", "standards_day", "qc_groups"],
    # item 4: 2 national commendations 2 × 2 = 4 (term cap 4) + 1 city 0.5 = 4.5 of 5
    "i04.commendations": [
        _commendation("national"),
        _commendation("national"),
        _commendation("city"),
    ],
    "i04.media_reports": [],
    # item 15: 1 provincial pilot → 15.4 "1-2项，得1分" = 1 of 3
    "i15.organisations": [],
    "i15.pilots": [_pilot("provincial")],
    # item 17: 5 metrologists → 0.1 × (5 − 3) = 0.2; 20 standards, as every county → 0.5;
    # A-class coverage 80 % < 90 % → 0; verification 100 % → 0.5: 1.2 of 2.5
    "i17.metrologists": 5,
    "i17.public_standards": 20,
    "i17.a_class_coverage": 80,
    "i17.verification_full": True,
    # item 27: analysed, not published: "已开展，未定期发布，得1分"
    "i27.analysed": True,
    "i27.published": False,
}


def _reference():
    """Three 威海市 counties, all with 17.3 coverage at or above 90 %: x_h = 100."""
    rows = [
        county_json(
            name,
            "威海市",
            {"i17.public_standards": 20, "i17.a_class_coverage": coverage},
            synthetic=True,
        )
        for name, coverage in [("甲区", 92), ("乙区", 96), ("丙区", 100)]
    ]
    return parse_cohort(cohort_json(rows), shandong())


def _county(values: dict[str, object]) -> County:
    return counties(cohort_json([county_json("文登区", "威海市", values)]))[0]


@pytest.fixture(scope="module")
def analysis():
    return gap_analysis(shandong(), _county(HAND_BUILT), YEAR, _reference())


def _of(actions: list[GapAction], indicator: int) -> list[GapAction]:
    return [a for a in actions if a.indicator == indicator]


def test_points_lost_per_indicator_are_max_minus_points(analysis):
    lost = {x.number: x for x in analysis.losses}
    assert lost[2].lost == pytest.approx(1.5)  # 3 − 1.5
    assert lost[3].lost == pytest.approx(1.0)  # 3 − 2
    assert lost[4].lost == pytest.approx(0.5)  # 5 − 4.5
    assert lost[17].points == pytest.approx(1.2)  # 0.2 + 0.5 + 0 + 0.5
    assert lost[17].lost == pytest.approx(1.3)
    assert 1 not in lost and 7 not in lost  # at full points


def test_checklist_proposes_each_missing_activity_and_all_of_them(analysis):
    item3 = sorted((a.gain, a.text) for a in _of(analysis.actions, 3))
    # −0.5 per missing activity: each one back +0.5, both +1 (3 points, the maximum)
    assert [round(g, 6) for g, _ in item3] == [0.5, 0.5, 1.0]
    assert any("“世界计量日”" in t for _, t in item3)
    assert any("“世界认可日”" in t for _, t in item3)
    metrology = next(a for a in _of(analysis.actions, 3) if a.gain == pytest.approx(0.5))
    assert metrology.changes["i03.activities"][:5] == HAND_BUILT["i03.activities"]
    assert metrology.points_now == pytest.approx(2.0) and metrology.points_max == 3


def test_a_case_made_true_publishes_the_analysis_report(analysis):
    (item27,) = _of(analysis.actions, 27)
    # "定期分析…并向社会发布，得2分" from "已开展，未定期发布，得1分": +1
    assert item27.gain == pytest.approx(1.0)
    assert item27.text == "定期向社会发布质量发展状况分析报告"
    assert item27.changes == {"i27.published": True}
    assert item27.goal == "定期分析、形成报告并向社会发布"


def test_a_level_is_raised_to_the_top(analysis):
    (item2,) = _of(analysis.actions, 2)
    assert item2.gain == pytest.approx(1.5)  # 3 − 1.5
    assert item2.changes == {"i02.model": "promotable"}
    assert "有质量发展模式，具备一定的推广性" in item2.text


def test_the_cumulative_cap_of_item_4_limits_every_gain_to_half_a_point(analysis):
    item4 = _of(analysis.actions, 4)
    # national commendations are at their term cap (2 × 2 = 4 ≤ 4): none proposed;
    # provincial +1, city +0.5, national media +1, provincial media +0.5 — each limited
    # by "累计不超过5分" to 5 − 4.5 = 0.5
    assert sorted(a.criterion for a in item4) == ["4.1", "4.1", "4.2", "4.2"]
    assert all(a.gain == pytest.approx(0.5) for a in item4)
    assert not any("国家级（党中央" in a.text for a in item4)


def test_count_thresholds_propose_the_next_step_once(analysis):
    item15 = {a.criterion: a for a in _of(analysis.actions, 15)}
    # 1 of 3 points; cumulative cap 3: 15.1 (3), 15.2 (2) and 15.3 (1 pilot: 2) each +2;
    # 15.3 "2项及以上 3分" would gain no more than 1 pilot does and is not proposed
    assert set(item15) == {"15.1", "15.2", "15.3", "15.4"}
    assert item15["15.3"].gain == pytest.approx(2.0)
    assert len(item15["15.3"].changes["i15.pilots"]) == 1 + 1
    assert len([a for a in analysis.actions if a.criterion == "15.3"]) == 1
    # the step's goal says the count with its unit (the label's “（项）”, “（个）”)
    assert item15["15.3"].goal == "达到“1 项”档（2 分）"
    assert item15["15.1"].goal == "达到“1 个”档（3 分）"
    assert item15["15.4"].goal == "达到“3 项”档（2 分）"
    # 15.4: "3项及以上，得2分" from 1 pilot (1 point): 2 more pilots, +1
    assert item15["15.4"].gain == pytest.approx(1.0)
    assert len(item15["15.4"].changes["i15.pilots"]) == 1 + 2
    assert "新增 2 条“标准化试点项目”（级别：省级）" in item15["15.4"].text


def test_linear_above_is_raised_to_its_cap(analysis):
    (a,) = [a for a in analysis.actions if a.criterion == "17.1"]
    # 0.1 per person above 3, at most 1: 13 persons; 1 − 0.2 = +0.8
    assert a.changes == {"i17.metrologists": 13}
    assert a.gain == pytest.approx(0.8)
    assert a.text == "注册计量师数量达到 13 人"


def test_an_efficacy_threshold_gives_an_estimate_and_its_range(analysis):
    item173 = {
        a.changes["i17.a_class_coverage"]: a for a in analysis.actions if a.criterion == "17.3"
    }
    # at the threshold, x_s = 90 (policy), x_h = 100 (丙区): d = 60, 0.5 × 60 / 100 = 0.3,
    # and between d = 60 and d = 100: 0.3 – 0.5 ("up to +0.5")
    at_threshold = item173[90]
    assert at_threshold.gain == pytest.approx(0.3)
    assert (at_threshold.gain_low, at_threshold.gain_high) == pytest.approx((0.3, 0.5))
    assert at_threshold.text == "A类强制检定社会公用计量标准覆盖率达到 90 %"
    # at the reference group's best value, d = 100: 0.5
    at_best = item173[100]
    assert at_best.text == "A类强制检定社会公用计量标准覆盖率达到 100 %（参照组最好水平）"
    assert at_best.gain == pytest.approx(0.5)
    assert at_best.gain_high == pytest.approx(0.5)


def test_actions_are_ranked_by_gain(analysis):
    gains = [round(a.gain, 6) for a in analysis.actions]
    assert gains == sorted(gains, reverse=True)
    mine = [a for a in analysis.actions if a.indicator in (2, 3, 4, 15, 17, 27)]
    assert [round(a.gain, 2) for a in mine] == [
        2.0, 2.0, 2.0,  # 15.1, 15.2, 15.3
        1.5,  # 2
        1.0, 1.0, 1.0,  # 3 (both activities), 15.4, 27
        0.8,  # 17.1
        0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,  # 3 ×2, 4 ×4, 17.3 at x_h
        0.3,  # 17.3 at the threshold
    ]  # fmt: skip


def test_no_action_for_full_indicators_gates_or_expert_scores(analysis):
    indicators = {a.indicator for a in analysis.actions}
    assert not indicators & {1, 7}
    assert not [a for a in analysis.actions if a.criterion == "35.3"]  # expert score
    gate_keys = {x.key for g in shandong().gates for x in g.inputs}
    assert not [a for a in analysis.actions if set(a.changes) & gate_keys]
    assert all(a.gain > 0 for a in analysis.actions)


def test_an_action_applied_gives_the_gain_it_announced(analysis):
    f = shandong()
    county = _county(HAND_BUILT)
    before = self_assess(f, county, YEAR, _reference()).total
    for a in analysis.actions[:5]:
        after = self_assess(
            f, replace(county, values=county.values | a.changes), YEAR, _reference()
        )
        assert after.total - before == pytest.approx(a.gain)


def test_judged_inputs_are_marked():
    values = HAND_BUILT | {
        "i25.help_action": True,
        "i25.help_reported": True,
        "i25.help_effective": False,
    }
    result = gap_analysis(shandong(), _county(values), YEAR, _reference())
    (a,) = [a for a in result.actions if a.criterion == "25.2"]
    # "成效显著且被…宣传报道的，得1分" from "仅开展…得0.5分": +0.5, settled by the experts
    assert a.gain == pytest.approx(0.5)
    assert a.judged and a.changes == {"i25.help_effective": True}


def test_years_covered_adds_records_in_the_missing_years():
    training = {"date": "2021-03-01", "title": "首席质量官培训"}
    values = {"i24.trainings": [training], "i24.exchanges": None}
    result = gap_analysis(shandong(), _county(values), YEAR, _reference())
    (a,) = [a for a in result.actions if a.criterion == "24.2"]
    added = a.changes["i24.trainings"][1:]
    # 近三年 of 2022 = 2019–2021; 2021 is covered: one training in 2019 and one in 2020
    assert sorted(r["date"].year for r in added) == [2019, 2020]
    assert a.gain == pytest.approx(0.5)


def test_the_assessor_scores_as_self_assessment_does():
    f = shandong()
    reference = parse_cohort(generate_cohort(f, counties=40, seed=5), f)
    known = reference.counties[3]
    stranger = replace(_county(HAND_BUILT), name="文登区")
    for county in (known, replace(known, values=known.values | {"i20.coverage": 99.0}), stranger):
        fast = Assessor(f, YEAR, reference, city=county.city, name=county.name).result(county)
        slow = self_assess(f, county, YEAR, reference)
        assert fast.total == slow.total and fast.rank == slow.rank
        assert fast.floor == slow.floor and fast.ceiling == slow.ceiling
        assert [c.points for i in fast.indicators for c in i.criteria] == [
            c.points for i in slow.indicators for c in i.criteria
        ]


def test_record_kinds_cover_every_scored_record_list():
    f = shandong()
    kinds = record_kinds(f)
    lists = {k.records for k in kinds}
    scored = {x.key for x in f.inputs() if x.type == "records" and not x.informational}
    assert lists == scored
    # item 42: one kind per points row (national 1st/2nd, provincial 1st/2nd)
    assert len([k for k in kinds if k.records == "i42.awards"]) == 4


def test_the_plan_takes_one_way_to_win_the_same_points(analysis):
    # items 2, 3 and 15 of the hand-built county, whose actions each gain measured alone:
    # 15.1, 15.2, 15.3 +2 each (item 15 has 1 of 3 points: each alone fills the cap),
    # item 2 +1.5, item 3 both activities +1 and each +0.5, 15.4 +1: 10.5 if added up
    three = replace(analysis, actions=[a for a in analysis.actions if a.indicator in (2, 3, 15)])
    assert sum(a.gain for a in three.actions) == pytest.approx(2 * 3 + 1.5 + 1 + 0.5 * 2 + 1)
    chosen = plan(three, 10)
    # one way for item 15 (+2, its cap 3 reached: the other three now gain 0), item 2 (+1.5),
    # item 3's both activities (+1, after which each single one gains 0): 3 steps, 4.5 points
    criteria = [s.action.criterion for s in chosen.steps]
    assert len(criteria) == 3
    assert criteria[0] in ("15.1", "15.2", "15.3")
    assert criteria[1:] == ["2", "3"]
    assert len(chosen.steps[2].action.changes["i03.activities"]) == 7  # both activities
    assert [round(s.gain, 6) for s in chosen.steps] == [2.0, 1.5, 1.0]
    assert [round(s.total, 6) for s in chosen.steps] == [2.0, 3.5, 4.5]
    assert chosen.gain == pytest.approx(4.5)
    # the alternatives stay in the analysis's list, with their gains alone
    assert len([a for a in three.actions if a.indicator == 15]) == 4


def test_the_plan_gains_add_up_to_all_its_changes_rescored_together(analysis):
    f = shandong()
    county = _county(HAND_BUILT)
    chosen = plan(analysis, 10)
    before = self_assess(f, county, YEAR, _reference()).total
    together = self_assess(
        f, replace(county, values=county.values | chosen.changes), YEAR, _reference()
    )
    assert chosen.before == pytest.approx(before)
    assert together.total - before == pytest.approx(chosen.gain)
    assert sum(s.gain for s in chosen.steps) == pytest.approx(chosen.gain)
    # chosen greedily: each step gains no more than the one before, and never nothing
    gains = [round(s.gain, 6) for s in chosen.steps]
    assert gains == sorted(gains, reverse=True) and gains[-1] > 0
    # no two steps win the same points of item 15, nor of item 4 (0.5 left below its cap)
    assert len([s for s in chosen.steps if s.action.indicator == 15]) <= 1
    assert len([s for s in chosen.steps if s.action.indicator == 4]) <= 1


def test_a_plan_of_fewer_steps_is_the_start_of_a_longer_one(analysis):
    long, short = plan(analysis, 6), plan(analysis, 2)
    assert [s.action for s in short.steps] == [s.action for s in long.steps[:2]]
    assert short.gain == pytest.approx(long.steps[1].total)


def _derived_analysis():
    """Three 威海市 counties with patents (item 41) and tourism (item 35.5), and 文登区 behind.

    | county | i41.patents | i41.patents_before | growth | scenic | tourism composite |
    | 甲区 | 12 | 11 | 9.09 % | 3A × 2 | 3 × 2 = 6 |
    | 乙区 | 13 | 12 | 8.33 % | 4A × 2 | 4 × 2 = 8 |
    | 丙区 | 14 | 12 | 16.6667 % | 5A + 4A × 3 | 5 + 4 × 3 = 17 |
    | 文登区 | 10.5 | 10 | 5 % | 4A | 4 |
    """
    zero = {
        f"i35.{k}": {}
        for k in (
            "scenic_increase",
            "homestays",
            "homestays_increase",
            "hotels",
            "hotels_increase",
        )
    }
    rows = [
        ("甲区", 12, 11, {"a3": 2}),
        ("乙区", 13, 12, {"a4": 2}),
        ("丙区", 14, 12, {"a5": 1, "a4": 3}),
    ]
    reference = parse_cohort(
        cohort_json(
            [
                county_json(
                    name,
                    "威海市",
                    zero
                    | {"i41.patents": patents, "i41.patents_before": before, "i35.scenic": scenic},
                    synthetic=True,
                )
                for name, patents, before, scenic in rows
            ]
        ),
        shandong(),
    )
    mine = zero | {"i41.patents": 10.5, "i41.patents_before": 10, "i35.scenic": {"a4": 1}}
    return gap_analysis(shandong(), _county(mine), YEAR, reference)


def test_a_growth_rate_is_named_and_rounded_with_the_input_that_reaches_it():
    actions = [a for a in _derived_analysis().actions if a.criterion == "41"]
    texts = sorted(a.text for a in actions)
    # x_h of the growth: 丙区 (14 − 12) / 12 = 16.6667 %, shown to 2 decimals; from 10 the
    # county reaches it at 10 × 1.166667 = 11.6667 → 11.67 (rounded up: reached)
    assert texts == [
        "每万人口有效发明专利拥有量增长率达到 16.67 %（参照组最好水平），"
        "即评价当年的前一年度每万人口有效发明专利拥有量达到 11.67 件/万人",
        # x_h of the stock itself: 丙区's 14
        "评价当年的前一年度每万人口有效发明专利拥有量达到 14 件/万人（参照组最好水平）",
    ]
    growth = next(a for a in actions if a.text.startswith("每万人口有效发明专利拥有量增长率"))
    assert growth.changes == {"i41.patents": 11.67}
    assert growth.goal == "该项得满分"  # in words: the efficacy coefficient at 100


def test_a_composite_is_said_of_the_composite_not_as_a_count_of_one_input():
    (a,) = [a for a in _derived_analysis().actions if a.criterion == "35.5"]
    # x_h: 丙区's 5 × 1 + 4 × 3 = 17; the county has 4 × 1 = 4. The core reaches it by
    # 5A spots (the heaviest term): (17 − 4) / 5 = 2.6 → 3; the text does not propose that
    assert a.text == "旅游等级总数及增量综合值达到 17（参照组最好水平）"
    assert "5A" not in a.text and "个" not in a.text
    assert a.changes["i35.scenic"] == {"a4": 1, "a5": 3}


def test_the_analysis_counts_the_candidates_it_does_not_list(analysis):
    # item 10 (9 funded domains, −0.5 for each missing, 3 points) and item 21 (5 domains, −1
    # each, 2 points) are unreported: one domain added still leaves 3 − 8 × 0.5 < 0 and
    # 2 − 4 × 1 < 0, so each of the 9 + 5 single domains gains nothing; all of them do
    assert analysis.no_gain == 9 + 5
    assert any(a.goal == "9 项全部具备" for a in _of(analysis.actions, 10))
    # 15.3 "2项及以上 3分" gains the 2 points one pilot gains (item 15's cap): dominated
    assert analysis.dominated == 1
    assert analysis.candidates == len(analysis.actions) + analysis.no_gain + analysis.dominated
