"""Change against the previous campaign: jumps, falling cumulative counts, carried values."""

from __future__ import annotations

from tests.core.plausibility.helpers import cohort, flags


def test_a_count_five_times_the_previous_one_is_flagged():
    now, before = cohort({"i17.metrologists": 60}), cohort({"i17.metrologists": 10})
    [flag] = flags(now, before, kind="jump")
    assert flag.values == {"i17.metrologists": 60, "i17.metrologists@previous": 10}
    assert "本期 60，上期 10，变化 6 倍，超过 5 倍" in flag.explain()


def test_growth_below_the_factor_or_below_the_floor_is_not_flagged():
    assert flags(cohort({"i17.metrologists": 40}), cohort({"i17.metrologists": 10}), "jump") == []
    assert flags(cohort({"i17.metrologists": 9}), cohort({"i17.metrologists": 1}), "jump") == []


def test_a_fall_to_a_fifth_is_flagged_too():
    [flag] = flags(cohort({"i36.firms": 20}), cohort({"i36.firms": 200}), "jump")
    assert flag.correction == {}  # a fall is not corrected upwards: nothing at stake


AWARD = {"kind": "china_quality_award", "title": "中国质量奖", "issuer": "国务院",
         "date": "2016-09-01", "matter": None}  # fmt: skip


def test_fewer_all_years_quality_awards_than_last_campaign_is_flagged():
    now = cohort({"i43.incentives": []})
    before = cohort({"i43.incentives": [AWARD]})
    [flag] = flags(now, before, kind="cumulative_fell")
    assert "本期 0，少于上期的 1" in flag.explain()
    assert flags(before, before, kind="cumulative_fell") == []


def test_a_base_year_value_different_from_what_last_campaign_reported_is_flagged():
    now = cohort({"i41.patents": 12.0, "i41.patents_before": 11.0})
    before = cohort({"i41.patents": 8.0, "i41.patents_before": 7.0})
    [flag] = flags(now, before, kind="carry_mismatch")
    assert flag.keys == ("i41.patents_before",)
    assert flag.correction == {"i41.patents_before": 8.0}
    same = cohort({"i41.patents": 12.0, "i41.patents_before": 8.0})
    assert flags(same, before, kind="carry_mismatch") == []


def test_without_a_previous_campaign_no_change_is_checked():
    assert flags(cohort({"i17.metrologists": 60}), None, kind="jump") == []
