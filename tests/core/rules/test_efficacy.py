"""The efficacy coefficient method (功效系数法) and the `efficacy` rule.

    d = 60 + 40 × (x − x_s) / (x_h − x_s)

x_h is the satisfactory value, x_s the unacceptable one; by default the maximum and minimum of the
comparison group (the eligible counties; of the same city tier for note 1's items), and the
points are points × d / 100 (SCORING.md). Every open question is a policy (framework/policies.py):
the first half of this module checks the maths of `efficacy_part` under each of them, the second
half runs the rule through the Shandong scheme (items 17, 19, 20, 22, 31, 35, 36, 39, 41, 42).
"""

import warnings

import numpy as np
import pytest

from qcounty.core.cohort import parse_cohort
from qcounty.core.efficacy import PartStatus, efficacy_part, mapping
from qcounty.core.framework.loader import FrameworkError, parse_framework
from qcounty.core.framework.policies import Policies
from qcounty.core.scoring import score_cohort
from tests.builders import cohort_json, county_json, score, shandong

DEFAULT = Policies()


def part(x, *, group=None, group_ids=None, policies=DEFAULT, **kwargs):
    x = np.array(x, dtype=float)
    group = np.ones(len(x), dtype=bool) if group is None else np.array(group, dtype=bool)
    ids = np.zeros(len(x), dtype=np.int64) if group_ids is None else np.array(group_ids)
    return efficacy_part(
        x, group=group, group_ids=ids.astype(np.int64), policies=policies, **kwargs
    )


def statuses(r):
    return [PartStatus(int(s)).name.lower() for s in r.status]


# ====================================================================== efficacy_part maths


def test_d_runs_from_60_at_the_group_minimum_to_100_at_its_maximum():
    # x_s = 50, x_h = 80: d(60) = 60 + 40 × 10 / 30 = 73.33
    r = part([50, 60, 80])
    assert r.d.tolist() == pytest.approx([60, 73.3333333, 100])
    assert r.xs.tolist() == [50, 50, 50]
    assert r.xh.tolist() == [80, 80, 80]
    assert r.size.tolist() == [3, 3, 3]


def test_a_zero_span_is_divided_by_without_a_runtime_warning():
    # 0 / 0 where x = x_s = x_h and 10 / 0 for a county outside a flat group (80 against 70–70),
    # the same against a target range of zero (40, 50 and 60 against 50–50): d is then set by
    # policy or clipped, and numpy's "divide by zero" must not reach whoever runs the scoring (a
    # CLI user, the server's log)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        flat = part([70, 70, 80], group=[True, True, False])
        targets = part([40, 50, 60], targets={0: (50.0, 50.0)})
    assert flat.d.tolist() == [100, 100, 100]
    assert (targets.d[0], targets.d[2]) == (60, 100)  # −10 / 0 clipped to 60, 10 / 0 to 100


def test_mapping_d_over_100_gives_60_percent_of_the_points_at_the_bottom():
    # share = d / 100
    assert part([50, 60, 80]).share.tolist() == pytest.approx([0.6, 0.7333333, 1.0])


def test_mapping_scaled_gives_nothing_at_the_bottom_and_everything_at_the_top():
    # share = (d − 60) / 40: (73.33 − 60) / 40 = 0.3333
    r = part([50, 60, 80], policies=Policies(ec_mapping="scaled"))
    assert r.share.tolist() == pytest.approx([0, 0.3333333, 1.0])


def test_mapping_of_a_missing_d_is_nothing():
    shares = mapping(np.array([60.0, 80.0, np.nan]), DEFAULT)
    assert shares.tolist() == [0.6, 0.8, 0.0]


def test_equal_values_give_d_100_under_the_full_policy():
    r = part([70, 70, 70])
    assert r.d.tolist() == [100, 100, 100]
    assert statuses(r) == ["zero_range"] * 3


def test_equal_values_give_d_60_under_the_sixty_flag_policy():
    r = part([70, 70, 70], policies=Policies(ec_zero_range="sixty_flag"))
    assert r.d.tolist() == [60, 60, 60]
    assert statuses(r) == ["zero_range"] * 3


def test_threshold_floor_threshold_uses_the_threshold_as_x_s():
    # threshold 95: 94 gives nothing; x_s = 95, x_h = 100: d(96) = 60 + 40 × 1 / 5 = 68
    r = part([94, 96, 100], threshold=95)
    assert np.isnan(r.d[0])
    assert r.d[1:].tolist() == pytest.approx([68, 100])
    assert (r.xs[1], r.xh[1], r.size[1]) == (95, 100, 2)
    assert statuses(r) == ["below_threshold", "in_group", "in_group"]
    assert r.share[0] == 0


def test_threshold_floor_qualified_min_uses_the_lowest_qualified_value_as_x_s():
    # x_s = 96 (lowest of those ≥ 95), x_h = 100: d(96) = 60
    r = part([94, 96, 100], threshold=95, policies=Policies(ec_threshold_floor="qualified_min"))
    assert r.d[1:].tolist() == [60, 100]
    assert r.xs[1] == 96


def test_a_value_exactly_at_the_threshold_qualifies():
    # "达到95%" includes 95: d(95) = 60 + 40 × 0 / 5 = 60
    r = part([95, 100], threshold=95)
    assert r.d.tolist() == [60, 100]


def test_counties_outside_the_group_use_its_bounds_with_d_clipped_to_60_100():
    # group = first three: x_s = 50, x_h = 80; 100 → 60 + 40 × 50 / 30 = 126.7 → 100;
    # 10 → 60 + 40 × (−40) / 30 = 6.7 → 60
    r = part([50, 60, 80, 100, 10], group=[True, True, True, False, False])
    assert r.d.tolist() == pytest.approx([60, 73.3333333, 100, 100, 60])
    assert r.size.tolist() == [3] * 5
    assert statuses(r)[3:] == ["outside_group", "outside_group"]


