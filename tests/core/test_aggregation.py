"""A node's points as a weighted geometric mean or the minimum of its children's shares.

The published worked example (改进功效系数法举例, "某地区四个公司经济效益指标", e.g.
https://www.bwwdw.com/article/fryi.html): company 丁's four efficacy values are
d = 75.368, 96.844, 74.940, 83.404, and its total efficacy "是按几何平均计算的":
D = (75.368 × 96.844 × 74.940 × 83.404)^(1/4) = 45,620,524.93^(1/4) = 82.185,
where a weighted sum gives (75.368 + 96.844 + 74.940 + 83.404) / 4 = 82.639.
The public copy does not show the companies' raw values legibly, so the first test feeds values
that give exactly those d's against targets 0 (不允许值) and 100 (满意值): x = (d − 60) × 2.5.
"""

from __future__ import annotations

import pytest

from qcounty.core.cohort import parse_cohort
from qcounty.core.framework.loader import parse_framework
from qcounty.core.scoring import CohortScore, score_cohort


def _scheme(parts: list[tuple[str, float]], policies: str, aggregation: str) -> str:
    total = sum(p for _, p in parts)
    indicators = []
    for n, (name, points) in enumerate(parts, start=1):
        indicators.append(
            f"""\
          - number: {n}
            name: {name}
            points: {points:g}
            units: [office]
            inputs: [{{key: x{n}, label: {name}, type: number}}]
            criteria:
              - id: e{n}
                standard: 按功效系数法计算得分。
                points: {points:g}
                rule:
                  kind: efficacy
                  parts: [{{value: x{n}, targets: [{{satisfactory: 100, unacceptable: 0}}]}}]"""
        )
    return (
        f"""\
schema: qcounty-framework/1
id: tiny-ec
name: 功效系数法示例
version: "1"
provider: 测试
source: 测试
total_points: {total:g}
default_evaluation_year: 2022
policies: {{{policies}}}
windows: {{}}
units: [{{id: office, name: 办公室}}]
first_level:
  - name: 经济效益
    points: {total:g}
    second_level:
      - name: 经济效益
        points: {total:g}
        aggregation: {aggregation}
        indicators:
"""
        + "\n".join(indicators)
        + "\n"
    )


def _score(text: str, companies: list[tuple[str, dict[str, float]]]) -> CohortScore:
    f = parse_framework(text, "tiny-ec.yaml")
    data = {
        "format": "qcounty-cohort/1",
        "framework": f.id,
        "evaluation_year": 2022,
        "counties": [{"name": n, "city": "某地区", "values": v} for n, v in companies],
    }
    return score_cohort(f, parse_cohort(data, f))


PUBLISHED_D = [75.368, 96.844, 74.940, 83.404]
FOUR = [("总资产贡献率", 25), ("资本保值增值率", 25), ("资产负债率", 25), ("流动资产周转率", 25)]
TARGETS = "ec_bounds: targets, ec_mapping: d_over_100"


def test_the_published_total_efficacy_is_the_geometric_mean_of_the_ds():
    values = {f"x{n}": (d - 60) * 2.5 for n, d in enumerate(PUBLISHED_D, start=1)}
    geometric = _score(_scheme(FOUR, TARGETS, "geometric"), [("丁公司", values)])
    ding = geometric.county(0)
    # each indicator: 25 × d / 100, e.g. 25 × 0.75368 = 18.842
    assert [i.points for i in ding.indicators] == pytest.approx([d / 4 for d in PUBLISHED_D])
    # total: 100 × Π (d / 100)^(25/100) = Π d^(1/4) = 82.18453 → published 82.185
    assert round(ding.total, 3) == 82.185
    assert [m.render() for m in ding.second_level[0].notes] == [
        "经济效益 按各项得分率的加权几何平均计（权重为各项分值占比）：100 × Π 得分率^权重 = 82.1845 分。"
    ]
    summed = _score(_scheme(FOUR, TARGETS, "sum"), [("丁公司", values)])
    assert round(summed.county(0).total, 3) == 82.639  # the weighted sum the engine gave before


COHORT_BOUNDS = "ec_bounds: cohort, ec_mapping: d_over_100, ec_group: all"
TWO = [("利润率", 60), ("周转率", 40)]
# x_h = the group's maximum, x_s = its minimum:
#   利润率 甲 10, 乙 20, 丙 15 → d = 60, 100, 60 + 40 × 5/10 = 80
#   周转率 甲 8, 乙 2, 丙 4   → d = 100, 60, 60 + 40 × 2/6 = 73.333
THREE = [("甲", {"x1": 10, "x2": 8}), ("乙", {"x1": 20, "x2": 2}), ("丙", {"x1": 15, "x2": 4})]


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [
        # 甲 36 + 40 = 76; 乙 60 + 24 = 84; 丙 0.8 × 60 + 0.7333 × 40 = 48 + 29.333 = 77.333
        ("sum", [76, 84, 77.333333]),
        # 100 × 0.6^0.6 × 1^0.4 = 73.602; 100 × 1^0.6 × 0.6^0.4 = 81.519;
        # 100 × 0.8^0.6 × 0.7333^0.4 = 100 × e^(0.6 ln 0.8 + 0.4 ln 0.7333) = 77.264
        ("geometric", [73.602192, 81.519311, 77.263533]),
        # 100 × min(0.6, 1) = 60; 100 × min(1, 0.6) = 60; 100 × min(0.8, 0.7333) = 73.333
        ("minimum", [60, 60, 73.333333]),
    ],
)
def test_a_hand_computed_cohort_under_each_aggregation(aggregation, expected):
    score = _score(_scheme(TWO, COHORT_BOUNDS, aggregation), THREE)
    assert [score.county(i).total for i in range(3)] == pytest.approx(expected, abs=1e-6)


def test_the_minimum_is_explained_on_its_node():
    bing = _score(_scheme(TWO, COHORT_BOUNDS, "minimum"), THREE).county(2)
    assert bing.second_level[0].points == pytest.approx(73.333333)
    assert [m.render() for m in bing.second_level[0].notes] == [
        "经济效益 按各项中最低的得分率计：100 × 最低得分率 = 73.3333 分。"
    ]


def test_a_first_level_node_and_the_total_may_aggregate_too():
    # two first-level nodes of 60 and 40 (one indicator each), the total their geometric mean:
    # the same numbers as the geometric case above, one level up
    text = _scheme(TWO, COHORT_BOUNDS, "sum")
    head, tail = text.split("first_level:\n")
    one, two = tail.split("          - number: 2\n")
    split = (
        head.replace("policies:", "aggregation: geometric\npolicies:")
        + "first_level:\n"
        + one.replace("points: 100", "points: 60")
        + "  - name: 运营\n    points: 40\n    second_level:\n      - name: 运营\n"
        + "        points: 40\n        aggregation: sum\n        indicators:\n"
        + "          - number: 2\n"
        + two
    )
    score = _score(split, THREE)
    assert [score.county(i).total for i in range(3)] == pytest.approx(
        [73.602192, 81.519311, 77.263533], abs=1e-6
    )
