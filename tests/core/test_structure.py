"""Caps above the indicator, bonus and deduction blocks, grades and a forcing gate.

A tiny scheme shaped like the public texts: Guangdong 2018 名牌产品 质保能力 ("该项最高不超过
210分", here 8 points capped at 6), a 加分项 block capped at 1, a 扣分项 block "每发现一次扣0.5分，
最多扣2分", and A/B/C/D bands with "发生…事件的，考核结果一律为D级".
"""

from __future__ import annotations

from typing import Any

import pytest

from qcounty.core.cohort import parse_cohort
from qcounty.core.framework.loader import FrameworkError, parse_framework
from qcounty.core.scoring import CohortScore, score_cohort

SCHEME = """\
schema: qcounty-framework/1
id: tiny-structure
name: 结构测试体系
version: "1"
provider: 测试
source: 测试
total_points: 10
default_evaluation_year: 2022
windows: {}
units: [{id: office, name: 办公室}]
grades:
  - {grade: A级, at_least: 9}
  - {grade: B级, at_least: 8}
  - {grade: C级, at_least: 6}
  - {grade: D级}
gates:
  - id: incident
    kind: veto
    name: 否决项
    statement: 未发生区域性、系统性质量安全事件
    standard: 发生区域性、系统性产品质量安全事件的，考核结果一律为D级。
    consequence: 考核结果一律为D级
    forces_grade: D级
    units: [office]
    inputs: [{key: g.no_incident, label: 未发生质量安全事件, type: bool}]
    passes_when: [g.no_incident]
first_level:
  - name: 质量评价
    points: 10
    second_level:
      - name: 实物质量
        points: 4
        indicators:
          - number: 1
            name: 主要性能指标
            points: 4
            units: [office]
            inputs: [{key: a.score, label: 专家评分, type: number}]
            criteria:
              - {id: p1, standard: 综合评价。, points: 4, rule: {kind: expert, input: a.score}}
      - name: 质保能力
        cap: 6
        cap_text: 该项最高不超过6分
        indicators:
%(items)s
  - name: 加分项
    block: bonus
    cap: 1
    second_level:
      - name: 创新
        points: 2
        indicators:
          - number: 6
            name: 质量奖
            points: 1
            units: [office]
            inputs: [{key: b.award, label: 获质量奖, type: bool}]
            criteria:
              - {id: b1, standard: 获奖加1分。, points: 1, rule: {kind: flag, when: [b.award]}}
          - number: 7
            name: 标准制定
            points: 1
            units: [office]
            inputs: [{key: b.standard, label: 主导制定标准, type: bool}]
            criteria:
              - {id: b2, standard: 主导制定加1分。, points: 1, rule: {kind: flag, when: [b.standard]}}
  - name: 扣分项
    block: deduction
    points: 2
    second_level:
      - name: 监督抽查
        points: 2
        indicators:
          - number: 8
            name: 抽查不合格
            points: 2
            units: [office]
            inputs: [{key: d.failed, label: 监督抽查不合格, type: count, unit: 次}]
            criteria:
              - id: d1
                standard: 每发现一次扣0.5分，最多扣2分。
                points: 2
                rule: {kind: deduct, value: d.failed, each: 0.5}
"""

ITEMS = [(2, "体系认证", 3), (3, "标准化", 2), (4, "名牌产品", 2), (5, "驰名商标", 1)]


def _items() -> str:
    out = []
    for number, name, points in ITEMS:
        out.append(
            f"          - number: {number}\n"
            f"            name: {name}\n"
            f"            points: {points}\n"
            "            units: [office]\n"
            f"            inputs: [{{key: q.i{number}, label: {name}, type: bool}}]\n"
            "            criteria:\n"
            f"              - {{id: q{number}, standard: 具备得{points}分。, points: {points}, "
            f"rule: {{kind: flag, when: [q.i{number}]}}}}"
        )
    return "\n".join(out)


TEXT = SCHEME % {"items": _items()}