def test_a_county_outside_a_group_of_equal_values_is_still_clipped_by_its_bounds():
    # the group is all 70 (x_h = x_s = 70): its members get d = 100 (policy full), but a county
    # outside the group with 10 < x_s is below the group's bounds: clipped to 60, not lifted to 100
    r = part([70, 70, 10], group=[True, True, False])
    assert r.d.tolist() == [100, 100, 60]


def test_growth_with_a_zero_base_gets_d_60_under_the_sixty_flag_policy():
    # the third county's base year is 0: its growth is NaN and flagged
    r = part([10, 20, np.nan], zero_base=np.array([False, False, True]))
    assert r.d.tolist() == [60, 100, 60]
    assert statuses(r)[2] == "zero_base"
    assert r.size[0] == 2  # the flagged county is not in the group


def test_growth_with_a_zero_base_gets_nothing_under_the_zero_flag_policy():
    r = part(
        [10, 20, np.nan],
        zero_base=np.array([False, False, True]),
        policies=Policies(ec_growth_zero_base="zero_flag"),
    )
    assert np.isnan(r.d[2])
    assert r.share[2] == 0
    assert statuses(r)[2] == "zero_base"


def test_zero_raw_excluded_gives_nothing_to_a_zero_and_leaves_it_out_of_the_group():
    # group = {2, 4}: x_s = 2, x_h = 4
    r = part([0, 2, 4], zero_raw=True)
    assert np.isnan(r.d[0])
    assert r.d[1:].tolist() == [60, 100]
    assert (r.xs[1], r.size[1]) == (2, 2)
    assert statuses(r)[0] == "zero_raw"


def test_zero_raw_plain_keeps_a_zero_in_the_group():
    # x_s = 0, x_h = 4: d(2) = 60 + 40 × 2 / 4 = 80
    r = part([0, 2, 4], zero_raw=True, policies=Policies(ec_zero_raw="plain"))
    assert r.d.tolist() == [60, 80, 100]


def test_a_zero_is_an_ordinary_value_of_a_part_that_does_not_say_zero_raw():
    # x_s = 0, x_h = 4: d(2) = 60 + 40 × 2 / 4 = 80 (only item 42's part says zero_raw)
    r = part([0, 2, 4])
    assert r.d.tolist() == [60, 80, 100]
    assert statuses(r) == ["in_group"] * 3


def test_zero_raw_leaves_a_missing_value_and_a_zero_out_of_the_group_alike():
    # group = {2, 4}: x_s = 2, x_h = 4; the missing value stays out as the zero does
    r = part([np.nan, 0, 2, 4], zero_raw=True)
    assert np.isnan(r.d[:2]).all() and r.d[2:].tolist() == [60, 100]
    assert statuses(r) == ["missing", "zero_raw", "in_group", "in_group"]


def test_targets_with_the_sixty_clip_keep_d_between_60_and_100():
    # x_s = 50, x_h = 90: d(40) = 50 → 60; d(70) = 80; d(95) = 102.5 → 100; d(−100) = −90 → 60
    r = part([40, 70, 95, -100], targets={0: (50, 90)})
    assert r.d.tolist() == [60, 80, 100, 60]
    assert statuses(r) == ["target"] * 4
    assert (r.xs[0], r.xh[0]) == (50, 90)


def test_targets_with_the_zero_clip_let_d_fall_below_60_down_to_0():
    # d(40) = 60 + 40 × (−10) / 40 = 50; d(−100) = −90 → 0
    r = part([40, 70, 95, -100], targets={0: (50, 90)}, policies=Policies(ec_target_clip="zero"))
    assert r.d.tolist() == [50, 80, 100, 0]
    assert r.share.tolist() == [0.5, 0.8, 1.0, 0.0]


def test_the_scaled_mapping_gives_nothing_below_x_s_never_negative_points():
    # zero clip: d(40) = 50, d(−100) = 0; scaled share (d − 60) / 40 would be −0.25 and −1.5:
    # a county below x_s earns nothing for the part, it loses no points elsewhere
    policies = Policies(ec_target_clip="zero", ec_mapping="scaled")
    r = part([40, 70, 95, -100], targets={0: (50, 90)}, policies=policies)
    assert r.d.tolist() == [50, 80, 100, 0]
    assert r.share.tolist() == [0.0, 0.5, 1.0, 0.0]


def test_targets_can_differ_by_tier():
    # tier 1: x_s = 1, x_h = 5 → d(3) = 80; tier 2: x_s = 0, x_h = 4 → d(3) = 90
    r = part([3, 3], group_ids=[1, 2], targets={1: (1, 5), 2: (0, 4)})
    assert r.d.tolist() == [80, 90]


def test_lower_is_better_swaps_the_bounds():
    # x_h = 2 (minimum), x_s = 6 (maximum): d(4) = 60 + 40 × (4 − 6) / (2 − 6) = 80
    r = part([2, 4, 6], higher_is_better=False)
    assert r.d.tolist() == [100, 80, 60]
    assert (r.xh[0], r.xs[0]) == (2, 6)


def test_lower_is_better_with_a_threshold_excludes_values_above_it():
    # at most 5: 6 gives nothing; x_s = 5, x_h = 2: d(4) = 60 + 40 × (−1) / (−3) = 73.33
    r = part([2, 4, 6], higher_is_better=False, threshold=5)
    assert r.d[:2].tolist() == pytest.approx([100, 73.3333333])
    assert statuses(r)[2] == "below_threshold"


def test_each_tier_has_its_own_bounds():
    r = part([10, 20, 100, 200], group_ids=[1, 1, 2, 2])
    assert r.xs.tolist() == [10, 10, 100, 100]
    assert r.xh.tolist() == [20, 20, 200, 200]
    assert r.d.tolist() == [60, 100, 60, 100]


