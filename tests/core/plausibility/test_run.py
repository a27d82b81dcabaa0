"""The API the web will call: riskiest first, a county's own view."""

from __future__ import annotations

from qcounty.core.plausibility import check_county
from tests.builders import shandong
from tests.core.plausibility.helpers import TODAY, cohort, flags
from tests.core.plausibility.test_across import STANDARD


def test_flags_come_riskiest_first():
    c = cohort(
        {"pre.stations": 10, "pre.three_star": 11, "pre.four_star": 0},  # no points at stake
        {"i14.standards": [STANDARD]},
        {"i14.standards": [STANDARD]},
    )
    found = flags(c)
    assert [f.severity for f in found] == ["high", "high", "medium"]
    assert found[-1].kind == "part_exceeds_whole" and found[-1].points_at_stake == 0


def test_a_county_checks_itself_against_its_peers_and_sees_only_its_flags():
    c = cohort({"i14.standards": [STANDARD]}, {"i14.standards": [STANDARD]},
               {"pre.stations": 10, "pre.three_star": 11})  # fmt: skip
    mine = c.counties[0]
    found = check_county(shandong(), mine, c, today=TODAY)
    assert [(f.county, f.kind) for f in found] == [("县1", "same_claim")]
    data = found[0].as_json()
    assert data["code"] == "plaus.same_claim" and "县2" not in data["text"]
