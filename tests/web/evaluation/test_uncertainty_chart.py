"""The robustness chart: the first 30 counties and the uncertain ones, probabilities in %."""

from __future__ import annotations

from qcounty.web.evaluation import charts


def county(rank: int, p_top: float | None) -> dict[str, object]:
    return {
        "city": "某市",
        "name": f"县{rank:03d}",
        "rank": rank,
        "rank_low": max(1, rank - 2),
        "rank_median": rank,
        "rank_high": rank + 2,
        "p_top": p_top,
    }


def test_the_chart_shows_the_first_30_and_every_uncertain_county_in_rank_order():
    # 116 ranked counties, the top N = 40: ranks 38–43 are uncertain (0.05 < P < 0.95), 44 on
    # are out (P = 0.0), one is unranked (vetoed)
    p = {38: 0.94, 39: 0.702, 40: 0.5, 41: 0.3, 42: 0.1, 43: 0.051}
    counties = [county(r, p.get(r, 1.0 if r < 38 else 0.0)) for r in range(1, 117)]
    counties.append({**county(0, None), "rank": None})
    data = charts.uncertainty({"spec": {"top": 40}, "counties": counties[::-1]})
    assert data["rank"] == [*range(1, 31), 38, 39, 40, 41, 42, 43]
    assert data["ranked"] == 116
    assert data["p_top"][30:] == [94.0, 70.2, 50.0, 30.0, 10.0, 5.1]  # in percent
    assert data["p_top"][0] == 100.0
    assert data["uncertain"] == [False] * 30 + [True] * 6
