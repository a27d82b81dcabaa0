"""Yes/no and threshold clauses (rule kind `flag`): all conditions hold → the clause's points.

Seed, Annex 1: item 1 "有，得2分；无，不得分"; item 9 second clause "制定…制度措施，且随机抽取月度
执法列严情况核实无误，得1分"; item 29 "达标，得1分"; item 30 "监督抽查批次与当地常住人口比例达到
1批次/千人 … 达标，得2分".
"""

import numpy as np

from qcounty.core.rules.base import Condition
from tests.builders import cohort_json, county_json, score


def criterion(result, cid):
    number = int(cid.split(".")[0])
    return next(c for c in result.indicators[number - 1].criteria if c.id == cid)


def one_county(values):
    return score(cohort_json([county_json("文登区", "威海市", values)])).county(0)


def rendered(c):
    return [m.render() for m in c.messages]


def test_item_1_slogan_in_party_and_government_documents_gives_2_points():
    result = one_county({"i01.slogan": True})
    c = criterion(result, "1")
    assert c.points == 2
    assert rendered(c)[-1] == "条件全部满足，得 2 分。"


def test_item_1_without_a_slogan_gives_nothing():
    c = criterion(one_county({"i01.slogan": False}), "1")
    assert c.points == 0
    assert "不满足" in rendered(c)[0]


def test_item_1_not_reported_gives_nothing_and_says_it_was_not_reported():
    c = criterion(one_county({"i01.slogan": None}), "1")
    assert c.points == 0
    assert "未填报" in rendered(c)[0]


def test_item_9_blacklist_clause_needs_both_the_rules_and_a_clean_spot_check():
    # "制定…制度措施，且随机抽取月度执法列严情况核实无误，得1分；未制定…或…核实有误，不得分"
    both = one_county({"i09.blacklist_rules": True, "i09.blacklist_check_ok": True})
    rules_only = one_county({"i09.blacklist_rules": True, "i09.blacklist_check_ok": False})
    assert criterion(both, "9.2").points == 1
    assert criterion(rules_only, "9.2").points == 0
    assert any(
        "随机抽取月度执法列严情况核实无误" in m for m in rendered(criterion(rules_only, "9.2"))
    )


def test_item_29_full_drug_inspection_coverage_gives_1_point():
    assert criterion(one_county({"i29.drug_inspection_full": True}), "29").points == 1
    assert criterion(one_county({"i29.drug_inspection_full": False}), "29").points == 0


def test_item_30_one_batch_per_thousand_residents_gives_2_points():
    # 500 batches / 500,000 residents × 1,000 = 1.0 batch per 1,000 ≥ 1 → 2 points
    result = one_county({"i30.batches": 500, "i30.resident_population": 500_000})
    c = criterion(result, "30")
    assert c.points == 2
    assert rendered(c)[0] == "监督抽查批次与常住人口比例：1 批次/千人（满足 ≥ 1 批次/千人）"


def test_item_30_shows_the_batches_and_residents_it_divided():
    c = criterion(one_county({"i30.batches": 500, "i30.resident_population": 500_000}), "30")
    assert c.inputs == {
        "工业产品、消费品监督抽查批次": "500 批次",
        "当地常住人口": "500000 人",
        "监督抽查批次与常住人口比例": "1 批次/千人",
    }


def test_item_30_one_batch_short_gives_nothing():
    # 499 / 500,000 × 1,000 = 0.998 < 1 → 0
    c = criterion(one_county({"i30.batches": 499, "i30.resident_population": 500_000}), "30")
    assert c.points == 0
    assert "0.998 批次/千人（不满足 ≥ 1 批次/千人）" in rendered(c)[0]


def test_item_30_zero_residents_gives_nothing_and_notes_the_zero_denominator():
    result = one_county({"i30.batches": 10, "i30.resident_population": 0})
    assert criterion(result, "30").points == 0
    notes = [m.render() for m in result.indicators[29].notes]
    assert notes == ["监督抽查批次与常住人口比例：分母为 0，无法计算。"]


def test_a_condition_tests_each_operator_and_never_holds_on_a_missing_value():
    x = np.array([0.9, 1.0, 1.1, np.nan])
    assert Condition(value="v", at_least=1).test(x).tolist() == [False, True, True, False]
    assert Condition(value="v", above=1).test(x).tolist() == [False, False, True, False]
    assert Condition(value="v", at_most=1).test(x).tolist() == [True, True, False, False]
    assert Condition(value="v", below=1).test(x).tolist() == [True, False, False, False]
    assert Condition(value="v", equals=1).test(x).tolist() == [False, True, False, False]


def test_a_bare_key_in_a_condition_means_that_yes_no_value_is_true():
    c = Condition.model_validate("i01.slogan")
    assert (c.value, c.op, c.equals) == ("i01.slogan", "equals", True)


def test_item_29_a_one_point_clause_met_says_it_gives_its_point():
    c = criterion(one_county({"i29.drug_inspection_full": True}), "29")
    assert rendered(c) == ["药品监督检查覆盖率达到100%：是（满足 是）", "条件全部满足，得 1 分。"]


def test_item_29_a_clause_not_met_says_it_gives_nothing():
    c = criterion(one_county({"i29.drug_inspection_full": False}), "29")
    assert rendered(c) == [
        "药品监督检查覆盖率达到100%：否（不满足 是）",
        "条件未全部满足，不得分。",
    ]


def test_item_30_not_reported_is_taken_as_not_met_and_asks_for_review():
    c = criterion(one_county({"i30.batches": None, "i30.resident_population": 500_000}), "30")
    assert [(m.render(), m.review) for m in c.messages] == [
        ("监督抽查批次与常住人口比例：未填报或无法计算，按不满足处理", True),
        ("条件未全部满足，不得分。", False),
    ]


def test_a_condition_describes_its_test_in_words_with_the_values_unit():
    table = score(cohort_json([county_json("文登区", "威海市", {})])).table
    described = [
        Condition.model_validate("i01.slogan"),  # a yes/no value that must be true
        Condition(value="i01.slogan", equals=False),
        Condition(value="i30.batches_per_thousand", at_least=1),  # unit 批次/千人
        Condition(value="i14.international", equals=3),  # a count compared with "="
        Condition(value="i01.slogan", at_least=1),  # no unit: nothing after the number
    ]
    assert [c.describe(table) for c in described] == ["是", "否", "≥ 1 批次/千人", "= 3", "≥ 1"]


def test_a_condition_holds_for_one_value_as_its_operator_says_and_never_on_a_missing_one():
    # the scalar path the explanations use, value by value as `test` does for a column
    xs = [0.9, 1.0, 1.1, float("nan")]
    assert [Condition(value="v", at_least=1).holds(x) for x in xs] == [False, True, True, False]
    assert [Condition(value="v", above=1).holds(x) for x in xs] == [False, False, True, False]
    assert [Condition(value="v", at_most=1).holds(x) for x in xs] == [True, True, False, False]
    assert [Condition(value="v", below=1).holds(x) for x in xs] == [True, False, False, False]
    assert [Condition(value="v", equals=1).holds(x) for x in xs] == [False, True, False, False]
