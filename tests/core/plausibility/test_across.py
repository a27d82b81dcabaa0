"""Across counties: one claim in two counties, identical free texts, the same evidence file."""

from __future__ import annotations

from qcounty.core.plausibility import same_evidence
from tests.core.plausibility.helpers import cohort, flags

STANDARD = {"scope": "national", "role": "lead_formulate", "title": "农产品分级规范",
            "code": "GB/T 12345-2021", "date": "2021-05-01", "status": "已发布", "drafters": "甲"}  # fmt: skip


def test_the_same_led_standard_in_two_counties_is_flagged_in_both():
    other = STANDARD | {"code": "gb/t　１２３４５－２０２１"}  # full-width, spaces: the same number
    found = flags(
        cohort({"i14.standards": [STANDARD]}, {"i14.standards": [other]}), kind="same_claim"
    )
    assert sorted(f.county for f in found) == ["县1", "县2"]
    flag = next(f for f in found if f.county == "县1")
    assert flag.others == (("济南市", "县2"),)
    assert "另有 1 个县同样填报" in flag.explain() and "县2" not in flag.explain()
    assert flag.points_at_stake > 0 and flag.severity == "high"


def test_a_standard_only_joined_by_both_counties_is_not_flagged():
    joined = STANDARD | {"role": "participate_formulate"}
    c = cohort({"i14.standards": [joined]}, {"i14.standards": [joined]})
    assert flags(c, kind="same_claim") == []


def test_identical_long_free_texts_are_flagged_short_ones_not():
    text = "以“质量兴县、品牌强县”为主线，建立质量工作联席会议制度，形成政府主导、部门联动、企业主体、社会参与的工作格局。"
    found = flags(
        cohort({"i01.slogan_text": text}, {"i01.slogan_text": text + " "}), kind="same_text"
    )
    assert [f.county for f in found] == ["县1", "县2"]
    assert flags(cohort({"i01.slogan_text": "质量强县"}, {"i01.slogan_text": "质量强县"}),
                 kind="same_text") == []  # fmt: skip


def test_the_same_evidence_file_in_two_counties_is_flagged():
    digest = "ab" * 32
    found = same_evidence([(("济南市", "甲县"), digest), (("青岛市", "乙县"), digest.upper()),
                           (("济南市", "甲县"), "cd" * 32)])  # fmt: skip
    assert [(f.county, f.others) for f in found] == [
        ("甲县", (("青岛市", "乙县"),)),
        ("乙县", (("济南市", "甲县"),)),
    ]
    assert "另外 1 个县" in found[0].explain()
