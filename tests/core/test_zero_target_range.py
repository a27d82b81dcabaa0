"""A target range of zero (x_s = x_h): refused unless the scheme says what d is there.

d = 60 + 40 × (x − x_s) / (x_h − x_s) divides by zero: a county exactly at the target got
0 / 0 = NaN, so no points, while one a hair above got 100 and one below 60.
"""

from __future__ import annotations

import numpy as np
import pytest

from qcounty.core.cohort import CohortError, parse_cohort
from qcounty.core.efficacy import efficacy_part
from qcounty.core.framework.loader import FrameworkError, parse_framework
from qcounty.core.framework.policies import Policies
from qcounty.core.scoring import score_cohort
from qcounty.core.selfassess import parse_targets


def scheme(policies: str, satisfactory: float = 95, unacceptable: float = 95) -> str:
    return f"""\
schema: qcounty-framework/1
id: tiny-target
name: 目标值测试体系
version: "1"
provider: 测试
source: 测试
total_points: 10
default_evaluation_year: 2022
policies: {{ec_bounds: targets{policies}}}
windows: {{}}
units: [{{id: office, name: 办公室}}]
first_level:
  - name: 质量成效
    points: 10
    second_level:
      - name: 产品质量
        points: 10
        indicators:
          - number: 1
            name: 产品质量合格率
            points: 10
            units: [office]
            inputs: [{{key: rate, label: 产品质量合格率, type: percent}}]
            criteria:
              - id: e1
                standard: 合格率达到95%的得满分。
                points: 10
                rule:
                  kind: efficacy
                  parts:
                    - value: rate
                      targets: [{{satisfactory: {satisfactory}, unacceptable: {unacceptable}}}]
"""


def test_a_scheme_with_equal_targets_is_refused_saying_why_and_what_to_do():
    with pytest.raises(FrameworkError) as e:
        parse_framework(scheme(""), "tiny-target.yaml")
    (problem,) = [p for _, p in e.value.problems]
    assert problem.startswith("satisfactory and unacceptable are both 95: d = 60 + 40 ×")
    assert "write policies.ec_zero_range" in problem


@pytest.mark.parametrize(("policy", "at_target"), [("full", 10.0), ("sixty_flag", 6.0)])
def test_a_scheme_that_sets_ec_zero_range_defines_d_at_the_target(policy, at_target):
    f = parse_framework(scheme(f", ec_zero_range: {policy}"), "tiny-target.yaml")
    data = {
        "format": "qcounty-cohort/1",
        "framework": f.id,
        "evaluation_year": 2022,
        "counties": [
            {"name": name, "city": "某市", "values": {"rate": rate}}
            for name, rate in [("甲", 95.0), ("乙", 97.0), ("丙", 90.0)]
        ],
    }
    score = score_cohort(f, parse_cohort(data, f))
    # at the target: d as the policy says; above it 100 (10 points); below it 60 (6 points)
    assert score.totals.tolist() == [at_target, 10.0, 6.0]
    assert not np.isnan(score.totals).any()


def test_the_engine_never_gives_nan_at_a_zero_target_range():
    x = np.array([95.0, 95.0, 94.0, 96.0])
    r = efficacy_part(
        x,
        group=np.ones(4, dtype=bool),
        group_ids=np.zeros(4, dtype=np.int64),
        policies=Policies(),
        targets={0: (95.0, 95.0)},
    )
    assert r.d.tolist() == [100.0, 100.0, 60.0, 100.0]
    lower = efficacy_part(
        x,
        group=np.ones(4, dtype=bool),
        group_ids=np.zeros(4, dtype=np.int64),
        policies=Policies(),
        higher_is_better=False,
        targets={0: (95.0, 95.0)},
    )
    assert lower.d.tolist() == [100.0, 100.0, 100.0, 60.0]  # lower is better: 94 reaches it


def targets_file(satisfactory: float, unacceptable: float) -> dict:
    return {
        "format": "qcounty-targets/1",
        "framework": "tiny-target",
        "targets": {"rate": {"satisfactory": satisfactory, "unacceptable": unacceptable}},
    }


def test_a_targets_file_with_equal_values_is_refused_unless_the_scheme_defines_it():
    plain = parse_framework(scheme("", 100, 80), "tiny-target.yaml")
    with pytest.raises(CohortError) as e:
        parse_targets(targets_file(90, 90), plain)
    assert e.value.problems == [
        "“rate”的满意值与不允许值都是 90，功效系数 d 的分母为零，无法计算：请写两个不同的值，"
        "或由评价体系在 policies 中写明 ec_zero_range（full：恰为该值时 d = 100；sixty_flag："
        "d = 60）。"
    ]
    defined = parse_framework(scheme(", ec_zero_range: full", 100, 80), "tiny-target.yaml")
    assert parse_targets(targets_file(90, 90), defined) == {"rate": {0: (90.0, 90.0)}}
