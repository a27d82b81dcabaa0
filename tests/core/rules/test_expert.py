"""An evaluator's judgement between 0 and the clause's points (rule kind `expert`).

Seed, Annex 1, item 35: "涉及养老、教育、医疗、公共文化、旅游等5个重点领域，每个领域0.8分" and
"医疗领域服务质量：根据提供的…材料，结合投诉纠纷、医疗质量安全事件等情况，进行综合评价打分".
"""

import pytest

from qcounty.core.cohort import CohortError, County
from qcounty.core.framework.loader import parse_framework
from qcounty.core.scoring import score_cohort
from tests.builders import cohort_json, county_json, score


def criterion(result, cid):
    number = int(cid.split(".")[0])
    return next(c for c in result.indicators[number - 1].criteria if c.id == cid)


def one_county(values):
    return score(cohort_json([county_json("文登区", "威海市", values)])).county(0)


def test_item_35_medical_service_takes_the_evaluators_score():
    c = criterion(one_county({"i35.medical_score": 0.6}), "35.3")
    assert c.points == 0.6
    assert [m.render() for m in c.messages] == ["评审打分：0.6 分。"]


def test_item_35_medical_service_full_marks_are_0_8():
    assert criterion(one_county({"i35.medical_score": 0.8}), "35.3").points == 0.8


def test_item_35_medical_service_without_a_score_gives_0_and_asks_for_review():
    result = one_county({"i35.medical_score": None})
    c = criterion(result, "35.3")
    assert c.points == 0
    assert [(m.render(), m.review) for m in c.messages] == [
        ("尚无评审打分，暂计 0 分（待评审）。", True)
    ]
    assert "35. 尚无评审打分，暂计 0 分（待评审）。" in result.review_needed


def test_item_35_medical_score_above_0_8_is_refused_at_entry():
    with pytest.raises(CohortError) as e:
        one_county({"i35.medical_score": 0.9})
    assert "应在 0–0.8分 之间，实际为 0.9分" in e.value.problems[0]


EXPERT_ONLY = """\
schema: qcounty-framework/1
id: tiny-expert
name: 专家打分
version: "1"
provider: 测试
source: 测试
total_points: 0.8
default_evaluation_year: 2022
windows: {}
units: [{id: office, name: 办公室}]
first_level:
  - name: 一级
    points: 0.8
    second_level:
      - name: 二级
        points: 0.8
        indicators:
          - number: 1
            name: 医疗
            points: 0.8
            units: [office]
            inputs: [{key: m.score, label: 专家评分, type: number}]
            criteria:
              - {id: "1", standard: 综合评价打分。, points: 0.8, rule: {kind: expert, input: m.score}}
"""


def test_an_expert_score_is_kept_within_0_and_the_clauses_points():
    # a framework without an input maximum: 5 → 0.8, −1 → 0
    framework = parse_framework(EXPERT_ONLY, "tiny-expert.yaml")
    counties = [
        County("甲", "某市", 0, {"m.score": 5.0}),
        County("乙", "某市", 0, {"m.score": -1.0}),
    ]
    s = score_cohort(framework, counties, 2022)
    assert s.county(0).indicators[0].criteria[0].points == 0.8
    assert s.county(1).indicators[0].criteria[0].points == 0
