"""A broken framework file is refused at load with problems that say where and what.

`FrameworkError.problems` is a list of (YAML path, message); a problem the tree alone cannot
place (a reference across the file) names the indicator and criterion in its message.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from qcounty.core.framework.loader import FrameworkError, parse_framework

QCOUNTY = Path(sys.executable).parent / "qcounty"  # the console script of this environment

TINY = """\
schema: qcounty-framework/1
id: tiny-test
name: 小型测试体系
version: "1"
provider: 测试
source: 测试
total_points: 10
default_evaluation_year: 2022
windows:
  last_year: {label: 近一年, start: -1, end: -1}
units:
  - {id: office, name: 办公室}
first_level:
  - name: 一级
    points: 10
    second_level:
      - name: 二级
        points: 10
        indicators:
          - number: 1
            name: 口号
            points: 4
            units: [office]
            inputs:
              - {key: a.flag, label: 有口号, type: bool}
            criteria:
              - id: "1"
                standard: 有，得4分；无，不得分。
                points: 4
                rule: {kind: flag, when: [a.flag]}
          - number: 2
            name: 模式
            points: 6
            units: [office]
            inputs:
              - key: b.level
                label: 模式
                type: choice
                options:
                  - {id: good, label: 好}
                  - {id: some, label: 一般}
                  - {id: none, label: 无}
            criteria:
              - id: "2"
                standard: 好，得6分；一般，得3分；无，不得分。
                points: 6
                rule: {kind: levels, input: b.level, points: {good: 6, some: 3, none: 0}}