def test_a_missing_value_gives_nothing_and_stays_out_of_the_group():
    r = part([50, np.nan, 80])
    assert np.isnan(r.d[1])
    assert r.share[1] == 0
    assert r.size.tolist() == [2, 2, 2]
    assert statuses(r)[1] == "missing"


def test_a_tier_whose_group_is_empty_is_flagged_as_having_no_group():
    # tier 2 has only a county outside the group
    r = part([10, 20, 100], group=[True, True, False], group_ids=[1, 1, 2])
    assert statuses(r)[2] == "no_group"
    assert np.isnan(r.xs[2])


# ====================================================================== through the scheme


def criterion(result, cid):
    number = int(cid.split(".")[0])
    return next(c for c in result.indicators[number - 1].criteria if c.id == cid)


def rendered(c):
    return [m.render() for m in c.messages]


WEIHAI = ["环翠区", "文登区", "荣成市", "乳山市"]  # tier 2

INELIGIBLE = {"pre.three_star": 0}  # 0 / 20 = 0 % < 16 %: 取消创建资格


def with_targets(given):
    """Return targets for every efficacy value of the scheme: these given, 0–100 for the rest."""
    values = [
        p.value
        for i in shandong().indicators()
        for c in i.criteria
        if c.rule.kind == "efficacy"
        for p in c.rule.parts
    ]
    return {v: {0: (0.0, 100.0)} for v in values} | given


# item 19: helped 100 / 50 / 80, two years before 80 / 50 / 40 (growth 25 % / 0 % / 100 %)
ITEM_19 = (
    {"i19.helped": 100, "i19.helped_before": 80},
    {"i19.helped": 50, "i19.helped_before": 50},
    {"i19.helped": 80, "i19.helped_before": 40},
)
# the same, the third county with 30 helped and none the year before (a zero growth base)
ITEM_19_ZERO_BASE = (
    {"i19.helped": 100, "i19.helped_before": 80},
    {"i19.helped": 50, "i19.helped_before": 50},
    {"i19.helped": 30, "i19.helped_before": 0},
)


def weihai(*values, policies=None, targets=None):
    counties = [county_json(name, "威海市", v) for name, v in zip(WEIHAI, values, strict=False)]
    kwargs = {}
    if policies:
        kwargs["policies"] = shandong().policies.with_overrides(policies)
    if targets:
        kwargs["targets"] = with_targets(targets)
    return score(cohort_json(counties), **kwargs)


def test_item_20_scores_each_county_between_the_cohorts_minimum_and_maximum():
    # x_s = 50, x_h = 80; 2 × 60 / 100 = 1.2; d(60) = 73.33 → 1.4667; 2 × 100 / 100 = 2
    s = weihai({"i20.coverage": 50}, {"i20.coverage": 60}, {"i20.coverage": 80})
    points = [criterion(s.county(i), "20").points for i in range(3)]
    assert points == pytest.approx([1.2, 1.4666667, 2])


def test_item_20_explains_the_value_the_bounds_and_the_group_used():
    s = weihai({"i20.coverage": 50}, {"i20.coverage": 60}, {"i20.coverage": 80})
    lines = rendered(criterion(s.county(1), "20"))
    assert lines == [
        "截至评价当年的前一年度自愿性认证覆盖率：x = 60；比较组 全体参评县（3 个）满意值 x_h = 80、"
        "不允许值 x_s = 50；d = 60 + 40 × (x − x_s) / (x_h − x_s) = 73.3333",
        "加权 d = 73.3333；得分 = 2 × d / 100 = 1.4667 分。",
    ]


def test_item_20_reports_the_bounds_as_data():
    s = weihai({"i20.coverage": 50}, {"i20.coverage": 60}, {"i20.coverage": 80})
    (bounds,) = criterion(s.county(1), "20").efficacy
    assert bounds["xs"] == 50
    assert bounds["xh"] == 80
    assert bounds["group_size"] == 3
    assert bounds["d"] == pytest.approx(73.3333333)
    assert bounds["status"] == "in_group"


def test_item_20_scaled_mapping_gives_the_lowest_county_nothing():
    # (d − 60) / 40: 0, (73.33 − 60) / 40 × 2 = 0.6667, 2
    s = weihai(
        {"i20.coverage": 50},
        {"i20.coverage": 60},
        {"i20.coverage": 80},
        policies={"ec_mapping": "scaled"},
    )
    points = [criterion(s.county(i), "20").points for i in range(3)]
    assert points == pytest.approx([0, 0.6666667, 2])
    assert (
        rendered(criterion(s.county(1), "20"))[-1]
        == "加权 d = 73.3333；得分 = 2 × (d − 60) / 40 = 0.6667 分。"
    )


def test_item_20_equal_values_give_full_points_and_say_why():
    s = weihai({"i20.coverage": 70}, {"i20.coverage": 70})
    c = criterion(s.county(0), "20")
    assert c.points == 2
    assert (
        rendered(c)[0]
        == "截至评价当年的前一年度自愿性认证覆盖率：比较组内数值全部相同（70），按政策 d = 100。"
    )


def test_item_20_a_county_without_a_value_gets_nothing_is_left_out_and_is_flagged():
    s = weihai({"i20.coverage": 50}, {"i20.coverage": None}, {"i20.coverage": 80})
    c = criterion(s.county(1), "20")
    assert c.points == 0
    assert c.messages[0].review
    assert c.efficacy[0]["status"] == "missing"
    assert criterion(s.county(0), "20").efficacy[0]["group_size"] == 2


