"""A county's claim against the statistics office's figure (统计部门数据, issue 19)."""

from __future__ import annotations

from qcounty.core.plausibility import check_county
from qcounty.core.plausibility.official import decimals, differs
from tests.builders import shandong
from tests.core.plausibility.helpers import TODAY, cohort

SOURCE = "山东省统计局《2022年山东统计年鉴》"


def official(**figures: float) -> dict[tuple[str, str], dict[str, dict[str, object]]]:
    """Return figures of 县1 of 济南市, keyed as the web hands them over."""
    return {
        ("济南市", "县1"): {
            key.replace("__", "."): {"value": v, "source": SOURCE, "date": "2023-05-01"}
            for key, v in figures.items()
        }
    }


def test_a_claim_is_compared_at_the_precision_the_figure_is_written_with():
    assert decimals(85.3) == 1 and decimals(1200) == 0 and decimals(1200.0) == 0
    assert not differs(85.27, 85.3)  # 85.27 rounds to the figure's 85.3
    assert differs(85.4, 85.3)
    assert differs(1_000_001, 1_000_000)  # a population is exact
    assert not differs(0.1 + 0.2, 0.3)


def test_a_claim_that_differs_from_the_official_figure_is_flagged_with_its_source():
    c = cohort({"i30.resident_population": 580_000, "i30.batches": 600}, peers=8)
    flags = check_county(
        shandong(),
        c.counties[0],
        c,
        today=TODAY,
        official=official(i30__resident_population=600_000),
    )
    [flag] = [f for f in flags if f.kind == "official_mismatch"]
    assert flag.group == "official" and flag.keys == ("i30.resident_population",)
    assert flag.values == {
        "i30.resident_population": 580_000,
        "i30.resident_population@official": 600_000,
    }
    assert flag.correction == {"i30.resident_population": 600_000}
    assert (
        "当地常住人口：填报 580000，统计部门数据为 600000"
        f"（{SOURCE}，2023-05-01），两者不一致。" in flag.explain()
    )


def test_an_equal_claim_a_missing_claim_and_another_countys_figure_are_not_flagged():
    c = cohort({"i30.resident_population": 600_000, "i39.good_days": 70.0}, peers=8)
    county = c.counties[0]
    same = official(i30__resident_population=600_000, i41__patents=12.5)  # 12.5: no claim
    flags = check_county(shandong(), county, c, today=TODAY, official=same)
    assert [f for f in flags if f.kind == "official_mismatch"] == []
    elsewhere = {("青岛市", "县1"): same[("济南市", "县1")]}
    elsewhere[("青岛市", "县1")] = {
        "i39.good_days": {"value": 60.0, "source": SOURCE, "date": "2023-05-01"}
    }
    flags = check_county(shandong(), county, c, today=TODAY, official=elsewhere)
    assert [f for f in flags if f.kind == "official_mismatch"] == []
