"""Peers: robust outliers within the county's tier, with the county's position."""

from __future__ import annotations

from tests.core.plausibility.helpers import cohort, flags

TYPICAL = [20, 22, 25, 18, 30, 27, 24, 21, 26, 23, 19, 28]


def tier(own: int) -> list[dict[str, int]]:
    return [{"i17.metrologists": own}, *({"i17.metrologists": v} for v in TYPICAL)]


def test_a_count_ten_times_its_tier_is_flagged_with_median_and_rank():
    [flag] = flags(cohort(*tier(240)), kind="peer_outlier")
    assert flag.county == "县1" and flag.keys == ("i17.metrologists",)
    assert flag.values["median"] == 24 and flag.values["rank"] == 1 and flag.values["peers"] == 13
    assert "同梯队 13 个县的中位数 24，位列第 1/13" in flag.explain()
    assert flag.correction == {"i17.metrologists": 24}


def test_a_value_within_the_tier_is_not_flagged():
    assert flags(cohort(*tier(35)), kind="peer_outlier") == []


def test_a_per_capita_value_is_compared_per_head():
    # twice the batches of a county twice as populous: the same rate, no flag
    rows = [{"i30.batches": 400 + k, "i30.resident_population": 400_000} for k in range(12)]
    rows.append({"i30.batches": 800, "i30.resident_population": 800_000})
    assert flags(cohort(*rows), kind="peer_outlier") == []
    rows[-1] = {"i30.batches": 8000, "i30.resident_population": 400_000}
    [flag] = flags(cohort(*rows), kind="peer_outlier")
    assert flag.keys == ("i30.batches", "i30.resident_population")
    assert "（每 10000 人）" in flag.explain()


def test_too_few_peers_are_not_compared():
    assert flags(cohort(*tier(240)[:6]), kind="peer_outlier") == []
