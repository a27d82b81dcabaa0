"""Evidence coverage: claims that score points but carry no evidence."""

from __future__ import annotations

from qcounty.core.plausibility.coverage import Evidenced, check_coverage
from tests.builders import shandong
from tests.core.plausibility.helpers import cohort
from tests.core.plausibility.test_across import STANDARD

NINE = {"i17.metrologists": 9}  # 17.1: 0.1 × (9 − 3) = 0.6 points; 17.2–17.4 unreported: 0
LED = [STANDARD, STANDARD | {"code": "GB/T 54321-2021", "title": "果品贮藏规范"}]  # 14.2: 2 → 3


def test_an_indicator_scoring_points_without_any_evidence_is_flagged_with_its_points():
    c = cohort(NINE)
    [flag] = check_coverage(shandong(), c, {("济南市", "县1"): Evidenced()})
    assert (flag.kind, flag.group, flag.county) == ("unevidenced", "coverage", "县1")
    assert flag.keys == ("i17.metrologists",) and flag.record is None
    assert flag.points_at_stake == 0.6 and flag.severity == "medium"  # below 1 point
    assert flag.correction == {"i17.metrologists": None}
    assert flag.explain() == (
        "指标 17 按申报的注册计量师数量得 0.6 分，但没有任何佐证材料。"
        "若按不计无佐证材料的申报更正，将少得 0.6 分。"
    )


def test_a_file_for_the_indicator_backs_it():
    c = cohort(NINE)
    assert check_coverage(shandong(), c, {("济南市", "县1"): Evidenced(frozenset({17}))}) == []


def test_a_claim_scoring_nothing_needs_no_evidence():
    c = cohort({"i17.metrologists": 3})  # 3 or fewer: 0 points
    assert check_coverage(shandong(), c, {("济南市", "县1"): Evidenced()}) == []


def test_a_county_whose_evidence_the_caller_does_not_know_is_not_checked():
    c = cohort(NINE, NINE)
    found = check_coverage(shandong(), c, {("济南市", "县2"): Evidenced()})
    assert [f.county for f in found] == ["县2"]


def test_a_scoring_record_without_its_own_file_is_flagged_where_files_go_by_record():
    c = cohort({"i14.standards": LED})
    mine = Evidenced(records=frozenset({("i14.standards", 1)}))
    [flag] = check_coverage(shandong(), c, {("济南市", "县1"): mine})
    assert (flag.kind, flag.keys, flag.record) == ("unevidenced", ("i14.standards",), 2)
    assert flag.points_at_stake == 1 and flag.severity == "high"  # 14.2: two led 3, one led 2
    assert "标准制修订：第 2 条“果品贮藏规范”计分，但没有附该条记录的佐证材料" in flag.explain()


def test_a_record_that_moves_no_point_is_not_flagged():
    joined = STANDARD | {"code": "GB/T 1-2021", "role": "participate_formulate"}
    c = cohort({"i14.standards": [*LED, joined]})  # 3 (14.2) + 1 (14.3), capped at 3
    mine = Evidenced(records=frozenset({("i14.standards", 1), ("i14.standards", 2)}))
    assert check_coverage(shandong(), c, {("济南市", "县1"): mine}) == []


def test_one_county_is_checked_against_the_cohort_it_joins():
    c = cohort(NINE, peers=3)
    me = cohort({"i17.metrologists": 13}, city="济南市").counties[0]  # 县1 again: 1 point
    [flag] = check_coverage(shandong(), c, {("济南市", "县1"): Evidenced()}, county=me)
    assert flag.points_at_stake == 1 and flag.severity == "high"
