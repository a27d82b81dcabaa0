"""Self-assessment: one county against a reference cohort or typed-in targets."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qcounty.core.cohort import CohortError, parse_cohort
from qcounty.core.selfassess import parse_targets, self_assess
from qcounty.core.synth import generate_cohort
from tests.builders import YEAR, cohort_json, counties, county_json, shandong


@pytest.fixture(scope="module")
def reference():
    f = shandong()
    return parse_cohort(generate_cohort(f, counties=136, seed=7), f)


def _wendeng(values):
    return counties(cohort_json([county_json("文登区", "威海市", values)]))[0]


def test_every_efficacy_criterion_reports_floor_estimate_and_ceiling_in_order(reference):
    f = shandong()
    wendeng = next(c for c in reference.counties if c.name == "文登区")
    result = self_assess(f, wendeng, YEAR, reference)
    ranged = [c for ind in result.indicators for c in ind.criteria if c.floor is not None]
    assert len(ranged) == 22  # the 22 efficacy-coefficient clauses of Annex 1
    for c in ranged:
        assert c.floor <= c.points + 1e-9 <= c.ceiling + 2e-9
    assert result.floor <= result.total <= result.ceiling <= 100


def test_a_county_scored_against_the_reference_joins_its_group(reference):
    """文登区 with an R&D share above every tier-2 county's sets the tier's x_h: d = 100."""
    f = shandong()
    known = next(c for c in reference.counties if c.name == "文登区")
    # above the synthetic range 0.5–4 %
    wendeng = replace(known, values=known.values | {"i31.rd_share": 9.5})
    result = self_assess(f, wendeng, YEAR, reference)
    item31 = result.indicators[30].criteria[0]
    assert item31.efficacy[0]["xh"] == 9.5
    assert item31.points == pytest.approx(2.0)  # 2 × 100/100


def test_targets_give_the_bounds_and_clip_d_at_60():
    f = shandong()
    targets = parse_targets(
        {
            "format": "qcounty-targets/1",
            "framework": f.id,
            "targets": {
                key: {"satisfactory": 100, "unacceptable": 0}
                for key in {
                    p.value
                    for i in f.indicators()
                    for c in i.criteria
                    if c.rule.kind == "efficacy"
                    for p in c.rule.parts
                }
            }
            | {"i31.rd_share": {"tiers": {"2": {"satisfactory": 3.0, "unacceptable": 1.0}}}},
        },
        f,
    )
    above = self_assess(f, _wendeng({"i31.rd_share": 2.5}), YEAR, targets)
    # d = 60 + 40 × (2.5 − 1.0)/(3.0 − 1.0) = 90; 2 × 90/100 = 1.8
    assert above.indicators[30].points == pytest.approx(1.8)
    below = self_assess(f, _wendeng({"i31.rd_share": 0.5}), YEAR, targets)
    # below x_s: d clipped to 60 by default → 2 × 0.6 = 1.2
    assert below.indicators[30].points == pytest.approx(1.2)


def test_targets_for_a_value_that_is_not_scored_by_efficacy_are_refused():
    with pytest.raises(CohortError, match=r"i01\.slogan"):
        parse_targets(
            {
                "format": "qcounty-targets/1",
                "framework": "shandong-county-2022",
                "targets": {"i01.slogan": {"satisfactory": 1, "unacceptable": 0}},
            },
            shandong(),
        )


def test_a_value_without_a_target_is_estimated_at_the_floor_and_flagged():
    f = shandong()
    targets = parse_targets(
        {
            "format": "qcounty-targets/1",
            "framework": f.id,
            "targets": {"i31.rd_share": {"satisfactory": 3.0, "unacceptable": 1.0}},
        },
        f,
    )
    result = self_assess(
        f, _wendeng({"i31.rd_share": 2.5, "i40.high_tech_share": 50}), YEAR, targets
    )
    assert result.indicators[30].points == pytest.approx(1.8)  # 2 × (60 + 40 × 1.5/2)/100
    item40 = result.indicators[39].criteria[0]
    assert item40.points == pytest.approx(1.2)  # no target: d = 60 → 2 × 0.6
    assert any(m.review and "没有给出目标值" in m.render() for m in item40.messages)


def test_targets_for_a_tier_of_an_untiered_indicator_are_refused():
    with pytest.raises(CohortError, match="不分梯队"):
        parse_targets(
            {
                "format": "qcounty-targets/1",
                "framework": "shandong-county-2022",
                "targets": {
                    "i20.coverage": {"tiers": {"2": {"satisfactory": 60, "unacceptable": 20}}}
                },
            },
            shandong(),
        )


def test_a_reference_of_another_year_is_refused(reference):
    wendeng = next(c for c in reference.counties if c.name == "文登区")
    with pytest.raises(CohortError, match="评价年度"):
        self_assess(shandong(), wendeng, 2023, reference)