def test_item_20_an_ineligible_county_is_not_in_the_group_and_its_d_is_clipped():
    # eligible 50 and 80 form the group (x_s = 50, x_h = 80); the ineligible 100 would be
    # d = 60 + 40 × 50 / 30 = 126.7 → 100 (2 points), the ineligible 10 would be 6.7 → 60 (1.2)
    s = weihai(
        {"i20.coverage": 50},
        {"i20.coverage": 80},
        {"i20.coverage": 100, **INELIGIBLE},
        {"i20.coverage": 10, **INELIGIBLE},
    )
    high, low = s.county(2), s.county(3)
    assert high.status == "ineligible"
    assert high.rank is None
    assert criterion(high, "20").points == 2
    assert criterion(low, "20").points == pytest.approx(1.2)
    assert criterion(s.county(0), "20").efficacy[0]["group_size"] == 2
    assert criterion(s.county(0), "20").efficacy[0]["xh"] == 80
    assert (
        "本县不在比较组内，按比较组的界限计算并将 d 限定在 60–100 之间"
        in rendered(criterion(high, "20"))[1]
    )


def test_item_20_an_ineligible_county_below_a_group_of_equal_values_is_not_lifted_to_full_points():
    # eligible 70 and 70: x_h = x_s = 70, d = 100 for both (2 points); the ineligible 10 is below
    # the group's bounds: d = 60 → 1.2, not 100
    s = weihai({"i20.coverage": 70}, {"i20.coverage": 70}, {"i20.coverage": 10, **INELIGIBLE})
    assert [criterion(s.county(i), "20").points for i in range(3)] == pytest.approx([2, 2, 1.2])


def test_item_20_a_vetoed_county_is_not_in_the_group_either():
    s = weihai(
        {"i20.coverage": 50},
        {"i20.coverage": 80},
        {"i20.coverage": 100, "veto.safety_accident": True},
    )
    assert s.county(2).status == "vetoed"
    assert criterion(s.county(0), "20").efficacy[0]["xh"] == 80


def test_item_20_the_all_policy_puts_ineligible_counties_in_the_group():
    # group 50, 80, 100, 10: x_s = 10, x_h = 100: d(50) = 60 + 40 × 40 / 90 = 77.78 → 1.5556
    s = weihai(
        {"i20.coverage": 50},
        {"i20.coverage": 80},
        {"i20.coverage": 100, **INELIGIBLE},
        {"i20.coverage": 10, **INELIGIBLE},
        policies={"ec_group": "all"},
    )
    c = criterion(s.county(0), "20")
    assert c.points == pytest.approx(1.5555556)
    assert c.efficacy[0]["group_size"] == 4
    assert "比较组 全体县（4 个）" in rendered(c)[0]


def test_item_20_fixed_targets_replace_the_cohorts_bounds():
    # x_s = 50, x_h = 90: d(70) = 60 + 40 × 20 / 40 = 80 → 2 × 0.8 = 1.6
    s = weihai(
        {"i20.coverage": 70},
        {"i20.coverage": 95},
        policies={"ec_bounds": "targets"},
        targets={"i20.coverage": {0: (50, 90)}},
    )
    c = criterion(s.county(0), "20")
    assert c.points == pytest.approx(1.6)
    assert (
        rendered(c)[0]
        == "截至评价当年的前一年度自愿性认证覆盖率：x = 70；目标值 满意值 90、不允许值 50；d = 80"
    )
    assert criterion(s.county(1), "20").points == 2  # d(95) = 102.5 → 100


def test_a_part_without_targets_is_estimated_at_d_60_and_asks_for_them():
    # targets for every other value, none for item 20: 2 × 60 / 100 = 1.2, flagged for review
    targets = with_targets({})
    del targets["i20.coverage"]
    counties = [county_json("文登区", "威海市", {"i20.coverage": 70})]
    policies = shandong().policies.with_overrides({"ec_bounds": "targets"})
    s = score(cohort_json(counties), policies=policies, targets=targets)
    c = criterion(s.county(0), "20")
    assert c.points == pytest.approx(1.2)
    assert c.efficacy[0]["status"] == "no_target"
    assert c.messages[0].review
    assert c.messages[0].render() == (
        "截至评价当年的前一年度自愿性认证覆盖率：x = 70；没有给出目标值，按保底 d = 60 估计，请补充目标值。"
    )


def test_a_part_without_a_target_for_its_tier_is_estimated_at_d_60():
    # tier 1 has targets, tier 2 none: d(3) in tier 2 = 60 → 2 × 0.6 = 1.2
    r = part([3, 3], group_ids=[1, 2], targets={1: (1, 5)})
    assert r.d.tolist() == [80, 60]
    assert statuses(r) == ["target", "no_target"]


def test_item_17_public_standards_below_15_give_nothing():
    # 14 < 15 → 0; the rest: x_s = 15 (the threshold), x_h = 35
    s = weihai(
        {"i17.public_standards": 14},
        {"i17.public_standards": 15},
        {"i17.public_standards": 25},
        {"i17.public_standards": 35},
    )
    c = criterion(s.county(0), "17.2")
    assert c.points == 0
    assert rendered(c)[0] == "社会公用计量标准数量：14，未达到 ≥ 15项，该项不得分。"


def test_item_17_public_standards_from_15_score_from_the_threshold_up():
    # x_s = 15, x_h = 35: d(15) = 60 → 0.3; d(25) = 60 + 40 × 10 / 20 = 80 → 0.4; d(35) = 100 → 0.5
    s = weihai(
        {"i17.public_standards": 14},
        {"i17.public_standards": 15},
        {"i17.public_standards": 25},
        {"i17.public_standards": 35},
    )
    points = [criterion(s.county(i), "17.2").points for i in (1, 2, 3)]
    assert points == pytest.approx([0.3, 0.4, 0.5])
    line = rendered(criterion(s.county(2), "17.2"))[0]
    assert "x_h = 35" in line
    assert "x_s = 15" in line
    assert "（3 个）" in line  # the county below 15 is not in the group


