"""Properties that must hold for any cohort, under any policy (hypothesis)."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcounty.core.cohort import parse_cohort
from qcounty.core.efficacy import PartStatus
from qcounty.core.framework.inputs import (
    BoolInput,
    CountInput,
    GrowthDerived,
    NumberInput,
    PercentInput,
    RatioDerived,
)
from qcounty.core.framework.policies import (
    EcBounds,
    EcGroup,
    EcGrowthZeroBase,
    EcMapping,
    EcTargetClip,
    EcThresholdFloor,
    EcTierGroups,
    EcZeroRange,
    EcZeroRaw,
    Policies,
    TieBreak,
)
from qcounty.core.scoring import score_cohort
from qcounty.core.synth import generate_cohort
from tests.builders import shandong

FRAMEWORK = shandong()
INDICATOR_MAX = np.array([i.points for i in FRAMEWORK.indicators()])[:, None]

policies = st.builds(
    Policies,
    ec_mapping=st.sampled_from(EcMapping),
    ec_zero_range=st.sampled_from(EcZeroRange),
    ec_threshold_floor=st.sampled_from(EcThresholdFloor),
    ec_group=st.sampled_from(EcGroup),
    ec_growth_zero_base=st.sampled_from(EcGrowthZeroBase),
    ec_zero_raw=st.sampled_from(EcZeroRaw),
    # bounds from targets without any target fall back to d = 60 (NO_TARGET): still in range
    ec_bounds=st.sampled_from(EcBounds),
    ec_tier_groups=st.sampled_from(EcTierGroups),
    ec_target_clip=st.sampled_from(EcTargetClip),
    tie_break=st.sampled_from(TieBreak),
)
cohorts = st.builds(
    lambda n, seed: generate_cohort(FRAMEWORK, counties=n, seed=seed),
    st.integers(min_value=2, max_value=25),
    st.integers(min_value=0, max_value=10_000),
)
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _score(data, policy=None):
    return score_cohort(FRAMEWORK, parse_cohort(data, FRAMEWORK), policies=policy)


def _monotone_keys():
    """Return inputs where more is better: numbers that are no ratio's denominator or growth's base."""
    against = set()
    for d in FRAMEWORK.derived():
        if isinstance(d, RatioDerived):
            against.add(d.denominator)
        if isinstance(d, GrowthDerived):
            against.add(d.base)
    keys = []
    for x in FRAMEWORK.inputs():
        if x.informational or x.key in against or x.key.startswith("veto."):
            continue
        if isinstance(x, CountInput | PercentInput | NumberInput | BoolInput):
            keys.append(x)
    return keys


MONOTONE = _monotone_keys()


@SETTINGS
@given(cohorts, policies)
def test_every_indicator_stays_within_zero_and_its_points_and_the_total_within_100(data, policy):
    result = _score(data, policy)
    assert (result.indicator_points >= -1e-12).all()
    assert (result.indicator_points <= INDICATOR_MAX + 1e-12).all()
    assert (result.totals <= 100 + 1e-9).all()
    assert np.allclose(result.totals, result.indicator_points.sum(axis=0))


@SETTINGS
@given(cohorts, policies, st.data())
def test_raising_a_positive_input_never_lowers_that_countys_points(data, policy, draw):
    before = _score(data, policy)
    i = draw.draw(st.integers(0, len(data["counties"]) - 1), label="county")
    spec = draw.draw(st.sampled_from(MONOTONE), label="input")
    raised = copy.deepcopy(data)
    values = raised["counties"][i]["values"]
    old = values[spec.key]
    if isinstance(spec, BoolInput):
        values[spec.key] = True
    elif old is None:
        values[spec.key] = spec.max if isinstance(spec, PercentInput) else 1
    else:
        step = draw.draw(st.floats(min_value=0.01, max_value=50.0), label="step")
        new = old + (round(step) or 1 if isinstance(spec, CountInput) else step)
        if isinstance(spec, PercentInput | NumberInput) and spec.max is not None:
            new = min(new, spec.max)
        values[spec.key] = new
    after = _score(raised, policy)
    assert after.totals[i] >= before.totals[i] - 1e-9, (spec.key, old, values[spec.key])


@SETTINGS
@given(cohorts, policies, st.randoms(use_true_random=False))
def test_shuffling_the_cohort_changes_no_countys_points_or_rank(data, policy, rnd):
    result = _score(data, policy)
    shuffled = copy.deepcopy(data)
    rnd.shuffle(shuffled["counties"])
    again = _score(shuffled, policy)
    by_name = {(c.city, c.name): i for i, c in enumerate(again.counties)}
    for i, c in enumerate(result.counties):
        j = by_name[c.city, c.name]  # 市中区 is a district of both 济南市 and 枣庄市
        assert again.totals[j] == result.totals[i]
        assert again.ranks[j] == result.ranks[i]
        assert np.array_equal(again.indicator_points[:, j], result.indicator_points[:, i])


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(EcZeroRange), st.integers(2, 6))
def test_a_cohort_of_identical_counties_follows_the_zero_range_policy(seed, zero_range, n):
    one = generate_cohort(FRAMEWORK, counties=1, seed=seed)
    county = one["counties"][0]
    county["values"].update({"pre.stations": 20, "pre.three_star": 4, "pre.four_star": 2})
    for key in (
        "veto.safety_accident",
        "veto.quality_incident",
        "veto.environment_incident",
        "veto.statistics_falsified",
    ):
        county["values"][key] = False
    twins = []
    for k in range(n):
        twin = copy.deepcopy(county)
        twin["name"], twin["city"], twin["synthetic"] = f"孪生县{k}", "威海市", True
        twins.append(twin)
    data = {**one, "counties": twins}
    policy = Policies(ec_zero_range=zero_range)
    result = _score(data, policy)
    assert np.allclose(result.totals, result.totals[0])
    assert set(result.ranks.tolist()) == {1}  # equal totals share the first rank
    expected_d = 100.0 if zero_range is EcZeroRange.FULL else 60.0
    checked = 0
    for k, plan in enumerate(result.plans):
        if plan.criterion.rule.kind != "efficacy":
            continue
        for part, r in zip(
            plan.criterion.rule.parts, result.outcomes[k].detail["parts"], strict=True
        ):
            if part.threshold is not None:
                # x_s is the threshold itself, so identical values above it are all at x_h: d = 100
                # (values exactly at the threshold leave no range: the zero-range policy decides)
                at_threshold = result.table.col(part.value)[0] == part.threshold
                assert np.isnan(r.d[0]) or r.d[0] == (expected_d if at_threshold else 100.0)
            elif PartStatus(int(r.status[0])) is PartStatus.IN_GROUP:
                pytest.fail("identical values cannot form a range")
            elif PartStatus(int(r.status[0])) is PartStatus.ZERO_RANGE:
                assert r.d[0] == expected_d
                checked += 1
    assert checked >= 10  # most of the 22 efficacy criteria have a plain part


def _with_twins(data, pairs):
    """Return the cohort with a same-city twin of each of the first `pairs` counties added."""
    twinned = copy.deepcopy(data)
    for k in range(pairs):
        twin = copy.deepcopy(twinned["counties"][k])
        twin["name"], twin["synthetic"] = f"{twin['name']}孪生{k}", True
        twinned["counties"].append(twin)
    return twinned


def _expected_ranks(result, policy):
    """Return competition ranks worked out one county at a time: 1 + the counties strictly above."""
    decimals = policy.decimals
    first, _ = result.level_points()

    def key(i):
        total = round(float(result.totals[i]), decimals)
        if policy.tie_break is TieBreak.SHARE:
            return (total,)
        # the last first-level score breaks a tie first, then the one before it
        return (total, *(round(float(row[i]), decimals) for row in first[::-1]))

    ranked = [i for i in range(len(result.counties)) if result.ranks[i] > 0]
    return {i: 1 + sum(key(j) > key(i) for j in ranked) for i in ranked}


@SETTINGS
@given(cohorts, policies, st.integers(1, 3))
def test_ranks_are_competition_ranks_equal_totals_share_and_the_next_skips(data, policy, pairs):
    pairs = min(pairs, len(data["counties"]))
    result = _score(_with_twins(data, pairs), policy)
    expected = _expected_ranks(result, policy)
    assert {i: int(result.ranks[i]) for i in expected} == expected


def test_a_tie_for_second_place_is_followed_by_fourth_not_third():
    # five synthetic counties plus a twin of the runner-up: ranks 1, 2, 2, 4, 5, 6 (not 1, 2, 2, 3)
    data = generate_cohort(FRAMEWORK, counties=5, seed=11)
    gates = {"pre.stations": 20, "pre.three_star": 4, "pre.four_star": 2}
    for county in data["counties"]:
        county["values"].update(gates)
        for key in [k for k in county["values"] if k.startswith("veto.")]:
            county["values"][key] = False
    first = _score(data)
    runner_up = first.ranked()[1]
    twin = copy.deepcopy(data["counties"][runner_up])
    twin["name"], twin["synthetic"] = twin["name"] + "孪生", True
    data["counties"].append(twin)
    result = _score(data)
    ranks = sorted(int(r) for r in result.ranks)
    assert ranks == [1, 2, 2, 4, 5, 6]
