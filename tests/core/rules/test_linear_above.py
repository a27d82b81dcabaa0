"""Linear above a floor, capped by the clause (rule kind `linear_above`).

Seed, Annex 1, item 17: "注册计量师数量不少于3人，每增1人得0.1分，最高1分；等于或少于3人的，不得分".
Read as points = min(1, 0.1 × (n − 3)) for n > 3, else 0 (SCORING.md, "Other readings").
"""

import pytest

from tests.builders import cohort_json, county_json, score


def criterion(result, cid):
    number = int(cid.split(".")[0])
    return next(c for c in result.indicators[number - 1].criteria if c.id == cid)


def metrologists(n):
    result = score(cohort_json([county_json("文登区", "威海市", {"i17.metrologists": n})])).county(
        0
    )
    return criterion(result, "17.1")


@pytest.mark.parametrize(
    ("n", "points"),
    [
        (0, 0),  # fewer than 3 → 0
        (3, 0),  # 等于3人 → 0
        (4, 0.1),  # (4 − 3) × 0.1 = 0.1
        (5, 0.2),  # (5 − 3) × 0.1 = 0.2
        (13, 1),  # (13 − 3) × 0.1 = 1
        (20, 1),  # (20 − 3) × 0.1 = 1.7 → 最高1分 → 1
    ],
)
def test_item_17_gives_a_tenth_of_a_point_per_metrologist_above_3_up_to_1(n, points):
    assert metrologists(n).points == pytest.approx(points)


def test_item_17_keeps_the_uncapped_raw_points_and_says_the_clause_capped_them():
    c = metrologists(20)
    assert c.raw == pytest.approx(1.7)  # (20 − 3) × 0.1
    assert c.messages[-1].render() == "本条最高 1 分，计 1 分（原始 1.7 分）。"


def test_item_17_explains_the_excess_over_3():
    c = metrologists(5)
    assert c.messages[0].render() == "注册计量师数量：5，超过 3 的部分 2 × 0.1 = 0.2 分。"


def test_item_17_explains_that_3_is_not_enough():
    assert metrologists(3).messages[0].render() == "注册计量师数量：3，不超过 3，不得分。"


def test_item_17_not_reported_gives_nothing_and_says_so():
    c = metrologists(None)
    assert c.points == 0
    assert c.messages[0].render() == "注册计量师数量：未填报，不得分。"


def test_item_17_metrologists_not_reported_give_nothing_and_ask_for_review():
    c = metrologists(None)
    assert c.points == 0
    assert [(m.render(), m.review) for m in c.messages] == [
        ("注册计量师数量：未填报，不得分。", True)
    ]
