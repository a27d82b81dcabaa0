"""Cross-county duplicates side by side: the other county's records claiming the same."""

from __future__ import annotations

from qcounty.core.plausibility.sides import same_claim_places
from tests.builders import shandong
from tests.core.plausibility.test_across import STANDARD


def test_the_records_of_another_county_claiming_the_same_standard_are_found():
    joined = STANDARD | {"role": "participate_formulate"}  # only led standards are unique
    other = STANDARD | {"code": "gb/t　１２３４５－２０２１", "title": "另一名称"}
    others = [joined, STANDARD | {"code": "GB/T 1-2021"}, other]
    assert same_claim_places(shandong(), "i14.standards", STANDARD, others) == [3]
    assert same_claim_places(shandong(), "i14.standards", joined, others) == []
