"""A checklist with a deduction per missing item, floored at 0 (rule kind `checklist`).

Seed, Annex 1: item 3 (7 activities) "每一项均开展得3分；缺少一项扣0.5分，扣完为止"; item 10 (9 funding
areas) "得3分；缺少一项，扣0.5分，扣完为止"; item 21 (5 risk domains) "得2分；缺少一项扣1分，扣完为止".
"""

import pytest

from tests.builders import cohort_json, county_json, score

ACTIVITIES = [
    "quality_month",
    "brand_day",
    "consumer_day",
    "standards_day",
    "metrology_day",
    "accreditation_day",
    "qc_groups",
]
AREAS = [
    "development",
    "supervision",
    "standards",
    "metrology",
    "testing",
    "certification",
    "brand",
    "credit",
    "ip",
]
DOMAINS = ["production_safety", "environment", "food", "drugs", "other_products"]


def criterion(result, cid):
    number = int(cid.split(".")[0])
    return next(c for c in result.indicators[number - 1].criteria if c.id == cid)


def one_county(values):
    return score(cohort_json([county_json("文登区", "威海市", values)])).county(0)


def test_item_3_all_seven_activities_give_3_points():
    c = criterion(one_county({"i03.activities": ACTIVITIES}), "3")
    assert c.points == 3
    assert c.messages[0].render() == "近一年开展的群众性质量文化活动：7 项全部具备，得 3 分。"


@pytest.mark.parametrize(
    ("held", "points"),
    [
        (5, 2),  # 2 missing: 3 − 2 × 0.5 = 2
        (1, 0),  # 6 missing: 3 − 6 × 0.5 = 0
        (0, 0),  # 7 missing: 3 − 7 × 0.5 = −0.5, floored at 0
    ],
)
def test_item_3_deducts_half_a_point_per_missing_activity_down_to_0(held, points):
    assert criterion(one_county({"i03.activities": ACTIVITIES[:held]}), "3").points == points


def test_item_3_names_the_missing_activities_and_the_deduction():
    c = criterion(one_county({"i03.activities": ACTIVITIES[:5]}), "3")
    assert c.messages[0].render() == (
        "近一年开展的群众性质量文化活动：缺少 2 项（“世界认可日”、QC小组），每项扣 0.5 分，得 2 分。"
    )


def test_item_3_not_reported_gives_nothing_and_says_so():
    c = criterion(one_county({"i03.activities": None}), "3")
    assert c.points == 0
    assert c.messages[0].render() == "近一年开展的群众性质量文化活动：未填报，不得分。"


@pytest.mark.parametrize(
    ("funded", "points"),
    [
        (9, 3),  # all nine areas → 3
        (8, 2.5),  # 1 missing: 3 − 0.5 = 2.5
        (6, 1.5),  # 3 missing: 3 − 3 × 0.5 = 1.5
        (3, 0),  # 6 missing: 3 − 6 × 0.5 = 0
        (0, 0),  # 9 missing: 3 − 4.5 < 0, floored at 0
    ],
)
def test_item_10_deducts_half_a_point_per_unfunded_area(funded, points):
    assert criterion(one_county({"i10.funded": AREAS[:funded]}), "10").points == points


@pytest.mark.parametrize(
    ("covered", "points"),
    [
        (5, 2),  # all five domains → 2
        (4, 1),  # 1 missing: 2 − 1 = 1
        (3, 0),  # 2 missing: 2 − 2 = 0
        (1, 0),  # 4 missing: 2 − 4 < 0, floored at 0
    ],
)
def test_item_21_deducts_a_point_per_missing_risk_domain(covered, points):
    assert criterion(one_county({"i21.domains": DOMAINS[:covered]}), "21").points == points


def test_item_21_which_domain_is_missing_does_not_matter_only_how_many():
    # 药品 missing instead of 其他重点产品: still 2 − 1 = 1
    c = criterion(
        one_county({"i21.domains": ["production_safety", "environment", "food", "other_products"]}),
        "21",
    )
    assert c.points == 1
    assert "缺少 1 项（药品）" in c.messages[0].render()


def test_item_3_not_reported_gives_nothing_and_asks_for_review():
    c = criterion(one_county({"i03.activities": None}), "3")
    assert c.points == 0
    assert [(m.render(), m.review) for m in c.messages] == [
        ("近一年开展的群众性质量文化活动：未填报，不得分。", True)
    ]