def test_item_17_qualified_min_policy_starts_from_the_lowest_qualified_county():
    # x_s = 20 (lowest ≥ 15), x_h = 40: d(30) = 80 → 0.4; with x_s = 15 it would be 60 + 40 × 15 / 25 = 84
    s = weihai(
        {"i17.public_standards": 20},
        {"i17.public_standards": 30},
        {"i17.public_standards": 40},
        policies={"ec_threshold_floor": "qualified_min"},
    )
    assert criterion(s.county(1), "17.2").points == pytest.approx(0.4)


def test_item_19_count_and_growth_are_weighted_0_6_and_0_4():
    # helped 100 / 50 / 80, two years before 80 / 50 / 40 → growth 25 % / 0 % / 100 %
    # count: x_s = 50, x_h = 100 → d = 100, 60, 84;  growth: x_s = 0, x_h = 100 → d = 70, 60, 100
    # first:  0.6 × 100 + 0.4 × 70 = 88 → 2 × 0.88 = 1.76
    # second: 0.6 × 60 + 0.4 × 60 = 60 → 1.2
    # third:  0.6 × 84 + 0.4 × 100 = 90.4 → 1.808
    s = weihai(*ITEM_19)
    points = [criterion(s.county(i), "19").points for i in range(3)]
    assert points == pytest.approx([1.76, 1.2, 1.808])
    assert (
        rendered(criterion(s.county(0), "19"))[-1] == "加权 d = 88；得分 = 2 × d / 100 = 1.76 分。"
    )


def test_item_19_explains_each_part_with_its_bounds_then_the_weighted_d():
    # the first county of the case above: count d = 100, growth d = 70, 0.6 × 100 + 0.4 × 70 = 88
    s = weihai(*ITEM_19)
    c = criterion(s.county(0), "19")
    formula = "d = 60 + 40 × (x − x_s) / (x_h − x_s)"
    assert rendered(c) == [
        "评价当年的前一年度帮扶中小企业数量：x = 100；比较组 全体参评县（3 个）"
        f"满意值 x_h = 100、不允许值 x_s = 50；{formula} = 100",
        "帮扶中小企业数量增长率：x = 25；比较组 全体参评县（3 个）"
        f"满意值 x_h = 100、不允许值 x_s = 0；{formula} = 70",
        "加权 d = 88；得分 = 2 × d / 100 = 1.76 分。",
    ]
    assert c.efficacy == [
        {
            "value": "i19.helped",
            "weight": 0.6,
            "xs": 50,
            "xh": 100,
            "group_size": 3,
            "d": 100,
            "status": "in_group",
        },
        {
            "value": "i19.growth",
            "weight": 0.4,
            "xs": 0,
            "xh": 100,
            "group_size": 3,
            "d": 70,
            "status": "in_group",
        },
    ]


@pytest.mark.parametrize(
    ("mapping", "total"),
    [
        # the missing growth part counts at the d whose share is 0: 0.6 × 100 + 0.4 × 0 = 60,
        # and 2 × 60 / 100 = 1.2
        ("d_over_100", "加权 d = 60；得分 = 2 × d / 100 = 1.2 分。"),
        # under the scaled mapping that d is 60: 0.6 × 100 + 0.4 × 60 = 84, 2 × 24 / 40 = 1.2
        ("scaled", "加权 d = 84；得分 = 2 × (d − 60) / 40 = 1.2 分。"),
    ],
)
def test_item_19_a_part_that_gives_nothing_counts_in_the_weighted_d_at_a_share_of_0(mapping, total):
    # one county: its count alone is the group (all equal → d = 100); the growth is missing
    s = weihai({"i19.helped": 100, "i19.helped_before": None}, policies={"ec_mapping": mapping})
    c = criterion(s.county(0), "19")
    assert rendered(c)[-1] == total
    assert c.efficacy[1]["d"] is None and c.efficacy[1]["status"] == "missing"


def test_item_19_shows_the_growth_and_the_counts_it_came_from():
    s = weihai(
        {"i19.helped": 100, "i19.helped_before": 80}, {"i19.helped": 50, "i19.helped_before": 50}
    )
    inputs = criterion(s.county(0), "19").inputs
    assert inputs["评价当年的前一年度帮扶中小企业数量"] == "100 家"
    assert inputs["评价当年的前两年度帮扶中小企业数量"] == "80 家"
    assert inputs["帮扶中小企业数量增长率"] == "25 %"


def test_item_19_a_zero_base_year_gives_the_growth_part_d_60_and_asks_for_review():
    # third county: 30 helped, 0 the year before. count: x_s = 30, x_h = 100 → d = 60;
    # growth: policy sixty_flag → d = 60; 0.6 × 60 + 0.4 × 60 = 60 → 2 × 0.6 = 1.2
    s = weihai(*ITEM_19_ZERO_BASE)
    c = criterion(s.county(2), "19")
    assert c.points == pytest.approx(1.2)
    zero_base = [m for m in c.messages if m.code == "ec.zero_base"]
    assert [m.render() for m in zero_base] == [
        "帮扶中小企业数量增长率：基期数值为 0，增长率无法计算，按政策 d = 60，需人工复核。"
    ]
    assert zero_base[0].review


def test_item_19_a_zero_base_year_gives_the_growth_part_nothing_under_zero_flag():
    # 0.6 × 60 + 0.4 × 0 → 2 × 0.36 = 0.72
    s = weihai(*ITEM_19_ZERO_BASE, policies={"ec_growth_zero_base": "zero_flag"})
    c = criterion(s.county(2), "19")
    assert c.points == pytest.approx(0.72)
    zero_base = [(m.render(), m.review) for m in c.messages if m.code.startswith("ec.zero_base")]
    assert zero_base == [
        (
            "帮扶中小企业数量增长率：基期数值为 0，增长率无法计算，按政策该项不得分，需人工复核。",
            True,
        )
    ]


