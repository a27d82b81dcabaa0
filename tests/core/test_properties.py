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
    EcGroup,
    EcGrowthZeroBase,
    EcMapping,
    EcThresholdFloor,
    EcZeroRange,
    EcZeroRaw,
    Policies,
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
