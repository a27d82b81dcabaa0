"""A scheme's file is named after its id, the id carries the version, and wording is checked.

The issue's cases: a file `…-2019.yaml` whose id is still `…-2018` scored and then failed on
`--framework <id>`; a checklist "每缺少一个方面扣0.1分，没有制定的不得分" gave 0.4 with nothing ticked.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from qcounty.core.cohort import parse_cohort
from qcounty.core.framework.loader import FrameworkError, load_framework, parse_framework
from qcounty.core.scoring import score_cohort

SCHEME = """\
schema: qcounty-framework/1
id: tiny-plan-2018
name: 规划测试
version: "2018"
provider: 测试
source: 测试
total_points: 0.5
default_evaluation_year: 2018
windows: {}
units: [{id: office, name: 办公室}]
first_level:
  - name: 一级
    points: 0.5
    second_level:
      - name: 二级
        points: 0.5
        indicators:
          - number: 1
            name: 质量发展规划
            points: 0.5
            units: [office]
            inputs:
              - key: plan.aspects
                label: 规划涵盖的方面
                type: checklist
                options:
                  - {id: product, label: 产品质量}
                  - {id: project, label: 工程质量}
                  - {id: service, label: 服务质量}
                  - {id: environment, label: 环境质量}
                  - {id: ecology, label: 生态质量}
                  - {id: system, label: 体系建设}
            criteria:
              - id: a1
                standard: 制定质量发展规划的得0.5分，每缺少一个方面扣0.1分，没有制定的不得分。
                points: 0.5
                rule: {kind: checklist, input: plan.aspects, deduct: 0.1}
"""

RULE = "first_level[0].second_level[0].indicators[0].criteria[0].rule (indicator 1)"


def test_a_checklist_whose_deductions_already_reach_zero_passes():
    # six aspects: 0.5 − 6 × 0.1 < 0, so nothing ticked scores 0 as the text says
    assert parse_framework(SCHEME, "tiny-plan-2018.yaml").indicator(1).points == 0.5


def test_a_checklist_that_gives_points_for_nothing_against_its_text_is_refused():
    # four aspects: 0.5 − 4 × 0.1 = 0.1 with nothing ticked, against "没有制定的不得分"
    four = SCHEME.replace("                  - {id: ecology, label: 生态质量}\n", "").replace(
        "                  - {id: system, label: 体系建设}\n", ""
    )
    with pytest.raises(FrameworkError) as e:
        parse_framework(four, "tiny-plan-2018.yaml")
    assert e.value.problems == [
        (
            RULE,
            "the standard says nothing present scores nothing, but with none of the 4 items "
            "the checklist gives 0.1 points: add none_scores_zero: true",
        )
    ]


def test_none_scores_zero_gives_nothing_when_nothing_is_ticked():
    four = SCHEME.replace("                  - {id: ecology, label: 生态质量}\n", "").replace(
        "                  - {id: system, label: 体系建设}\n", ""
    )
    f = parse_framework(
        four.replace("deduct: 0.1}", "deduct: 0.1, none_scores_zero: true}"),
        "tiny-plan-2018.yaml",
    )
    data = {
        "format": "qcounty-cohort/1",
        "framework": f.id,
        "evaluation_year": 2018,
        "counties": [
            {"name": "甲", "city": "某市", "values": {"plan.aspects": []}},
            {"name": "乙", "city": "某市", "values": {"plan.aspects": ["product"]}},
        ],
    }
    score = score_cohort(f, parse_cohort(data, f))
    jia, yi = score.county(0), score.county(1)
    # 甲: nothing ticked → 0 (not 0.5 − 4 × 0.1 = 0.1); 乙: 0.5 − 3 × 0.1 = 0.2
    assert jia.total == 0 and yi.total == pytest.approx(0.2)
    assert [m.render() for m in jia.indicators[0].criteria[0].messages] == [
        "规划涵盖的方面：一项也不具备，不得分。"
    ]


def test_a_file_whose_name_is_not_its_id_is_refused_with_the_fix(tmp_path):
    ok = SCHEME.replace("deduct: 0.1}", "deduct: 0.1, none_scores_zero: true}")
    path = tmp_path / "tiny-plan-2019.yaml"
    path.write_text(ok, encoding="utf-8")
    with pytest.raises(FrameworkError) as e:
        load_framework(path)
    assert e.value.problems == [
        (
            "id",
            "is 'tiny-plan-2018', but the file is named 'tiny-plan-2019.yaml': name the file "
            "tiny-plan-2018.yaml, so that --framework tiny-plan-2018 finds it; a new version of "
            "a scheme is a new file with a new id (e.g. …-2019) and version",
        )
    ]
    good = tmp_path / "tiny-plan-2018.yaml"
    good.write_text(ok, encoding="utf-8")
    assert load_framework(good).id == "tiny-plan-2018"


def test_an_id_naming_another_year_than_the_version_is_refused():
    ok = SCHEME.replace("deduct: 0.1}", "deduct: 0.1, none_scores_zero: true}")
    with pytest.raises(FrameworkError) as e:
        parse_framework(ok.replace('version: "2018"', 'version: "2019"'), "tiny-plan-2018.yaml")
    assert e.value.problems == [
        (
            "version",
            "is '2019', but the id 'tiny-plan-2018' names 2018: a scheme's id carries its version",
        )
    ]


def test_framework_check_refuses_a_misnamed_file(tmp_path):
    ok = SCHEME.replace("deduct: 0.1}", "deduct: 0.1, none_scores_zero: true}")
    path = tmp_path / "tiny-plan-2019.yaml"
    path.write_text(ok, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "qcounty.cli", "framework", "check", str(path)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "name the file tiny-plan-2018.yaml" in out.stderr
