"""Pages word a scheme's gates by what they do: a grade gate is no prerequisite."""

from __future__ import annotations

from typing import Any

from qcounty.core.framework.loader import load_framework, parse_framework, resolve
from qcounty.web.gatewords import gate_word_of_input, gates_title
from qcounty.web.schemes.summary import gate_kind_text

ANHUI = resolve("anhui-quality-work-2014").read_text(encoding="utf-8")
# Anhui's veto turned into a gate on the grade only: it forces D级 and keeps the city ranked
GRADE_ONLY = parse_framework(
    ANHUI.replace("    kind: veto\n", "    kind: grade\n", 1), "anhui-quality-work-2014.yaml"
)


def test_shandong_keeps_its_words() -> None:
    shandong = load_framework("shandong-county-2022")
    assert gates_title(shandong) == "前置指标与一票否决项"
    assert gates_title(shandong, "或") == "前置指标或一票否决项"


def test_a_grade_gate_is_worded_as_a_grade_gate_not_a_prerequisite() -> None:
    gate = GRADE_ONLY.gates[0]
    assert gate.kind == "grade"
    assert gates_title(GRADE_ONLY) == "等级门槛"
    assert gate_word_of_input(GRADE_ONLY, gate.inputs[0].key) == "等级门槛"
    assert gate_kind_text(gate) == "等级门槛（不达标时等级定为D级，仍参与排名）"


def test_a_veto_input_is_worded_as_a_veto() -> None:
    anhui = load_framework("anhui-quality-work-2014")
    assert gate_word_of_input(anhui, anhui.gates[0].inputs[0].key) == "一票否决项"
    assert gate_kind_text(anhui.gates[0]) == "一票否决（不参与排名，等级定为D级）"


def test_the_templates_filters_word_the_gates_by_kind() -> None:
    from django.template import Context, Template

    page = Template(
        "{% load gatewords %}{{ f|gates_title }} · {{ f|gate_word:key }} · {{ s|gates_title }}"
    ).render(
        Context(
            {
                "f": GRADE_ONLY,
                "key": GRADE_ONLY.gates[0].inputs[0].key,
                "s": load_framework("shandong-county-2022"),
            }
        )
    )
    assert page == "等级门槛 · 等级门槛 · 前置指标与一票否决项"


def test_a_clerks_missing_items_word_a_veto_input_as_a_veto(world: Any, login: Any) -> None:
    # 区统计局 owns one input of the veto (统计数据不实) and none of the prerequisite
    html = login(world.statistics_clerk).get("/").content.decode()
    assert "一票否决项 · 近三年发生统计数据不实问题" in html
    assert "前置指标 · 近三年发生统计数据不实问题" not in html
