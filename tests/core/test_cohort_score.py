"""A scored cohort as its readers use it: every county's result, and the values a criterion shows.

Scoring plans each framework once (which values each criterion shows) and the loader keeps one
framework per file, so these tests parse the Shandong scheme anew: a plan that is made again,
not one left over from an earlier test, is what they check.
"""

import gc

import pytest

from qcounty.core.framework.loader import parse_framework, resolve
from qcounty.core.framework.model import Framework
from tests.builders import SHANDONG, cohort_json, county_json, score


def fresh_shandong() -> Framework:
    path = resolve(SHANDONG)
    return parse_framework(path.read_text(encoding="utf-8"), path.name)


def criterion(result, cid):
    number = int(cid.split(".")[0])
    return next(c for c in result.indicators[number - 1].criteria if c.id == cid)


def weihai(*values):
    f = fresh_shandong()
    names = ["环翠区", "文登区", "荣成市"]
    counties = [county_json(n, "威海市", v, f) for n, v in zip(names, values, strict=False)]
    return score(cohort_json(counties), f)


def test_results_are_every_countys_result_in_cohort_order_and_leave_the_collector_on():
    # item 1 slogan: 2 points for 环翠区, none for 文登区
    s = weihai({"i01.slogan": True}, {"i01.slogan": False})
    results = s.results()
    assert [(r.name, r.total, r.rank) for r in results] == [("环翠区", 2, 1), ("文登区", 0, 2)]
    assert gc.isenabled()


def test_results_leave_a_collector_switched_off_by_the_caller_off():
    s = weihai({"i01.slogan": True})
    gc.disable()
    try:
        assert [r.total for r in s.results()] == [2]
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_ratio_shows_the_counts_it_divided_before_itself():
    # item 30: 500 batches / 500,000 residents × 1,000 = 1 batch per 1,000 residents
    s = weihai({"i30.batches": 500, "i30.resident_population": 500_000})
    assert criterion(s.county(0), "30").inputs == {
        "工业产品、消费品监督抽查批次": "500 批次",
        "当地常住人口": "500000 人",
        "监督抽查批次与常住人口比例": "1 批次/千人",
    }


def test_a_value_read_twice_by_one_rule_is_shown_once():
    # item 19 reads i19.helped as its first part and as the current year of its growth part:
    # helped, helped_before, then the growth (100 − 80) / 80 = 25 %
    s = weihai({"i19.helped": 100, "i19.helped_before": 80})
    assert criterion(s.county(0), "19").inputs == {
        "评价当年的前一年度帮扶中小企业数量": "100 家",
        "评价当年的前两年度帮扶中小企业数量": "80 家",
        "帮扶中小企业数量增长率": "25 %",
    }


def test_a_weighted_sum_shows_only_itself():
    # item 39's 环境空气质量综合值 = 0.4 × good days + 0.6 × PM2.5 improvement: the terms are the
    # indicator's own inputs, not the criterion's
    s = weihai({})
    assert list(criterion(s.county(0), "39").inputs) == ["环境空气质量综合值"]


def test_a_county_is_found_by_its_name_or_by_its_city_and_name():
    f = fresh_shandong()
    s = score(
        cohort_json(
            [
                county_json("市中区", "济南市", {}, f),
                county_json("市中区", "枣庄市", {}, f),
                county_json("文登区", "威海市", {}, f),
            ]
        ),
        f,
    )
    assert (s.index("文登区"), s.index("枣庄市市中区"), s.index("济南市市中区")) == (2, 1, 0)
    with pytest.raises(KeyError) as twice:
        s.index("市中区")
    assert twice.value.args[0] == "“市中区”不止一个：济南市市中区、枣庄市市中区，请连同所属市一起写"
    with pytest.raises(KeyError) as unknown:
        s.index("历下区")
    assert unknown.value.args[0] == "数据中没有名为“历下区”的县"


def test_ranked_lists_the_ranked_counties_first_then_the_unranked_by_their_totals():
    # 环翠区 item 29 (1 point), ranked 1; 文登区 item 29 (1) and 荣成市 item 1 (2), both vetoed:
    # unranked, the higher total first
    vetoed = {"veto.safety_accident": True}
    s = weihai(
        {"i29.drug_inspection_full": True},
        {"i29.drug_inspection_full": True, **vetoed},
        {"i01.slogan": True, **vetoed},
    )
    assert (s.ranks.tolist(), s.totals.tolist()) == ([1, 0, 0], [1, 1, 2])
    assert s.ranked() == [0, 2, 1]


def test_a_passed_gate_says_so_after_its_conditions():
    # the passing gates of the builders: 4 / 20 three-star = 20 %, 2 / 20 four-star = 10 %
    assert [m.render() for m in weihai({}).explain_gate("prerequisite", 0)] == [
        "三星市场监管所占比：20 %（满足 ≥ 16 %）",
        "四星市场监管所占比：10 %（满足 ≥ 8 %）",
        "前置指标：达标。",
    ]


def test_a_failed_gate_gives_as_its_reason_only_the_conditions_that_failed():
    # 4 / 20 three-star = 20 % ≥ 16 % holds; 1 / 20 four-star = 5 % < 8 % fails
    lines = [m.render() for m in weihai({"pre.four_star": 1}).explain_gate("prerequisite", 0)]
    assert (
        lines[-1] == "前置指标：不达标（四星市场监管所占比：5 %（不满足 ≥ 8 %）），取消创建资格。"
    )


def test_a_gate_failed_on_two_conditions_joins_both_reasons():
    # 2 / 20 three-star = 10 % < 16 %; 1 / 20 four-star = 5 % < 8 %
    s = weihai({"pre.three_star": 2, "pre.four_star": 1})
    assert [m.render() for m in s.explain_gate("prerequisite", 0)][-1] == (
        "前置指标：不达标（三星市场监管所占比：10 %（不满足 ≥ 16 %）；"
        "四星市场监管所占比：5 %（不满足 ≥ 8 %）），取消创建资格。"
    )


def test_a_countys_result_carries_its_rank_in_the_cohort_and_in_its_tier():
    # 济南市 is of tier 1, 枣庄市 of tier 3; item 1's slogan gives 历下区 2 points, 市中区 none:
    # ranks 1 and 2 in the cohort, each first of its own tier
    s = score(
        cohort_json(
            [
                county_json("历下区", "济南市", {"i01.slogan": True}),
                county_json("市中区", "枣庄市", {}),
            ]
        )
    )
    assert [(r.rank, r.tier_rank) for r in s.results()] == [(1, 1), (2, 1)]


def test_only_an_efficacy_criterion_has_a_floor_and_a_ceiling():
    # item 1 is a flag: its points are what they are; item 20's efficacy part ranges from d = 60 to
    # d = 100: 2 × 0.6 = 1.2 to 2
    r = weihai({"i01.slogan": True, "i20.coverage": 50}).county(0)
    flag, efficacy = criterion(r, "1"), criterion(r, "20")
    assert (flag.floor, flag.ceiling) == (None, None)
    assert (efficacy.floor, efficacy.ceiling) == (1.2, 2)