def _score(text: str, counties: list[dict[str, Any]]) -> CohortScore:
    f = parse_framework(text, "tiny-structure.yaml")
    data = {
        "format": "qcounty-cohort/1",
        "framework": f.id,
        "evaluation_year": 2022,
        "counties": [{"name": name, "city": "某市", "values": v} for name, v in counties],
    }
    return score_cohort(f, parse_cohort(data, f))


def _values(score: float, items: list[int], bonus: list[str], failed: int, incident: bool = False):
    values: dict[str, Any] = {"a.score": score, "d.failed": failed, "g.no_incident": not incident}
    values |= {f"q.i{n}": n in items for n, _, _ in ITEMS}
    values |= {"b.award": "award" in bonus, "b.standard": "standard" in bonus}
    return values


COHORT = [
    # 甲: 4 + min(6, 3+2+2+1 = 8) = 10; bonus min(1, 1+1) = 1; deduct 1 × 0.5 = 0.5;
    #     10 + 1 − 0.5 = 10.5, capped at the full marks 10 → 10, A级 (≥ 9)
    ("甲县", _values(4, [2, 3, 4, 5], ["award", "standard"], 1)),
    # 乙: 2 + (3 + 2) = 7; bonus 1; deduct min(2, 5 × 0.5 = 2.5) = 2; 7 + 1 − 2 = 6 → C级 (6 ≤ 6 < 8)
    ("乙县", _values(2, [2, 3], ["award"], 5)),
    # 丙: 3.5 + min(6, 2+2+1 = 5) = 8.5 → B级 by its total, but the veto forces D级
    ("丙县", _values(3.5, [3, 4, 5], [], 0, incident=True)),
]


def test_a_capped_node_counts_its_cap_and_says_so_in_words():
    score = _score(TEXT, COHORT)
    jia = score.county(0)
    quality = jia.second_level[1]
    assert (quality.name, quality.max, quality.points) == ("质保能力", 6, 6)
    assert [m.render() for m in quality.notes] == ["质保能力 各项合计 8 分，封顶 6 分。"]
    yi = score.county(1)
    assert yi.second_level[1].points == 5 and yi.second_level[1].notes == []  # 5 < 6: no cap


def test_bonus_and_deduction_blocks_stand_outside_the_full_marks():
    score = _score(TEXT, COHORT)
    jia, yi, bing = (score.county(i) for i in range(3))
    assert (jia.base, jia.bonus, jia.deduction, jia.total) == (10, 1, 0.5, 10)
    assert jia.notes[0].render() == (
        "基础分 10 分，加分 1 分，扣分 0.5 分，总分以满分 10 分为限，计 10 分。"
    )
    assert (yi.base, yi.bonus, yi.deduction, yi.total) == (7, 1, 2, 6)
    assert [s.points for s in yi.first_level] == [7, 1, -2]  # the deduction block shows −2
    assert [s.block for s in yi.first_level] == ["base", "bonus", "deduction"]
    assert [m.render() for m in jia.first_level[1].notes] == ["加分项 各项合计 2 分，封顶 1 分。"]
    assert bing.total == 8.5


def test_a_deduction_reads_as_a_deduction():
    score = _score(TEXT, COHORT)
    d1 = score.county(1).indicators[7].criteria[0]
    assert [m.render() for m in d1.messages] == [
        "监督抽查不合格：5 次，每次扣 0.5 分，扣 2 分（共 2.5 分，最多扣 2 分）。"
    ]
    assert [m.render() for m in score.county(0).indicators[7].criteria[0].messages] == [
        "监督抽查不合格：1 次，每次扣 0.5 分，扣 0.5 分。"
    ]


def test_grades_come_from_the_bands_and_a_failed_veto_forces_d():
    score = _score(TEXT, COHORT)
    assert [score.county(i).grade for i in range(3)] == ["A级", "C级", "D级"]
    assert score.county(2).notes[-1].render() == "否决项：考核结果一律为D级，评定为D级。"
    assert score.county(1).notes[-1].render() == "总分 6 分（6分及以上），评定为C级。"
    assert score.county(1).to_dict(2)["grade"] == "C级"