"""

INDICATOR_1 = "first_level[0].second_level[0].indicators[0] (indicator 1)"
RULE_1 = "first_level[0].second_level[0].indicators[0].criteria[0].rule (indicator 1)"


def broken(old, new):
    """Return the problems of TINY with one piece of text replaced."""
    assert old in TINY
    with pytest.raises(FrameworkError) as e:
        parse_framework(TINY.replace(old, new, 1), "bad.yaml")
    assert e.value.source == "bad.yaml"
    return e.value.problems


def shown(problems):
    return "\n".join(f"{path}: {message}" for path, message in problems)


def test_the_tiny_framework_is_valid():
    f = parse_framework(TINY, "tiny.yaml")
    assert [i.number for i in f.indicators()] == [1, 2]


def test_bad_yaml_syntax_names_the_line_and_column():
    # an unclosed flow sequence on indicator 2's units line: the parser stops at the ':' of the
    # next line ("inputs:"), column 19
    old = "units: [office]\n            inputs:\n              - key: b.level"
    problems = broken(old, old.replace("[office]", "[office"))
    lines = TINY.splitlines()
    units_line = (
        lines.index("            units: [office]", lines.index("          - number: 2")) + 1
    )
    assert problems == [
        (f"line {units_line + 1}, column 19", "not valid YAML: expected ',' or ']', but got ':'")
    ]


def test_a_key_given_twice_names_the_line_of_the_second_one():
    problems = broken('version: "1"\n', 'version: "1"\nname: 又一个名称\n')
    assert problems == [("line 5, column 1", "not valid YAML: key 'name' is given twice")]


def test_an_unknown_rule_kind_names_the_rule_and_the_kinds_there_are():
    problems = broken("kind: flag", "kind: yes_no")
    ((where, message),) = problems
    assert where == RULE_1
    assert "'yes_no'" in message
    assert "'flag'" in message and "'efficacy'" in message


def test_a_reference_to_an_unknown_value_names_the_criterion_and_the_value():
    problems = broken("when: [a.flag]", "when: [a.flga]")
    text = shown(problems)
    assert (
        "first_level[0].second_level[0].indicators[0].criteria[0].rule (indicator 1): "
        "unknown value 'a.flga'"
    ) in text


def test_points_that_do_not_add_up_to_the_parent_name_the_parent_and_both_numbers():
    # indicator 2 lowered to 5 (and its criterion with it): 4 + 5 = 9, not 10
    text = TINY.replace("points: 6\n            units", "points: 5\n            units")
    text = text.replace("points: 6\n                rule", "points: 5\n                rule")
    text = text.replace("{good: 6, some: 3, none: 0}", "{good: 5, some: 3, none: 0}")
    with pytest.raises(FrameworkError) as e:
        parse_framework(text, "bad.yaml")
    assert ("first_level[0].second_level[0].indicators", "points add up to 9, not '二级' 10") in (
        e.value.problems
    )


def test_first_level_points_that_do_not_add_up_to_the_total_are_refused():
    problems = broken("total_points: 10", "total_points: 12")
    assert ("first_level", "points add up to 10, not total_points 12") in problems


def test_a_criterion_exceeding_its_indicator_without_a_cumulative_cap_names_the_indicator():
    problems = broken("points: 4\n                rule", "points: 5\n                rule")
    assert problems == [
        (
            INDICATOR_1,
            "criteria add up to 5.0, more than the indicator's 4.0: quote the seed's cap in cumulative_cap",
        )
    ]


def test_criteria_may_exceed_their_indicator_when_the_seeds_cap_is_quoted():
    text = TINY.replace("points: 4\n                rule", "points: 5\n                rule")
    text = text.replace(
        "            points: 4\n            units: [office]\n",
        "            points: 4\n            cumulative_cap: 累计不超过4分。\n"
        "            units: [office]\n",
    )
    assert parse_framework(text, "capped.yaml").indicator(1).cumulative_cap == "累计不超过4分。"


def test_criteria_that_cannot_reach_their_indicators_points_are_refused():
    problems = broken("points: 4\n                rule", "points: 3\n                rule")
    assert problems == [(INDICATOR_1, "criteria add up to 3.0, less than the indicator's 4.0")]


def test_an_input_that_no_rule_reads_is_named():
    problems = broken(
        "- {key: a.flag, label: 有口号, type: bool}",
        "- {key: a.flag, label: 有口号, type: bool}\n"
        "              - {key: a.extra, label: 多余的字段, type: bool}",
    )
    assert "input 'a.extra' is read by no rule: use it, or mark it informational" in shown(problems)


def test_an_informational_input_need_not_be_read():
    text = TINY.replace(
        "- {key: a.flag, label: 有口号, type: bool}",
        "- {key: a.flag, label: 有口号, type: bool}\n"
        "              - {key: a.note, label: 说明, type: text, informational: true}",
    )
    assert parse_framework(text, "ok.yaml").input_or_none("a.note") is not None


def test_efficacy_weights_not_adding_up_to_1_name_the_rule_and_the_sum():
    text = TINY.replace(
        "- {key: a.flag, label: 有口号, type: bool}",
        "- {key: a.x, label: 数量, type: number}\n"
        "              - {key: a.y, label: 增长率, type: number}",
    )
    text = text.replace(
        "rule: {kind: flag, when: [a.flag]}",
        "rule: {kind: efficacy, parts: [{value: a.x, weight: 0.6}, {value: a.y, weight: 0.3}]}",
    )
    with pytest.raises(FrameworkError) as e:
        parse_framework(text, "bad.yaml")
    ((where, message),) = e.value.problems
    assert where == RULE_1
    assert re.fullmatch(r"part weights add up to 0\.(9|89999\d*), not 1", message)  # 0.6 + 0.3


def test_a_levels_rule_missing_an_option_names_the_criterion_and_the_options():
    problems = broken("{good: 6, some: 3, none: 0}", "{good: 6, some: 3}")
    assert (
        "first_level[0].second_level[0].indicators[1].criteria[0].rule (indicator 2)",
        "levels must give points for exactly the options ['good', 'some', 'none']",
    ) in problems


def test_a_levels_rule_on_an_input_that_is_not_a_choice_is_refused():
    problems = broken("rule: {kind: levels, input: b.level", "rule: {kind: levels, input: a.flag")
    assert (
        "first_level[0].second_level[0].indicators[1].criteria[0].rule (indicator 2)",
        "levels needs a choice input, 'a.flag' is not one",
    ) in problems


def test_a_unit_that_is_not_declared_is_named():
    problems = broken(
        "units: [office]\n            inputs:\n              - {key: a.flag",
        "units: [officer]\n            inputs:\n              - {key: a.flag",
    )
    assert (
        "first_level[0].second_level[0].indicators[0].units[0] (indicator 1)",
        "unknown unit 'officer'; declare it under units",
    ) in problems


def test_an_unknown_field_is_refused_with_its_path():
    problems = broken(
        "            points: 4\n            units", "            pionts: 4\n            units"
    )
    paths = [path for path, _ in problems]
    assert f"{INDICATOR_1}.pionts" in paths or INDICATOR_1 in paths
    assert any("pionts" in path or "pionts" in message for path, message in problems)


def test_the_error_text_names_the_file_the_path_and_the_problem():
    with pytest.raises(FrameworkError) as e:
        parse_framework(TINY.replace("kind: flag", "kind: yes_no"), "bad.yaml")
    assert str(e.value).startswith(f"bad.yaml: {RULE_1}: Input tag 'yes_no'")


def test_framework_check_on_a_broken_file_exits_with_2_and_prints_the_path(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        TINY.replace("points: 4\n                rule", "points: 5\n                rule"),
        encoding="utf-8",
    )
    out = subprocess.run(
        [str(QCOUNTY), "framework", "check", str(bad)], capture_output=True, text=True
    )
    assert out.returncode == 2
    assert INDICATOR_1 in out.stderr
    assert "criteria add up to 5.0" in out.stderr


def test_framework_check_on_a_good_file_exits_with_0(tmp_path):
    good = tmp_path / "tiny-test.yaml"  # a file is named after its id
    good.write_text(TINY, encoding="utf-8")
    out = subprocess.run(
        [str(QCOUNTY), "framework", "check", str(good)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "2 个三级指标" in out.stdout


def test_the_fast_yaml_reader_reads_every_bundled_framework_as_the_python_one():
    from importlib import resources

    import yaml

    from qcounty.core.framework.loader import (
        _FastUniqueKeyLoader,
        _UniqueKeyLoader,
        bundled_ids,
    )

    for name in bundled_ids():
        text = (resources.files("qcounty") / "frameworks" / f"{name}.yaml").read_text("utf-8")
        fast = yaml.load(text, Loader=_FastUniqueKeyLoader)
        assert fast == yaml.load(text, Loader=_UniqueKeyLoader), name


def test_a_checklist_rule_on_an_input_that_is_not_a_checklist_is_refused():
    problems = broken(
        "rule: {kind: flag, when: [a.flag]}", "rule: {kind: checklist, input: a.flag, deduct: 1}"
    )
    assert (RULE_1, "checklist needs a checklist input, 'a.flag' is not one") in problems