def test_item_41_patents_and_their_growth_are_weighted_0_6_and_0_4():
    # patents 20 / 10 / 15 (before 16 / 10 / 10) → growth 25 % / 0 % / 50 %
    # patents: x_s = 10, x_h = 20 → d = 100, 60, 80; growth: x_s = 0, x_h = 50 → d = 80, 60, 100
    # first: 0.6 × 100 + 0.4 × 80 = 92 → 1.84; third: 0.6 × 80 + 0.4 × 100 = 88 → 1.76
    s = weihai(
        {"i41.patents": 20, "i41.patents_before": 16},
        {"i41.patents": 10, "i41.patents_before": 10},
        {"i41.patents": 15, "i41.patents_before": 10},
    )
    points = [criterion(s.county(i), "41").points for i in range(3)]
    assert points == pytest.approx([1.84, 1.2, 1.76])


def test_item_36_firms_and_revenue_are_averaged():
    # firms 100 / 200 / 300 → d = 60, 80, 100; revenue 30 / 10 / 20 → d = 100, 60, 80
    # (60 + 100) / 2 = 80 → 1.6; (80 + 60) / 2 = 70 → 1.4; (100 + 80) / 2 = 90 → 1.8
    s = weihai(
        {"i36.firms": 100, "i36.revenue": 30},
        {"i36.firms": 200, "i36.revenue": 10},
        {"i36.firms": 300, "i36.revenue": 20},
    )
    points = [criterion(s.county(i), "36").points for i in range(3)]
    assert points == pytest.approx([1.6, 1.4, 1.8])


def test_item_22_each_12315_rate_below_95_gives_that_third_nothing():
    # completion and report check: 100 everywhere (equal → d = 100)
    # initial check 94.9 / 96 / 100: nothing / x_s = 95, x_h = 100 → d(96) = 68 / 100
    # first: 0.75 × (0 + 1 + 1) / 3 = 0.5; second: 0.75 × (0.68 + 1 + 1) / 3 = 0.67
    rates = {"i22.completion": 100, "i22.report_check": 100}
    s = weihai(
        {"i22.initial_check": 94.9, **rates},
        {"i22.initial_check": 96, **rates},
        {"i22.initial_check": 100, **rates},
    )
    points = [criterion(s.county(i), "22.1").points for i in range(3)]
    assert points == pytest.approx([0.5, 0.67, 0.75])


def test_the_total_line_of_a_weighted_rule_adds_up_under_the_scaled_mapping():
    # item 22.1, first county: initial check 94.9 gives that third nothing, the other two d = 100.
    # points = 0.75 × (0 + 1/3 × (100 − 60) / 40 + 1/3 × (100 − 60) / 40) = 0.5; the total line
    # must let a reader get from its d to its points with the formula it prints
    rates = {"i22.completion": 100, "i22.report_check": 100}
    s = weihai(
        {"i22.initial_check": 94.9, **rates},
        {"i22.initial_check": 96, **rates},
        {"i22.initial_check": 100, **rates},
        policies={"ec_mapping": "scaled"},
    )
    c = criterion(s.county(0), "22.1")
    assert c.points == pytest.approx(0.5)
    total = c.messages[-1]
    assert total.code == "ec.total"
    d, most, shown = (float(total.params[k]) for k in ("d", "points_max", "points"))
    assert shown == pytest.approx(0.5)
    assert most * (d - 60) / 40 == pytest.approx(shown, abs=0.01)


def test_item_26_disposal_rates_from_90_percent_up_to_2_and_1_points():
    # 26.1: 89 → 0; x_s = 90, x_h = 100: d(90) = 60 → 2 × 0.6 = 1.2; d(95) = 80 → 1.6; d(100) → 2
    s = weihai(
        {"i26.disposal_rate": 89, "i26.referral_rate": 100},
        {"i26.disposal_rate": 90, "i26.referral_rate": 95},
        {"i26.disposal_rate": 95, "i26.referral_rate": 90},
        {"i26.disposal_rate": 100, "i26.referral_rate": 89.9},
    )
    assert [criterion(s.county(i), "26.1").points for i in range(4)] == pytest.approx(
        [0, 1.2, 1.6, 2]
    )
    # 26.2: x_s = 90, x_h = 100: 100 → 1; 95 → 0.8; 90 → 0.6; 89.9 → 0
    assert [criterion(s.county(i), "26.2").points for i in range(4)] == pytest.approx(
        [1, 0.8, 0.6, 0]
    )


def test_item_22_mediation_success_from_60_percent():
    # 59.9 → 0; x_s = 60, x_h = 80: d(60) = 60 → 0.25 × 0.6 = 0.15; d(80) = 100 → 0.25
    s = weihai({"i22.mediation": 59.9}, {"i22.mediation": 60}, {"i22.mediation": 80})
    points = [criterion(s.county(i), "22.2").points for i in range(3)]
    assert points == pytest.approx([0, 0.15, 0.25])
    assert rendered(criterion(s.county(0), "22.2"))[0] == (
        "全国12315平台质量类投诉调解成功率：59.9，未达到 ≥ 60%，该项不得分。"
    )


def test_item_39_scores_the_air_quality_composite():
    # 0.4 × good days + 0.6 × PM2.5 improvement: 0.4 × 90 + 0.6 × 10 = 42; 0.4 × 80 + 0.6 × 20 = 44;
    # 0.4 × 70 + 0.6 × 0 = 28. x_s = 28, x_h = 44: d(42) = 60 + 40 × 14 / 16 = 95 → 1.9
    s = weihai(
        {"i39.good_days": 90, "i39.pm25_improvement": 10},
        {"i39.good_days": 80, "i39.pm25_improvement": 20},
        {"i39.good_days": 70, "i39.pm25_improvement": 0},
    )
    assert criterion(s.county(0), "39").points == pytest.approx(1.9)