def test_the_total_may_be_reported_as_base_plus_bonus():
    text = TEXT.replace("total_points: 10\n", "total_points: 10\ntotal_mode: base_plus_bonus\n")
    score = _score(text, COHORT)
    assert score.county(0).total == 10.5  # 10 + 1 − 0.5, not capped at 10


def test_a_grade_gate_forces_the_grade_and_leaves_the_ranking_alone():
    text = TEXT.replace("kind: veto", "kind: grade")
    score = _score(text, COHORT)
    bing = score.county(2)
    assert (bing.status.value, bing.grade, bing.rank) == ("eligible", "D级", 2)  # 8.5 > 6


def test_a_capped_group_of_indicators_counts_its_cap():
    # the same items as a named group within an uncapped node of 4 + 6 = 10 points
    text = TEXT.replace(
        "        cap: 6\n        cap_text: 该项最高不超过6分\n", "        points: 6\n"
    ).replace(
        "grades:",
        "groups:\n  - {id: quality, name: 质保能力, cap: 6, indicators: [2, 3, 4, 5]}\ngrades:",
    )
    score = _score(text, COHORT)
    jia = score.county(0)
    assert jia.second_level[1].points == 6
    assert [m.render() for m in jia.indicators[4].notes] == [
        "质保能力（第 2–5 项）各项合计 8 分，封顶 6 分。"
    ]


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            "        cap: 6\n        cap_text: 该项最高不超过6分\n",
            "        points: 6\n",
            "first_level[0].second_level[1].indicators",
            "points add up to 8, not '质保能力' 6",
        ),
        (
            "        cap: 6\n",
            "        cap: 9\n",
            "first_level[0].second_level[1].indicators",
            "points add up to 8, not above '质保能力' cap 9: a cap that never binds is a typo; write points instead",
        ),
        (
            "    cap: 1\n    second_level:",
            "    points: 1\n    second_level:",
            "first_level[1].second_level",
            "points add up to 2, not '加分项' 1",
        ),
        (
            "    forces_grade: D级\n",
            "    forces_grade: E级\n",
            "gates[0].forces_grade",
            "unknown grade 'E级'; grades: ['A级', 'B级', 'C级', 'D级']",
        ),
        (
            "  - {grade: B级, at_least: 8}\n",
            "  - {grade: B级, at_least: 9.5}\n",
            "grades[1].at_least",
            "list bands best first, each bound below the one before",
        ),
        (
            "    block: deduction\n",
            "    block: deduction\n    aggregation: minimum\n",
            "first_level[2].aggregation",
            "a deduction block adds up what it takes off: sum only",
        ),
    ],
)
def test_sums_caps_and_grades_are_checked_at_load(old, new, path, message):
    assert old in TEXT
    with pytest.raises(FrameworkError) as e:
        parse_framework(TEXT.replace(old, new, 1), "bad.yaml")
    assert (path, message) in e.value.problems


def test_a_group_must_lie_in_one_node_and_bind():
    text = TEXT.replace(
        "grades:", "groups:\n  - {id: g, name: 跨节点, cap: 3, indicators: [1, 2]}\ngrades:"
    )
    with pytest.raises(FrameworkError) as e:
        parse_framework(text, "bad.yaml")
    assert ("groups[0].indicators", "a group's indicators lie in one second-level node") in (
        e.value.problems
    )


def test_the_self_assessment_range_adds_up_through_caps_and_blocks():
    # no efficacy criterion: floor = ceiling = total, not the plain sum of the indicators
    # (4 + 3 + 2 + 2 + 1 + 1 + 1 + 1.5 = 15.5 for 甲)
    score = _score(TEXT, COHORT)
    for i in range(3):
        r = score.county(i)
        assert r.floor == r.ceiling == r.total
