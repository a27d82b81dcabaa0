"""Comparison groups by an attribute of the evaluated unit: companies within their industry.

The made-up scheme tests/core/schemes/example-company.yaml evaluates 企业 on two indicators:
awards (1 point each, at most 4, records of 近三年 = 2019–2021) and the R&D share (6 points,
efficacy coefficient within the company's industry, `groups_by: industry`). Its prerequisite
needs a pass rate ≥ 95 %; failing it is 不予评价. The cohort beside it, by hand:

| company | industry | awards counted | R&D share | gate |
| --- | --- | --- | --- | --- |
| 甲食品公司 | food | 2 (the 2018 one is outside 2019–2021) | 3.0 | pass |
| 乙食品公司 | food | 0 | 5.0 | pass |
| 丙设备公司 | machinery | 5 → capped at 4 | 2.0 | pass |
| 丁设备公司 | machinery | 0 | 4.0 | 90 % < 95 %: 不予评价 |
| 戊设备公司 | machinery | 1 | 1.0 | pass |

R&D share, d = 60 + 40 × (x − x_s) / (x_h − x_s), points = 6 × d / 100, groups of eligible
companies: food {3, 5}: 甲 d = 60 → 3.60, 乙 d = 100 → 6.00; machinery {2, 1} (丁 is out):
丙 d = 100 → 6.00, 戊 d = 60 → 3.60; 丁 outside its group, 4 > 2 → d clipped to 100 → 6.00.
Totals: 甲 2 + 3.60 = 5.60, 乙 6.00, 丙 4 + 6 = 10.00, 戊 1 + 3.60 = 4.60, 丁 0 + 6 = 6.00 (not
ranked). Ranks: 丙 1, 乙 2, 甲 3, 戊 4; within the industry: 乙 1, 甲 2; 丙 1, 戊 2.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from qcounty.core.cohort import CohortError, county_to_json, parse_cohort
from qcounty.core.framework.loader import FrameworkError, load_framework, parse_framework
from qcounty.core.scoring import score_cohort

SCHEMES = Path(__file__).with_name("schemes")
COMPANY = SCHEMES / "example-company.yaml"
COHORT = SCHEMES / "example-company-cohort.json"


@pytest.fixture(scope="module")
def scored():
    f = load_framework(COMPANY)
    return score_cohort(f, parse_cohort(json.loads(COHORT.read_text("utf-8")), f))


def test_companies_are_scored_within_their_industry(scored):
    totals = {
        c.name: round(float(t), 2) for c, t in zip(scored.counties, scored.totals, strict=True)
    }
    assert totals == {
        "甲食品公司": 5.60,
        "乙食品公司": 6.00,
        "丙设备公司": 10.00,
        "丁设备公司": 6.00,
        "戊设备公司": 4.60,
    }
    ranks = {
        c.name: (int(r), int(g))
        for c, r, g in zip(scored.counties, scored.ranks, scored.tier_ranks, strict=True)
    }
    assert ranks == {
        "甲食品公司": (3, 2),
        "乙食品公司": (2, 1),
        "丙设备公司": (1, 1),
        "丁设备公司": (0, 0),
        "戊设备公司": (4, 2),
    }


def test_a_companys_group_is_its_industry_named_in_the_schemes_words(scored):
    r = scored.county(scored.index("甲食品公司"))
    assert r.tier == 1  # the first option of `industry`
    lines = [m.render() for c in r.indicators[1].criteria for m in c.messages]
    assert lines[0].startswith(
        "研发投入占营业收入比重：x = 3；比较组 食品制造业全体参评企业（2 个）满意值 x_h = 5"
    )
    assert not any("县" in line or "梯队" in line for line in lines)


def test_a_unit_outside_its_group_is_clipped_to_its_groups_bounds(scored):
    r = scored.county(scored.index("丁设备公司"))
    assert str(r.status) == "ineligible"
    assert [c.points for c in r.indicators[1].criteria] == [6.0]


def test_the_cohort_file_keeps_a_units_attributes(scored):
    assert county_to_json(scored.counties[0])["attributes"] == {"industry": "food"}


@pytest.mark.parametrize(
    ("attributes", "problem"),
    [
        (None, "企业“甲食品公司”：缺少属性“行业”（attributes.industry）。"),
        (
            {"industry": "drinks"},
            "企业“甲食品公司”：属性“行业”应为 food（食品制造业）、machinery（通用设备制造业） 之一，"
            "实际为“drinks”。",
        ),
        (
            {"industry": "food", "size": "large"},
            "企业“甲食品公司”：未知属性“size”，本评价体系中没有这一属性。",
        ),
        ("food", "企业“甲食品公司”：attributes（属性）应为 JSON 对象。"),
    ],
)
def test_a_unit_without_a_valid_grouping_attribute_is_refused(attributes, problem):
    f = load_framework(COMPANY)
    data = json.loads(COHORT.read_text("utf-8"))
    first = data["counties"][0]
    if attributes is None:
        del first["attributes"]
    else:
        first["attributes"] = attributes
    with pytest.raises(CohortError) as e:
        parse_cohort(data, f)
    assert e.value.problems == [problem]


def _scheme(change) -> str:
    import yaml

    data = yaml.safe_load(COMPANY.read_text("utf-8"))
    change(data)
    return yaml.safe_dump(data, allow_unicode=True)


def test_groups_by_names_a_declared_attribute():
    text = _scheme(lambda d: d.update(groups_by="region"))
    with pytest.raises(FrameworkError) as e:
        parse_framework(text, "bad.yaml")
    # (and the tiered indicator then has no groups: said on its own line)
    assert ("groups_by", "unknown attribute 'region'; attributes: ['industry']") in e.value.problems


def test_groups_are_the_tiers_or_an_attribute_not_both():
    tiers = [{"tier": 1, "name": "第一梯队", "cities": ["甲市"]}]
    with pytest.raises(FrameworkError) as e:
        parse_framework(_scheme(lambda d: d.update(tiers=tiers)), "bad.yaml")
    assert e.value.problems == [
        ("groups_by", "the groups are the tiers or an attribute's options, not both")
    ]


def test_a_tiered_indicator_needs_groups():
    def ungrouped(d):
        del d["groups_by"]

    with pytest.raises(FrameworkError) as e:
        parse_framework(_scheme(ungrouped), "bad.yaml")
    [(path, _problem)] = e.value.problems
    assert path.endswith(".tiered (indicator 2)")


def test_an_attribute_declared_twice_is_refused():
    def twice(d):
        d["attributes"].append(copy.deepcopy(d["attributes"][0]))

    with pytest.raises(FrameworkError) as e:
        parse_framework(_scheme(twice), "bad.yaml")
    assert e.value.problems == [("attributes[1]", "attribute 'industry' is declared twice")]


def _targets(tiers):
    return {
        "format": "qcounty-targets/1",
        "framework": "example-company",
        "targets": {"i02.rd_share": {"tiers": tiers}},
    }


def test_a_targets_file_gives_targets_by_industry():
    """Group numbers follow the option order: food 1, machinery 2 (before: only tiers' numbers).

    甲食品公司 alone against food's targets x_s = 1, x_h = 5: d = 60 + 40 × (3 − 1) / (5 − 1) = 80,
    6 × 80 / 100 = 4.80, with its 2 award points: 6.80.
    """
    from qcounty.core.selfassess import parse_targets, self_assess

    f = load_framework(COMPANY)
    bounds = {
        "1": {"satisfactory": 5, "unacceptable": 1},
        "2": {"satisfactory": 9, "unacceptable": 2},
    }
    targets = parse_targets(_targets(bounds), f)
    assert targets == {"i02.rd_share": {1: (1.0, 5.0), 2: (2.0, 9.0)}}
    cohort = parse_cohort(json.loads(COHORT.read_text("utf-8")), f)
    r = self_assess(f, cohort.counties[0], cohort.year, targets)
    assert round(r.total, 2) == 6.80


def test_a_target_for_an_industry_the_scheme_lacks_is_refused_in_its_words():
    from qcounty.core.selfassess import parse_targets

    with pytest.raises(CohortError) as e:
        parse_targets(
            _targets({"3": {"satisfactory": 5, "unacceptable": 1}}), load_framework(COMPANY)
        )
    assert e.value.problems == [
        "“i02.rd_share”没有第 3 个行业（该指标按行业评价，行业写 1–2 或 0（全部））。"
    ]


def test_a_companys_rank_estimate_names_its_industry(scored):
    from qcounty.core.rankest import rank_in

    estimate = rank_in(scored, scored.index("甲食品公司"), titles=2)
    assert estimate.tier_name == "食品制造业" and estimate.tier_rank == 2
