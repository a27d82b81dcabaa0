"""Values as the form shows them: the import's dry runs on the web and the command line."""

from __future__ import annotations

from functools import cache

from qcounty.core.framework.loader import load_framework
from qcounty.core.framework.model import Framework
from qcounty.office.shown import value_text


@cache
def shandong() -> Framework:
    return load_framework("shandong-county-2022")


def shown(key: str, value: object) -> str:
    return value_text(shandong().input_or_none(key), value)


def test_yes_no_options_and_not_reported() -> None:
    assert shown("i07.plan", True) == "是"
    assert shown("i07.plan", False) == "否"
    assert shown("i07.plan", None) == "未填报"
    assert shown("i12.platform", "running") == "有，且有效运行"
    assert shown("i12.platform", "none") == "无"  # not the key "none"
    assert shown("i10.funded", ["brand", "metrology"]) == "计量、品牌"  # the form's order
    assert shown("i10.funded", []) == "（均未选）"


def test_numbers_keep_their_unit_and_lose_a_needless_point_zero() -> None:
    assert shown("i17.a_class_coverage", 85.0) == "85%"
    assert shown("i17.a_class_coverage", 96.5) == "96.5%"
    assert shown("i17.metrologists", 12) == "12 人"
    assert shown("i41.patents", 3.5) == "3.5 件/万人"
    assert shown("i30.batches", 1256.0) == "1256 批次"


def test_records_are_short_lines_and_none_is_said() -> None:
    standard = {
        "scope": "national",
        "role": "lead_formulate",
        "title": "甲标准",
        "code": "GB/T 1-2022",
        "date": "2022-05-01",
        "status": None,
    }
    assert shown("i14.standards", [standard]) == (
        "1 条：\n1. 国家标准，主导制定，甲标准，GB/T 1-2022，2022-05-01"
    )
    assert shown("i14.standards", []) == "无"


def test_counts_name_each_option() -> None:
    spec = shandong().input_or_none("i35.scenic")
    assert spec is not None
    counts = {o.id: n for n, o in enumerate(spec.options)}
    text = value_text(spec, counts)
    assert text.split("；")[1] == f"{spec.options[1].label} 1 {spec.unit}".rstrip()
