"""Column-wise validation of a cohort: the same values and the same messages as one by one.

The expected messages below were produced by the county-by-county validation this replaced;
a message that changes wording or order fails here.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

from qcounty.core.cohort import CohortError, check_value, parse_cohort, parse_county
from qcounty.core.synth import generate_cohort
from tests.builders import shandong


def v(key, value):
    return lambda d: d["counties"][0]["values"].update({key: value})


def rec(key, record):
    return lambda d: d["counties"][0]["values"].update({key: [record]})


AWARD = {
    "level": "national",
    "grade": "first",
    "title": "奖",
    "first_unit": True,
    "date": "2021-05-01",
}
ACT = {"title": "活动", "date": "2021-05-01", "content": None, "participants": 12}


def award(**kw):
    return {**AWARD, **kw}


def many_bad(d):
    base = d["counties"][0]
    d["counties"] = [
        copy.deepcopy(base)
        | {
            "name": f"虚拟县{i}",
            "synthetic": True,
            "values": {
                **base["values"],
                "i20.coverage": 130,
                "i36.revenue": "多",
                "i02.model": "x",
            },
        }
        for i in range(30)
    ]


def pop(key):
    return lambda d: d["counties"][0]["values"].pop(key)


CASES = [
    ("bool_as_text", v("veto.safety_accident", "否")),
    ("bool_as_int", v("veto.safety_accident", 0)),
    ("required_null", v("pre.stations", None)),
    ("missing_scored", pop("i31.rd_share")),
    ("missing_informational", pop("i01.slogan_text")),
    ("choice_unknown", v("i02.model", "great")),
    ("choice_number", v("i02.model", 1)),
    ("checklist_not_list", v("i03.activities", "x")),
    ("checklist_unknown", v("i03.activities", ["nope"])),
    (
        "checklist_twice",
        lambda d: d["counties"][0]["values"].update(
            {
                "i03.activities": [d["counties"][0]["values"]["i03.activities"][0]] * 2
                if d["counties"][0]["values"]["i03.activities"]
                else ["x", "x"]
            }
        ),
    ),
    ("counts_not_dict", v("i35.scenic", [1])),
    ("counts_unknown_grade", v("i35.scenic", {"a9": 1})),
    ("counts_negative", v("i35.scenic", {"a5": -1})),
    ("counts_fraction", v("i35.scenic", {"a5": 1.5})),
    ("counts_huge", v("i35.scenic", {"a5": 10**12})),
    ("count_negative", v("i17.metrologists", -3)),
    ("count_fraction", v("i17.metrologists", 2.5)),
    ("count_bool", v("i17.metrologists", True)),
    ("count_text", v("i17.metrologists", "3")),
    ("count_huge", v("i17.metrologists", 10**10)),
    ("count_beyond_float", v("i17.metrologists", 10**400)),
    ("percent_130", v("i20.coverage", 130)),
    ("percent_negative", v("i20.coverage", -0.5)),
    ("percent_text", v("i20.coverage", "2.45")),
    ("percent_infinite", v("i20.coverage", float("inf"))),
    ("percent_nan", v("i20.coverage", float("nan"))),
    ("number_text", v("i36.revenue", "很多")),
    ("number_huge", v("i36.revenue", 1e12)),
    ("number_list", v("i36.revenue", [1, 2])),
    ("text_not_text", v("i01.slogan_text", 12)),
    ("text_too_long", v("i01.slogan_text", "长" * 4001)),
    ("text_control", v("i01.slogan_text", "口号\x07")),
    ("records_not_list", v("i42.awards", {"a": 1})),
    ("record_not_object", v("i42.awards", ["奖"])),
    ("record_unknown_field", rec("i42.awards", award(colour="red"))),
    ("record_missing_required", rec("i42.awards", award(title=None))),
    ("record_bad_date", rec("i42.awards", award(date="去年"))),
    ("record_date_number", rec("i42.awards", award(date=2021))),
    ("record_bad_choice", rec("i42.awards", award(level="galactic"))),
    ("record_bool_text", rec("i42.awards", award(first_unit="是"))),
    ("record_count_negative", rec("i03.activity_list", {**ACT, "participants": -2})),
    ("record_text_control", rec("i03.activity_list", {**ACT, "content": "a\x00b"})),
    (
        "record_second_bad",
        lambda d: d["counties"][0]["values"].update({"i42.awards": [AWARD, award(date="去年")]}),
    ),
    ("unknown_field", v("i99.magic", 1)),
    ("county_not_object", lambda d: d["counties"].__setitem__(1, "文登")),
    ("county_no_name", lambda d: d["counties"][1].pop("name")),
    ("county_unknown_city", lambda d: d["counties"][1].update({"city": "火星市"})),
    ("county_unknown", lambda d: d["counties"][0].update({"name": "桃花源县"})),
    ("county_synthetic_text", lambda d: d["counties"][0].update({"synthetic": "yes"})),
    ("county_no_values", lambda d: d["counties"][0].pop("values")),
    ("county_unknown_key", lambda d: d["counties"][0].update({"colour": "red"})),
    ("county_twice", lambda d: d["counties"].append(copy.deepcopy(d["counties"][0]))),
    ("many_problems", many_bad),
    (
        "several_in_one_county",
        lambda d: d["counties"][2]["values"].update(
            {"i20.coverage": 130, "veto.safety_accident": None, "i02.model": "x", "zz": 1}
        ),
    ),
]


EXPECTED: dict[str, Any] = {
    "bool_as_text": (
        "县“昌邑市”：字段“近三年发生重大及以上生产安全事故”（veto.safety_accident）：应为“是”或“否”（true/false），实际为 “否”",
    ),
    "bool_as_int": (
        "县“昌邑市”：字段“近三年发生重大及以上生产安全事故”（veto.safety_accident）：应为“是”或“否”（true/false），实际为 0",
    ),
    "required_null": ("县“昌邑市”：字段“市场监管所总数”（pre.stations）：为必填项，不能为空。",),
    "missing_scored": (
        "县“昌邑市”：字段“评价当年的前一年度规模以上工业企业R&D经费支出占营业收入比重”（i31.rd_share）：缺少该字段（未填报请写 null）。",
    ),
    "missing_informational": None,
    "choice_unknown": (
        "县“昌邑市”：字段“质量发展模式”（i02.model）：“great”不是可选项；可选：promotable（总结提炼出明确的质量发展模式，可借鉴推广，推动地方产业发展）、partly（有质量发展模式，具备一定的推广性）、none（没有质量管理模式）",
    ),
    "choice_number": (
        "县“昌邑市”：字段“质量发展模式”（i02.model）：1不是可选项；可选：promotable（总结提炼出明确的质量发展模式，可借鉴推广，推动地方产业发展）、partly（有质量发展模式，具备一定的推广性）、none（没有质量管理模式）",
    ),
    "checklist_not_list": (
        "县“昌邑市”：字段“近一年开展的群众性质量文化活动”（i03.activities）：应为所选项目的列表",
    ),
    "checklist_unknown": (
        "县“昌邑市”：字段“近一年开展的群众性质量文化活动”（i03.activities）：“nope”不是可选项；可选：quality_month（“质量月”）、brand_day（“品牌日”）、consumer_day（“3·15”国际消费者权益日）、standards_day（“世界标准日”）、metrology_day（“世界计量日”）、accreditation_day（“世界认可日”）、qc_groups（QC小组）",
    ),
    "checklist_twice": (
        "县“昌邑市”：字段“近一年开展的群众性质量文化活动”（i03.activities）：同一项目选了两次",
    ),
    "counts_not_dict": (
        "县“昌邑市”：字段“A级旅游景区数量（截至评价当年的前一年度）”（i35.scenic）：应为“等级: 数量”的对象",
    ),
    "counts_unknown_grade": (
        "县“昌邑市”：字段“A级旅游景区数量（截至评价当年的前一年度）”（i35.scenic）：“a9”不是可选等级；可选：a5（5A级）、a4（4A级）、a3（3A级）、a2（2A级）、a1（A级）",
    ),
    "counts_negative": (
        "县“昌邑市”：字段“A级旅游景区数量（截至评价当年的前一年度）”（i35.scenic）：“5A级”不能小于 0，实际为 -1",
    ),
    "counts_fraction": (
        "县“昌邑市”：字段“A级旅游景区数量（截至评价当年的前一年度）”（i35.scenic）：“5A级”应为整数，实际为 1.5",
    ),
    "counts_huge": (
        "县“昌邑市”：字段“A级旅游景区数量（截至评价当年的前一年度）”（i35.scenic）：“5A级”数值过大（不能超过 1,000,000,000）",
    ),
    "count_negative": (
        "县“昌邑市”：字段“注册计量师数量”（i17.metrologists）：不能小于 0，实际为 -3",
    ),
    "count_fraction": (
        "县“昌邑市”：字段“注册计量师数量”（i17.metrologists）：应为整数，实际为 2.5",
    ),
    "count_bool": ("县“昌邑市”：字段“注册计量师数量”（i17.metrologists）：应为整数，实际为 true",),
    "count_text": ("县“昌邑市”：字段“注册计量师数量”（i17.metrologists）：应为整数，实际为 “3”",),
    "count_huge": (
        "县“昌邑市”：字段“注册计量师数量”（i17.metrologists）：数值过大（不能超过 1,000,000,000）",
    ),
    "count_beyond_float": (
        "县“昌邑市”：字段“注册计量师数量”（i17.metrologists）：数值过大（不能超过 1,000,000,000）",
    ),
    "percent_130": (
        "县“昌邑市”：字段“截至评价当年的前一年度自愿性认证覆盖率”（i20.coverage）：应在 0–100% 之间，实际为 130%",
    ),
    "percent_negative": (
        "县“昌邑市”：字段“截至评价当年的前一年度自愿性认证覆盖率”（i20.coverage）：应在 0–100% 之间，实际为 -0.5%",
    ),
    "percent_text": (
        "县“昌邑市”：字段“截至评价当年的前一年度自愿性认证覆盖率”（i20.coverage）：应为数字，实际为 “2.45”",
    ),
    "percent_infinite": (
        "县“昌邑市”：字段“截至评价当年的前一年度自愿性认证覆盖率”（i20.coverage）：应为数字，实际为 Infinity",
    ),
    "percent_nan": (
        "县“昌邑市”：字段“截至评价当年的前一年度自愿性认证覆盖率”（i20.coverage）：应为数字，实际为 NaN",
    ),
    "number_text": (
        "县“昌邑市”：字段“评价当年的前一年度规模以上服务业企业营业收入”（i36.revenue）：应为数字，实际为 “很多”",
    ),
    "number_huge": (
        "县“昌邑市”：字段“评价当年的前一年度规模以上服务业企业营业收入”（i36.revenue）：数值过大（不能超过 1,000,000,000），实际为 1000000000000.0",
    ),
    "number_list": (
        "县“昌邑市”：字段“评价当年的前一年度规模以上服务业企业营业收入”（i36.revenue）：应为数字，实际为 [1, 2]",
    ),
    "text_not_text": (
        "县“昌邑市”：字段“质量精神/质量宣传口号”（i01.slogan_text）：应为文字，实际为 12",
    ),
    "text_too_long": (
        "县“昌邑市”：字段“质量精神/质量宣传口号”（i01.slogan_text）：不能超过 4000 个字",
    ),
    "text_control": (
        "县“昌邑市”：字段“质量精神/质量宣传口号”（i01.slogan_text）：含有不可见的控制字符，请删除后再填写",
    ),
    "records_not_list": (
        "县“昌邑市”：字段“科技奖励”（i42.awards）：应为记录的列表（每条一个对象）",
    ),
    "record_not_object": ("县“昌邑市”：字段“科技奖励”（i42.awards）：第 1 条记录：应为对象",),
    "record_unknown_field": (
        "县“昌邑市”：字段“科技奖励”（i42.awards）：第 1 条记录：有未知字段“colour”",
    ),
    "record_missing_required": (
        "县“昌邑市”：字段“科技奖励”（i42.awards）：第 1 条记录：缺少“奖项名称”",
    ),
    "record_bad_date": (
        "县“昌邑市”：字段“科技奖励”（i42.awards）：第 1 条记录：“获得时间”“去年”不是有效日期，应写成 2021-06-30 的形式",
    ),
    "record_date_number": (
        "县“昌邑市”：字段“科技奖励”（i42.awards）：第 1 条记录：“获得时间”应为日期（如 2021-06-30），实际为 2021",
    ),
    "record_bad_choice": (
        "县“昌邑市”：字段“科技奖励”（i42.awards）：第 1 条记录：“级别”“galactic”不是可选项；可选：national（国家科学技术奖）、provincial（省级科学技术奖）",
    ),
    "record_bool_text": (
        "县“昌邑市”：字段“科技奖励”（i42.awards）：第 1 条记录：“作为第一承担单位”应为“是”或“否”（true/false），实际为 “是”",
    ),
    "record_count_negative": (
        "县“昌邑市”：字段“活动情况”（i03.activity_list）：第 1 条记录：“活动人数”不能小于 0，实际为 -2",
    ),
    "record_text_control": (
        "县“昌邑市”：字段“活动情况”（i03.activity_list）：第 1 条记录：“具体内容”含有不可见的控制字符，请删除后再填写",
    ),
    "record_second_bad": (
        "县“昌邑市”：字段“科技奖励”（i42.awards）：第 2 条记录：“获得时间”“去年”不是有效日期，应写成 2021-06-30 的形式",
    ),
    "unknown_field": ("县“昌邑市”：未知字段“i99.magic”，本评价体系中没有这一项。",),
    "county_not_object": ("第 2 个县的数据应为 JSON 对象。",),
    "county_no_name": ("第 2 个县缺少名称（name）。",),
    "county_unknown_city": ("县“嘉祥县”：所属地级市“火星市”不在本评价体系的城市分档中。",),
    "county_unknown": (
        "县“桃花源县”：不是潍坊市下辖的县（市、区），请核对名称（虚构的县须标注 synthetic）。",
    ),
    "county_synthetic_text": ("县“昌邑市”：synthetic（是否虚构）应为 true 或 false。",),
    "county_no_values": ("县“昌邑市”：缺少“values”（各项填报数据）。",),
    "county_unknown_key": ("县“昌邑市”：未知的项“colour”；可用：city、name、synthetic、values。",),
    "county_twice": ("第 4 个县“潍坊市昌邑市”重复出现。",),
    "many_problems": (
        51,
        "县“虚拟县0”：字段“质量发展模式”（i02.model）：“x”不是可选项；可选：promotable（总结提炼出明确的质量发展模式，可借鉴推广，推动地方产业发展）、partly（有质量发展模式，具备一定的推广性）、none（没有质量管理模式）",
        "县“虚拟县16”：字段“截至评价当年的前一年度自愿性认证覆盖率”（i20.coverage）：应在 0–100% 之间，实际为 130%",
        "……另有更多问题未列出（只显示前 50 条）。",
    ),
    "several_in_one_county": (
        "县“陵城区”：字段“近三年发生重大及以上生产安全事故”（veto.safety_accident）：为必填项，不能为空。",
        "县“陵城区”：字段“质量发展模式”（i02.model）：“x”不是可选项；可选：promotable（总结提炼出明确的质量发展模式，可借鉴推广，推动地方产业发展）、partly（有质量发展模式，具备一定的推广性）、none（没有质量管理模式）",
        "县“陵城区”：字段“截至评价当年的前一年度自愿性认证覆盖率”（i20.coverage）：应在 0–100% 之间，实际为 130%",
        "县“陵城区”：未知字段“zz”，本评价体系中没有这一项。",
    ),
}


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    return generate_cohort(shandong(), counties=3, seed=1)


def test_every_case_has_its_expected_messages():
    assert [name for name, _ in CASES] == list(EXPECTED)


@pytest.mark.parametrize(("name", "change"), CASES, ids=[name for name, _ in CASES])
def test_a_bad_value_gets_the_same_message_as_checked_one_by_one(base, name, change):
    data = copy.deepcopy(base)
    change(data)
    expected = EXPECTED[name]
    if expected is None:
        parse_cohort(data, shandong())
        return
    with pytest.raises(CohortError) as e:
        parse_cohort(data, shandong())
    if name == "many_problems":
        count, first, last_problem, note = expected
        assert len(e.value.problems) == count
        assert e.value.problems[0] == first
        assert e.value.problems[-2:] == [last_problem, note]
    else:
        assert tuple(e.value.problems) == expected


def test_a_county_file_gets_the_same_messages(base):
    county = copy.deepcopy(base["counties"][0])
    county["values"]["i20.coverage"] = 130
    county["values"]["i42.awards"] = [award(date="去年")]
    data = {"format": "qcounty-county/1", "framework": base["framework"], "county": county}
    with pytest.raises(CohortError) as e:
        parse_county(data, shandong())
    assert e.value.problems == [
        EXPECTED["percent_130"][0],
        EXPECTED["record_bad_date"][0],
    ]


def test_every_value_is_typed_as_check_value_types_it():
    framework = shandong()
    data = generate_cohort(framework, counties=136, seed=3)
    data["counties"][0]["values"].update(
        {
            "i17.metrologists": 3.0,
            "i36.revenue": 5,
            "i42.awards": [award(), award(title=None, date="2020-01-02") | {"title": "奖2"}],
        }
    )
    cohort = parse_cohort(json.loads(json.dumps(data, ensure_ascii=False)), framework)
    for county, raw in zip(cohort.counties, data["counties"], strict=True):
        one_by_one = {
            spec.key: None
            if raw["values"][spec.key] is None
            else check_value(spec, raw["values"][spec.key])
            for spec in framework.inputs()
            if spec.key in raw["values"]
        }
        assert county.values == one_by_one
        assert list(county.values) == list(one_by_one)
        for key, value in county.values.items():
            assert type(value) is type(one_by_one[key]), key
    first = cohort.counties[0].values
    assert first["i17.metrologists"] == 3 and type(first["i17.metrologists"]) is int
    assert type(first["i36.revenue"]) is float
    assert first["i42.awards"][1]["date"] == date(2020, 1, 2)
