"""The province's evaluation: selection, what-if, policy comparison, robustness, leave-one-out."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from qcounty.core.cohort import parse_cohort
from qcounty.core.evaluate import (
    MAX_REPLICATIONS,
    VARIABLE_POLICIES,
    EvaluationError,
    RobustnessSpec,
    compare_policies,
    leave_one_out,
    replace_county,
    robustness,
    select,
    what_if,
)
from qcounty.core.scoring import score_cohort
from qcounty.core.synth import generate_cohort
from qcounty.core.table import build_table
from tests.builders import cohort_json, county_json, score, shandong


def _hand_cohort():
    """Four 济南市 counties, everything else blank (0 points):

    A: item 1 slogan (flag, 2 points)                               → 2.0
    B: item 29 drug inspection (flag, 1) + item 17.1 metrologists 8 → 1 + min(1, 0.1 × (8 − 3)) = 1.5
    C: item 29                                                       → 1.0
    D: item 29, but vetoed (a major safety accident)                 → 1.0, never ranked
    """
    return cohort_json(
        [
            county_json("历下区", "济南市", {"i01.slogan": True}),
            county_json(
                "市中区", "济南市", {"i29.drug_inspection_full": True, "i17.metrologists": 8}
            ),
            county_json("槐荫区", "济南市", {"i29.drug_inspection_full": True}),
            county_json(
                "天桥区",
                "济南市",
                {"i29.drug_inspection_full": True, "veto.safety_accident": True},
            ),
        ]
    )


def test_the_hand_cohort_scores_and_ranks_as_computed_by_hand():
    s = score(_hand_cohort())
    assert s.totals.round(6).tolist() == [2.0, 1.5, 1.0, 1.0]
    assert s.ranks.tolist() == [1, 2, 3, 0]  # the vetoed county is not ranked


def test_selection_takes_the_top_titles_and_reports_a_tie_at_the_boundary():
    s = score(_hand_cohort())
    assert select(s, 2).selected == [0, 1]
    assert select(s, 2).tied_at_boundary == []
    assert select(s, 5).unranked == [3]

    # make 槐荫区 equal to 市中区 (1.5): both share rank 2, so two titles select three counties
    data = _hand_cohort()
    data["counties"][2]["values"]["i17.metrologists"] = 8
    tied = select(score(data), 2)
    assert tied.selected == [0, 1, 2]
    assert tied.tied_at_boundary == [1, 2]
    with pytest.raises(EvaluationError, match="认定名额"):
        select(s, 0)


def test_leave_one_indicator_out_names_the_indicators_that_change_the_top_one():
    s = score(_hand_cohort())
    changed = {x.indicator: x for x in leave_one_out(s, 1) if x.changes_selection}
    # without item 1, 历下区 falls to 0 and 市中区 (1.5) leads; without item 29 or 17,
    # 历下区 (2.0) still leads (市中区 0.5 or 1.0): only item 1 changes the top one
    assert list(changed) == [1]
    assert changed[1].entering == [1]
    assert changed[1].leaving == [0]
    assert len(leave_one_out(s, 1)) == 43


def test_without_noise_or_policies_every_replication_reproduces_the_ranking():
    s = score(_hand_cohort())
    r = robustness(s, RobustnessSpec(replications=200, weight_noise=0.0, seed=1, top=1))
    assert r.rank_median[:3].tolist() == [1, 2, 3]
    assert r.rank_low[:3].tolist() == [1, 2, 3]
    assert r.rank_high[:3].tolist() == [1, 2, 3]
    assert r.p_top[:3].tolist() == [1.0, 0.0, 0.0]
    assert np.isnan(r.p_top[3])  # the vetoed county has no rank to perturb
    assert r.uncertain == []


def test_small_weight_noise_cannot_reorder_wide_margins_but_large_noise_can():
    s = score(_hand_cohort())
    # ±5 %: 市中区 at most 1.5 × 1.05 = 1.575 < 历下区 at least 2 × 0.95 = 1.9 (before the
    # common renormalisation, which scales every county alike): 历下区 always first
    calm = robustness(s, RobustnessSpec(replications=2_000, weight_noise=0.05, seed=3, top=1))
    assert calm.p_top[:3].tolist() == [1.0, 0.0, 0.0]
    # ±30 %: 市中区 can reach 1.3 + 0.5 × 1.3 = 1.95 > 2 × 0.7 = 1.4: the first place is uncertain
    wild = robustness(s, RobustnessSpec(replications=2_000, weight_noise=0.3, seed=3, top=1))
    assert 0.05 < wild.p_top[1] < 0.5 < wild.p_top[0] < 0.95
    assert wild.uncertain == [0, 1]
    assert wild.p_top[2] == 0.0  # 槐荫区 (item 29 alone) never passes 市中区 (item 29 + 17.1)


@pytest.fixture(scope="module")
def synthetic():
    framework = shandong()
    cohort = parse_cohort(generate_cohort(framework, counties=60, seed=11, year=2023), framework)
    return framework, cohort, score_cohort(framework, cohort)


def test_seeded_robustness_runs_are_bit_for_bit_repeatable(synthetic):
    _, _, s = synthetic
    spec = RobustnessSpec(
        replications=3_000, weight_noise=0.15, policies=tuple(VARIABLE_POLICIES), seed=2023
    )
    first, second = robustness(s, spec), robustness(s, spec)
    assert json.dumps(first.to_json()) == json.dumps(second.to_json())
    other = robustness(s, replace(spec, seed=2024))
    assert json.dumps(other.to_json()) != json.dumps(first.to_json())
    # every policy's settings were drawn, about half each
    for draws in first.policy_draws.values():
        assert sum(draws.values()) == 3_000
        assert all(1_300 < n < 1_700 for n in draws.values())


def test_robustness_reports_progress_every_thousand_replications(synthetic):
    _, _, s = synthetic
    seen: list[tuple[int, int]] = []
    robustness(s, RobustnessSpec(replications=2_500, seed=1), lambda d, t: seen.append((d, t)))
    assert seen == [(1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]


def test_robustness_figures_are_consistent(synthetic):
    _, _, s = synthetic
    r = robustness(s, RobustnessSpec(replications=1_000, weight_noise=0.2, seed=5, top=10))
    ranked = s.ranks > 0
    assert np.all(r.rank_low[ranked] <= r.rank_median[ranked])
    assert np.all(r.rank_median[ranked] <= r.rank_high[ranked])
    assert np.all(np.isnan(r.rank_median[~ranked]))
    # ten counties are in the top 10 in every replication, a few more when totals tie (to the
    # 0.01 of the ranking) at 10th place: the probabilities add up to a little over ten
    assert 10.0 <= np.nansum(r.p_top) < 10.05


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (RobustnessSpec(replications=10**9), f"不能超过 {MAX_REPLICATIONS:,} 次"),
        (RobustnessSpec(replications=0), "正整数"),
        (RobustnessSpec(weight_noise=-0.1), "不能为负数"),
        (RobustnessSpec(weight_noise=float("nan")), "不能为负数"),
        (RobustnessSpec(weight_noise=2.0), "不能超过 ±50%"),
        (RobustnessSpec(policies=("tie_break",)), "不能随机抽取的政策：tie_break"),
        (RobustnessSpec(top=0), "前 N 名"),
        (RobustnessSpec(seed=-1), "随机种子"),
    ],
)
def test_absurd_robustness_parameters_are_refused_in_chinese(synthetic, spec, message):
    _, _, s = synthetic
    with pytest.raises(EvaluationError, match=message):
        robustness(s, spec)


def test_replacing_one_county_equals_building_the_changed_cohort(synthetic):
    framework, cohort, _ = synthetic
    i = 7
    changed = replace(
        cohort.counties[i],
        values={**cohort.counties[i].values, "i17.public_standards": 1000, "i04.records": []},
    )
    full = build_table(framework, [*cohort.counties[:i], changed, *cohort.counties[i + 1 :]], 2023)
    spliced = replace_county(build_table(framework, cohort.counties, 2023), i, changed)
    assert full.columns.keys() == spliced.columns.keys()
    for key, column in full.columns.items():
        np.testing.assert_array_equal(column, spliced.columns[key], err_msg=key)
    assert full.counted == spliced.counted
    assert full.notes == spliced.notes
    for key, mask in full.zero_base.items():
        np.testing.assert_array_equal(mask, spliced.zero_base[key])


def test_what_if_matches_a_full_rescore_and_moves_other_counties(synthetic):
    framework, cohort, s = synthetic
    i = next(k for k in range(len(cohort.counties)) if s.ranks[k] > 0)
    # 17.2: public measurement standards ≥ 15 → efficacy coefficient up to 0.5 with x_h the
    # group's maximum; 1,000 standards lifts x_h for everyone, so every other qualifying county's
    # d (and points) drops
    w = what_if(s, i, {"i17.public_standards": 1000})
    counties = list(cohort.counties)
    counties[i] = replace(counties[i], values={**counties[i].values, "i17.public_standards": 1000})
    full = score_cohort(framework, counties, 2023)
    np.testing.assert_allclose(w.after.totals, full.totals, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(w.after.ranks, full.ranks)
    moved = [c for c in w.changes() if c.index != i]
    assert moved and all(c.delta < 0 for c in moved if c.total_after != c.total_before)
    assert w.changes()[0].index == i
    assert s.totals[i] == w.before.totals[i]  # the original score is untouched
    with pytest.raises(EvaluationError, match="没有字段"):
        what_if(s, i, {"i99.nothing": 1})


def test_policy_comparison_shows_both_rankings(synthetic):
    framework, _, s = synthetic
    scaled = s.policies.with_overrides({"ec_mapping": "scaled", "ec_tier_groups": "province"})
    c = compare_policies(framework, s.table, s.policies, scaled)
    assert c.differences == {
        "ec_mapping": ("d_over_100", "scaled"),
        "ec_tier_groups": ("tiers", "province"),
    }
    rows = c.rows()
    assert [r[0] for r in rows] == s.ranked()
    np.testing.assert_allclose(c.a.totals, s.totals)
    # the 0–100 % mapping alone can only lower a total (the bottom of a group gets 0, not 60 %)
    only = compare_policies(
        framework, s.table, s.policies, s.policies.with_overrides({"ec_mapping": "scaled"})
    )
    assert all(b <= a + 1e-9 for _, a, b, _, _ in only.rows())
    assert any(b < a - 0.5 for _, a, b, _, _ in only.rows())


def test_medians_of_the_eligible_counties_overall_and_by_tier():
    s = score(_hand_cohort())
    # eligible totals 2.0, 1.5, 1.0 (the vetoed 天桥区 is out): median 1.5; all four are tier 1
    m = s.medians()
    assert (m.counties, m.total) == (3, 1.5)
    assert s.medians(tier=1).total == 1.5
    # by first level, eligible A, B, C: 质量发展理念 2, 0, 0 → 0 (item 1); 质量发展基础 0, 0.5, 0
    # → 0 (item 17); 质量发展成效 0, 1, 1 → 1 (item 29); by second level, 产品质量 (the 10th
    # of 15, item 29) 0, 1, 1 → 1 and every other 0
    assert m.first == [0, 0, 0, 1]
    assert m.second == [0] * 9 + [1] + [0] * 5
    empty = s.medians(tier=3)
    assert empty.counties == 0 and np.isnan(empty.total)
    assert len(empty.first) == 4 and all(np.isnan(empty.first))
    assert len(empty.second) == 15 and all(np.isnan(empty.second))
    assert s.group_name(shandong().indicator(31), 0).startswith("第一梯队")
    assert s.group_name(shandong().indicator(1), 0) == "全体参评县"