def test_item_35_nursing_beds_are_scored_as_a_share_of_all_beds():
    # 30 / 100 = 30 %, 60 / 100 = 60 %, 45 / 100 = 45 %: d(45) = 60 + 40 × 15 / 30 = 80 → 0.8 × 0.8 = 0.64
    s = weihai(
        {"i35.nursing_beds": 30, "i35.elderly_beds": 100},
        {"i35.nursing_beds": 60, "i35.elderly_beds": 100},
        {"i35.nursing_beds": 45, "i35.elderly_beds": 100},
    )
    assert criterion(s.county(2), "35.1").points == pytest.approx(0.64)


def award(level, grade, first_unit=True, when="2020-06-01"):
    return {
        "level": level,
        "grade": grade,
        "title": "某科技奖",
        "first_unit": first_unit,
        "date": when,
    }


def test_item_42_a_county_without_awards_gets_nothing_and_is_left_out_of_the_group():
    # award points: national first as first unit = 3; provincial second not first unit = 1 × 50 % = 0.5;
    # none = 0 → nothing. Group {3, 0.5}: d(0.5) = 60 → 3 × 0.6 = 1.8
    s = weihai(
        {"i42.awards": [award("national", "first")]},
        {"i42.awards": [award("provincial", "second", first_unit=False)]},
        {"i42.awards": []},
    )
    points = [criterion(s.county(i), "42").points for i in range(3)]
    assert points == pytest.approx([3, 1.8, 0])
    assert (
        rendered(criterion(s.county(2), "42"))[0]
        == "科技奖励原始分：为 0，没有可评价的内容，不得分。"
    )
    assert criterion(s.county(1), "42").efficacy[0]["group_size"] == 2


def test_item_42_plain_policy_keeps_zero_in_the_group():
    # x_s = 0, x_h = 3: d(0.5) = 60 + 40 × 0.5 / 3 = 66.67 → 3 × 0.6667 = 2; d(0) = 60 → 1.8
    s = weihai(
        {"i42.awards": [award("national", "first")]},
        {"i42.awards": [award("provincial", "second", first_unit=False)]},
        {"i42.awards": []},
        policies={"ec_zero_raw": "plain"},
    )
    points = [criterion(s.county(i), "42").points for i in range(3)]
    assert points == pytest.approx([3, 2, 1.8])


def test_item_42_a_county_that_did_not_report_its_awards_is_left_out_and_flagged():
    # null = not reported (cohort format): 0 points, not in the group, flagged (SCORING.md).
    # Even under the plain policy the group is {3, 0.5}, not {3, 0.5, 0}: d(0.5) = 60 → 1.8
    s = weihai(
        {"i42.awards": [award("national", "first")]},
        {"i42.awards": [award("provincial", "second", first_unit=False)]},
        {"i42.awards": None},
        policies={"ec_zero_raw": "plain"},
    )
    not_reported = criterion(s.county(2), "42")
    assert not_reported.points == 0
    assert not_reported.efficacy[0]["status"] == "missing"
    assert any(m.review for m in not_reported.messages)
    assert criterion(s.county(1), "42").points == pytest.approx(1.8)


def test_tiered_item_31_compares_a_county_only_with_its_own_tier():
    # tier 1: 4.0, 2.0; tier 2: 1.0, 3.0. Within tier 2: x_s = 1, x_h = 3 → 3.0 gets d = 100 (2 points);
    # against everyone (x_s = 1, x_h = 4) it would be 60 + 40 × 2 / 3 = 86.7
    counties = [
        county_json("历下区", "济南市", {"i31.rd_share": 4.0}),
        county_json("市中区", "济南市", {"i31.rd_share": 2.0}),
        county_json("文登区", "威海市", {"i31.rd_share": 1.0}),
        county_json("环翠区", "威海市", {"i31.rd_share": 3.0}),
    ]
    s = score(cohort_json(counties))
    assert [criterion(s.county(i), "31").points for i in range(4)] == [2, 1.2, 1.2, 2]
    c = criterion(s.county(3), "31")
    assert c.efficacy[0]["xs"] == 1
    assert c.efficacy[0]["xh"] == 3
    assert "比较组 第二梯队全体参评县（2 个）" in rendered(c)[0]


def test_a_non_tiered_item_compares_across_tiers():
    # item 20 is not in note 1's list: one group of four, x_s = 1, x_h = 4: d(3) = 86.67 → 1.7333
    counties = [
        county_json("历下区", "济南市", {"i20.coverage": 4.0}),
        county_json("市中区", "济南市", {"i20.coverage": 2.0}),
        county_json("文登区", "威海市", {"i20.coverage": 1.0}),
        county_json("环翠区", "威海市", {"i20.coverage": 3.0}),
    ]
    s = score(cohort_json(counties))
    assert criterion(s.county(3), "20").points == pytest.approx(1.7333333)
    assert criterion(s.county(3), "20").efficacy[0]["group_size"] == 4


def test_tiered_targets_apply_per_tier():
    # tier 1: x_s = 1, x_h = 5 → d(3) = 80 → 1.6; tier 2: x_s = 0, x_h = 4 → d(3) = 90 → 1.8
    counties = [
        county_json("历下区", "济南市", {"i31.rd_share": 3.0}),
        county_json("文登区", "威海市", {"i31.rd_share": 3.0}),
    ]
    policies = shandong().policies.with_overrides({"ec_bounds": "targets"})
    s = score(
        cohort_json(counties),
        policies=policies,
        targets=with_targets({"i31.rd_share": {1: (1, 5), 2: (0, 4)}}),
    )
    assert [criterion(s.county(i), "31").points for i in range(2)] == pytest.approx([1.6, 1.8])


