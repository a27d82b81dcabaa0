"""Where a county would rank against the reference cohort, with the range its floor and ceiling give."""

from __future__ import annotations

import pytest

from qcounty.core.cohort import parse_cohort
from qcounty.core.rankest import estimate_rank
from qcounty.core.results import Status
from tests.builders import YEAR, cohort_json, counties, county_json, shandong

# yes/no items and their points in Annex 1
POINTS = {
    "i01.slogan": 2,
    "i28.safe_county": 2,
    "i29.drug_inspection_full": 1,
    "i07.plan": 1,
    "i07.mobilisation": 1,
    "i09.credit_risk_full": 1,
    "i13.in_plan": 0.5,
    "i13.policy": 0.5,
    "i17.verification_full": 0.5,
    "i18.integrity": 0.5,
}
ALL = list(POINTS)


def _flags(keys: list[str]) -> dict[str, object]:
    return dict.fromkeys(keys, True)


def _reference():
    rows = [
        # 2 + 2 + 1 + 1 + 1 + 1 + 0.5 + 0.5 + 0.5 + 0.5 = 10
        county_json("甲区", "威海市", _flags(ALL), synthetic=True),
        # 2 + 2 + 1 + 1 + 1 + 1 = 8
        county_json("乙区", "威海市", _flags(ALL[:6]), synthetic=True),
        # 2 + 2 + 1 + 1 = 6, in tier 3
        county_json("丙县", "德州市", _flags(ALL[:4]), synthetic=True),
        # 2 + 2 = 4, in tier 3
        county_json("丁县", "德州市", _flags(ALL[:2]), synthetic=True),
        # 10 points but vetoed: never ranked
        county_json("戊区", "威海市", _flags(ALL) | {"veto.safety_accident": True}, synthetic=True),
    ]
    return parse_cohort(cohort_json(rows), shandong())


def _wendeng(extra: dict[str, object] | None = None):
    # 2 + 2 + 1 + 1 + 0.5 = 6.5, and 自愿性认证覆盖率 alone in its group: d = 100, 2 points
    # → 8.5; at d = 60 (floor) 1.2 points → 7.7; ceiling 8.5
    values = _flags(["i01.slogan", "i28.safe_county", "i29.drug_inspection_full", "i07.plan"])
    values |= {"i13.in_plan": True, "i20.coverage": 50.0} | (extra or {})
    return counties(cohort_json([county_json("文登区", "威海市", values)]))[0]


def test_rank_and_its_range_among_the_eligible_counties():
    est = estimate_rank(shandong(), _wendeng(), YEAR, _reference())
    assert (est.total, est.floor, est.ceiling) == pytest.approx((8.5, 7.7, 8.5))
    # others eligible: 10, 8, 6, 4 (戊区 is vetoed). 8.5 → 2nd; 7.7 → 3rd (below 8)
    assert (est.rank, est.best_rank, est.worst_rank) == (2, 2, 3)
    assert est.ranked == 5
    # tier 2 (威海市): 甲区 10, 乙区 8 → 2nd, at the floor 3rd, of 3
    assert (est.tier, est.tier_name) == (2, "第二梯队")
    assert (est.tier_rank, est.tier_best_rank, est.tier_worst_rank, est.tier_ranked) == (2, 2, 3, 3)


def test_points_to_the_top_n_are_the_gap_to_the_nth_other_total():
    top1 = estimate_rank(shandong(), _wendeng(), YEAR, _reference(), titles=1)
    # the 1st other total is 甲区's 10: 10 − 8.5 = 1.5
    assert top1.nth_total == pytest.approx(10)
    assert top1.to_top == pytest.approx(1.5)
    assert not top1.in_top
    top2 = estimate_rank(shandong(), _wendeng(), YEAR, _reference(), titles=2)
    assert top2.nth_total == pytest.approx(8)  # 乙区
    assert top2.to_top == 0 and top2.in_top
    # ten titles, four other eligible counties: in the top ten whatever its total
    top10 = estimate_rank(shandong(), _wendeng(), YEAR, _reference())
    assert top10.nth_total is None and top10.to_top == 0 and top10.in_top


def test_the_county_replaces_its_namesake_in_the_reference():
    reference = _reference()
    rows = [county_json("文登区", "威海市", _flags(ALL), synthetic=False)]
    reference.counties += counties(cohort_json(rows))  # a 10-point 文登区 in the reference
    est = estimate_rank(shandong(), _wendeng(), YEAR, reference)
    # the reference's 文登区 does not compete with the county itself: still 2nd of 5
    assert (est.rank, est.ranked) == (2, 5)


def test_a_vetoed_county_has_no_rank_and_says_why():
    est = estimate_rank(
        shandong(), _wendeng({"veto.statistics_falsified": True}), YEAR, _reference()
    )
    assert est.status is Status.VETOED
    assert est.rank is None and est.tier_rank is None and est.to_top is None
    assert not est.in_top
    assert len(est.reasons) == 1 and "一票否决" in est.reasons[0]
    assert "统计数据不实" in est.reasons[0]
