"""Count thresholds: the highest step reached gives its points (rule kind `count_thresholds`).

Seed, Annex 1: item 14 "主导或参与制定国际标准1项，得3分"; "主导制定国家标准2项及以上，得3分；1项，
得2分"; "参与制定或修订（包括主导修订或参与修订）国家标准3项及以上，得2分；1-2项，得1分"; "主导制定省级
地方标准3项及以上，得1分；1-2项，得0.5分"; "累计不超过3分". Item 15: "国际专业标准化技术委员会成员单位
1个，得3分"; "国家专业标准化技术委员会秘书处1个，得2分"; "国家级标准化试点项目2项及以上，得3分；1项，
得2分"; "省级标准化试点项目3项及以上，得2分；1-2项，得1分"; "累计不超过3分".
"""

import pytest

from tests.builders import cohort_json, county_json, score


def criterion(result, cid):
    number = int(cid.split(".")[0])
    return next(c for c in result.indicators[number - 1].criteria if c.id == cid)


def one_county(values):
    return score(cohort_json([county_json("文登区", "威海市", values)])).county(0)


def standard(scope, role, when="2020-06-01", n=1):
    return {"scope": scope, "role": role, "title": f"标准{n}", "code": f"GB/T {n}", "date": when}


def standards(scope, role, count):
    return [standard(scope, role, n=n) for n in range(count)]


def organisation(kind, when="2020-06-01"):
    return {"kind": kind, "title": "某组织", "committee": "某标委会", "date": when}


def pilot(level, n=0, when="2020-06-01"):
    return {"level": level, "title": f"试点{n}", "undertaker": "某企业", "date": when}


def item_14(records):
    return one_county({"i14.standards": records})


def item_15(organisations, pilots):
    return one_county({"i15.organisations": organisations, "i15.pilots": pilots})


# ------------------------------------------------------------------------------ item 14


def test_item_14_one_international_standard_gives_3_points():
    assert (
        criterion(item_14(standards("international", "participate_formulate", 1)), "14.1").points
        == 3
    )


@pytest.mark.parametrize(("led", "points"), [(3, 3), (2, 3), (1, 2), (0, 0)])
def test_item_14_national_standards_led(led, points):
    # 2 项及以上 → 3; 1 项 → 2; 无 → 0
    assert criterion(item_14(standards("national", "lead_formulate", led)), "14.2").points == points


@pytest.mark.parametrize(("joined", "points"), [(3, 2), (2, 1), (1, 1), (0, 0)])
def test_item_14_national_standards_joined_or_revised(joined, points):
    # 3 项及以上 → 2; 1-2 项 → 1; 无 → 0
    roles = ["participate_formulate", "lead_revise", "participate_revise"][:joined]
    records = [standard("national", role, n=n) for n, role in enumerate(roles)]
    assert criterion(item_14(records), "14.3").points == points


def test_item_14_leading_a_national_standard_is_not_also_counted_as_joining_one():
    # 主导制定 counts in 14.2 only: 1 led → 14.2 gives 2, 14.3 gives 0
    result = item_14(standards("national", "lead_formulate", 1))
    assert criterion(result, "14.2").points == 2
    assert criterion(result, "14.3").points == 0


@pytest.mark.parametrize(("led", "points"), [(3, 1), (2, 0.5), (1, 0.5), (0, 0)])
def test_item_14_provincial_local_standards_led(led, points):
    # 3 项及以上 → 1; 1-2 项 → 0.5; 无 → 0
    assert (
        criterion(item_14(standards("provincial", "lead_formulate", led)), "14.4").points == points
    )


def test_item_14_is_capped_at_3_points_in_all():
    # 1 international (3) + 2 national led (3) = 6 → 累计不超过3分 → 3
    records = standards("international", "lead_formulate", 1) + standards(
        "national", "lead_formulate", 2
    )
    result = item_14(records)
    indicator = result.indicators[13]
    assert (indicator.raw, indicator.points) == (6, 3)
    assert [m.render() for m in indicator.notes] == ["累计不超过3分：各条合计 6 分，按 3 分计。"]


def test_item_14_parts_below_the_cap_add_up():
    # 1 national led (2) + 1 provincial led (0.5) = 2.5 ≤ 3
    records = standards("national", "lead_formulate", 1) + standards(
        "provincial", "lead_formulate", 1
    )
    assert item_14(records).indicators[13].points == 2.5


def test_item_14_explains_the_step_reached():
    c = criterion(item_14(standards("national", "lead_formulate", 1)), "14.2")
    assert [m.render() for m in c.messages] == [
        "主导制定国家标准（项）：1，达到 1 的档次，得 2 分。"
    ]


def test_item_14_explains_that_no_step_was_reached():
    c = criterion(item_14([]), "14.2")
    assert [m.render() for m in c.messages] == [
        "主导制定国家标准（项）：0，未达到最低档次，不得分。"
    ]


def test_item_14_a_list_not_reported_gives_nothing_and_says_it_was_not_reported():
    # null = not reported (cohort format), which is not the same as "none": the explanation says so
    c = criterion(item_14(None), "14.2")
    assert c.points == 0
    assert [m.render() for m in c.messages] == ["主导制定国家标准（项）：未填报，不得分。"]


def test_item_14_a_standard_published_before_the_last_three_years_does_not_count():
    # 近三年 = 2019–2021: the 2018 standard is left out, one led standard remains → 2
    records = [
        standard("national", "lead_formulate", when="2018-10-01", n=1),
        standard("national", "lead_formulate", when="2019-01-01", n=2),
    ]
    assert criterion(item_14(records), "14.2").points == 2


# ------------------------------------------------------------------------------ item 15


def test_item_15_an_international_committee_membership_gives_3_points():
    result = item_15([organisation("international_member")], [])
    assert criterion(result, "15.1").points == 3


def test_item_15_a_national_committee_secretariat_gives_2_points():
    result = item_15([organisation("national_secretariat")], [])
    assert criterion(result, "15.2").points == 2


@pytest.mark.parametrize(("pilots", "points"), [(2, 3), (1, 2), (0, 0)])
def test_item_15_national_standardisation_pilots(pilots, points):
    # 2 项及以上 → 3; 1 项 → 2
    result = item_15([], [pilot("national", n) for n in range(pilots)])
    assert criterion(result, "15.3").points == points


@pytest.mark.parametrize(("pilots", "points"), [(3, 2), (2, 1), (1, 1), (0, 0)])
def test_item_15_provincial_standardisation_pilots(pilots, points):
    # 3 项及以上 → 2; 1-2 项 → 1
    result = item_15([], [pilot("provincial", n) for n in range(pilots)])
    assert criterion(result, "15.4").points == points


def test_item_15_is_capped_at_3_points_in_all():
    # secretariat (2) + 3 provincial pilots (2) = 4 → 累计不超过3分 → 3
    result = item_15(
        [organisation("national_secretariat")], [pilot("provincial", n) for n in range(3)]
    )
    indicator = result.indicators[14]
    assert (indicator.raw, indicator.points) == (4, 3)


def test_item_14_not_reported_gives_nothing_and_asks_for_review():
    c = criterion(item_14(None), "14.1")
    assert c.points == 0
    assert [(m.render(), m.review) for m in c.messages] == [
        ("主导或参与制定国际标准（项）：未填报，不得分。", True)
    ]