# ================================================================== a tiny framework


LOWER_IS_BETTER = """\
schema: qcounty-framework/1
id: tiny-lower
name: 越低越好
version: "1"
provider: 测试
source: 测试
total_points: 2
default_evaluation_year: 2022
windows: {}
units: [{id: office, name: 办公室}]
first_level:
  - name: 一级
    points: 2
    second_level:
      - name: 二级
        points: 2
        indicators:
          - number: 1
            name: 能耗
            points: 2
            units: [office]
            inputs: [{key: e.energy, label: 单位能耗, type: number, unit: 吨标煤/万元}]
            criteria:
              - id: "1"
                standard: 按功效系数法计算得分。
                points: 2
                rule: {kind: efficacy, parts: [{value: e.energy, higher_is_better: false}]}
"""


def tiny_lower(text, energy):
    """Score counties (name, energy) of 某市 under the tiny framework written in `text`."""
    framework = parse_framework(text, "tiny-lower.yaml")
    counties = [{"name": n, "city": "某市", "values": {"e.energy": v}} for n, v in energy]
    data = {
        "format": "qcounty-cohort/1",
        "framework": "tiny-lower",
        "evaluation_year": 2022,
        "counties": counties,
    }
    return score_cohort(framework, parse_cohort(data, framework))


def test_a_lower_is_better_part_gives_the_lowest_value_full_points():
    # x_h = 0.2 (minimum), x_s = 0.6: d(0.3) = 60 + 40 × (0.3 − 0.6) / (0.2 − 0.6) = 90 → 1.8
    s = tiny_lower(LOWER_IS_BETTER, [("甲", 0.2), ("乙", 0.3), ("丙", 0.6)])
    points = [s.county(i).indicators[0].criteria[0].points for i in range(3)]
    assert points == pytest.approx([2, 1.8, 1.2])
    assert (
        "满意值 x_h = 0.2、不允许值 x_s = 0.6"
        in s.county(1).indicators[0].criteria[0].messages[0].render()
    )


def test_a_lower_is_better_threshold_is_explained_as_at_most():
    # threshold 0.5 on a lower-is-better part: 0.7 is over it and gives nothing
    text = LOWER_IS_BETTER.replace(
        "higher_is_better: false}", "higher_is_better: false, threshold: 0.5}"
    )
    s = tiny_lower(text, [("甲", 0.2), ("乙", 0.7)])
    c = s.county(1).indicators[0].criteria[0]
    assert c.points == 0
    assert "≤ 0.5吨标煤/万元" in c.messages[0].render()


def test_a_lower_value_outside_a_flat_lower_is_better_group_gets_100():
    # the group's values are all 70 (x_s = x_h = 70); 60 outside it is better, 80 worse
    r = part([70, 70, 60, 80], group=[True, True, False, False], higher_is_better=False)
    assert r.d.tolist() == [100, 100, 100, 60]


def test_efficacy_part_weights_must_add_up_to_1():
    text = LOWER_IS_BETTER.replace(
        "parts: [{value: e.energy, higher_is_better: false}]",
        "parts: [{value: e.energy, weight: 0.6}, {value: e.energy, weight: 0.3}]",
    )
    with pytest.raises(FrameworkError) as e:
        parse_framework(text, "tiny-lower.yaml")
    assert any("part weights add up to" in message for _, message in e.value.problems)


def test_item_31_an_ineligible_county_alone_in_its_tier_has_no_group_and_asks_for_review():
    # 文登区 ineligible, so no eligible county of tier 2 forms the group: no bounds, d = 100 by
    # the ec_zero_range policy (full), 2 × 100 / 100 = 2, flagged
    s = weihai({"i31.rd_share": 2.5, **INELIGIBLE})
    c = criterion(s.county(0), "31")
    first = c.messages[0]
    assert (first.render(), first.review) == (
        "评价当年的前一年度规模以上工业企业R&D经费支出占营业收入比重：比较组为空，无法计算界限，"
        "按政策 d = 100。",
        True,
    )
    assert c.efficacy[0]["status"] == "no_group" and c.points == 2


@pytest.mark.parametrize(
    ("policy", "d", "review"),
    [("full", 100, False), ("sixty_flag", 60, True)],  # only the d = 60 reading is flagged
)
def test_item_20_equal_values_in_the_group_are_explained_and_flagged_by_policy(policy, d, review):
    s = weihai({"i20.coverage": 50}, {"i20.coverage": 50}, policies={"ec_zero_range": policy})
    message = criterion(s.county(0), "20").messages[0]
    assert (message.render(), message.review) == (
        f"截至评价当年的前一年度自愿性认证覆盖率：比较组内数值全部相同（50），按政策 d = {d}。",
        review,
    )


def test_item_19_ranges_from_d_60_to_d_100_in_every_part_a_zero_base_fixed_where_policy_put_it():
    # the range of a county's points if its own values moved within the group (self-assessment):
    # first county, both parts scored: floor 2 × (0.6 × 0.6 + 0.4 × 0.6) = 1.2,
    # ceiling 2 × (0.6 × 1 + 0.4 × 1) = 2; third county, the growth part fixed at d = 60 by the
    # zero base: floor 1.2, ceiling 2 × (0.6 × 1 + 0.4 × 0.6) = 1.68
    s = weihai(*ITEM_19_ZERO_BASE)
    ranges = [(c.floor, c.ceiling) for c in (criterion(s.county(i), "19") for i in (0, 2))]
    assert ranges == [pytest.approx((1.2, 2)), pytest.approx((1.2, 1.68))]
