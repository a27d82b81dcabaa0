"""Internal consistency: parts and wholes, ratios against counts, dates, duplicates."""

from __future__ import annotations

from datetime import date

from qcounty.core.framework.loader import parse_framework
from qcounty.core.plausibility import check_cohort
from qcounty.core.plausibility.consistency import part_relations
from tests.builders import shandong
from tests.core.plausibility.helpers import cohort, flags

COMMENDATION = {"level": "provincial", "issuer": "山东省市场监督管理局", "title": "表扬",
                "to_county_government": True}  # fmt: skip


def test_star_stations_above_all_stations_are_flagged_with_the_points_at_stake():
    c = cohort({"pre.stations": 10, "pre.three_star": 8, "pre.four_star": 5})
    [flag] = flags(c, kind="part_exceeds_whole")
    assert flag.county == "县1"
    assert flag.keys == ("pre.three_star", "pre.four_star", "pre.stations")
    assert flag.values == {"pre.three_star": 8, "pre.four_star": 5, "pre.stations": 10}
    assert "合计 13，超过市场监管所总数 10" in flag.explain()
    assert flag.correction == {"pre.three_star": 6, "pre.four_star": 3}


def test_stations_within_their_total_are_not_flagged():
    assert flags(cohort({"pre.stations": 10, "pre.three_star": 6, "pre.four_star": 4})) == []


def test_an_increase_above_its_grade_total_is_flagged_per_grade():
    scenic = {"a5": 0, "a4": 2, "a3": 3, "a2": 0, "a1": 0}
    increase = {"a5": 0, "a4": 3, "a3": 1, "a2": 0, "a1": 0}
    c = cohort({"i35.scenic": scenic, "i35.scenic_increase": increase})
    [flag] = flags(c, kind="part_exceeds_whole")
    assert flag.keys == ("i35.scenic_increase.a4", "i35.scenic.a4")


def test_percentage_shares_give_their_count_pairs():
    pairs = part_relations(shandong())
    assert ("i35.elderly_beds", ["i35.nursing_beds"]) in pairs
    assert ("i35.students", ["i35.teachers"]) in pairs  # from the derived 师生比 (scale 100, %)
    # the declared group covers the derived single shares of the prerequisite
    assert [p for w, p in pairs if w == "pre.stations"] == [["pre.three_star", "pre.four_star"]]


def test_a_date_after_the_window_and_a_date_in_the_future_are_flagged():
    records = [
        COMMENDATION | {"date": "2021-03-01"},
        COMMENDATION | {"date": "2022-03-01", "title": "评价当年"},
        COMMENDATION | {"date": "2023-01-05", "title": "将来"},
    ]
    found = flags(cohort({"i04.commendations": records}), kind="date_outside")
    by_record = {f.record: f for f in found}
    assert sorted(by_record) == [2, 3]
    assert by_record[2].message.code == "plaus.date_after"
    assert "晚于评价期（2019–2021 年）" in by_record[2].explain()
    assert by_record[3].message.code == "plaus.date_future"
    assert "晚于今天（2022-06-01）" in by_record[3].explain()


def test_the_same_record_twice_in_a_list_is_flagged_once():
    record = COMMENDATION | {"date": "2021-03-01", "title": "质量工作表扬"}
    other = COMMENDATION | {"date": "2020-03-01", "title": "质量工作表扬"}  # another year
    found = flags(
        cohort({"i04.commendations": [record, other, dict(record)]}), kind="duplicate_record"
    )
    assert [(f.record, f.message.params["other"]) for f in found] == [(3, 1)]


MINIMAL = """
schema: qcounty-framework/1
id: plaus-minimal
name: 示例
version: "1"
provider: 示例
source: 示例
total_points: 10
default_evaluation_year: 2022
windows:
  last_year: {label: 近一年, start: -1, end: -1}
units: [{id: u, name: 部门}]
first_level:
  - name: 一级
    points: 10
    second_level:
      - name: 二级
        points: 10
        indicators:
          - number: 1
            name: 抽查
            points: 10
            units: [u]
            inputs:
              - {key: i01.firms, label: 企业数, type: count, informational: true}
              - {key: i01.checked, label: 抽查企业数, type: count, informational: true}
              - {key: i01.rate, label: 抽查率, type: percent}
              - {key: i01.trainings, label: 培训次数, type: count, informational: true}
              - key: i01.training_list
                label: 培训记录
                type: records
                informational: true
                window: last_year
                date_field: date
                fields:
                  - {key: title, label: 名称, type: text}
                  - {key: date, label: 日期, type: date}
            criteria:
              - {id: "1", standard: 有，得10分。, points: 10, rule: {kind: flag, when: [{value: i01.rate, at_least: 50}]}}
plausibility:
  ratios:
    - {value: i01.rate, numerator: [i01.checked], denominator: i01.firms, scale: 100, tolerance: 1}
  counted:
    - {count: i01.trainings, records: i01.training_list}
"""


def minimal_cohort(values: dict[str, object]):
    from qcounty.core.cohort import parse_cohort

    framework = parse_framework(MINIMAL)
    base = {"i01.firms": 200, "i01.checked": 100, "i01.rate": 50.0, "i01.trainings": 0,
            "i01.training_list": []}  # fmt: skip
    data = {"format": "qcounty-cohort/1", "framework": "plaus-minimal", "evaluation_year": 2022,
            "counties": [{"name": "甲县", "city": "甲市", "values": base | values}]}  # fmt: skip
    return framework, parse_cohort(data, framework)


def test_a_rate_that_disagrees_with_its_counts_is_flagged_and_costs_the_points():
    framework, c = minimal_cohort({"i01.rate": 80.0, "i01.checked": 60})
    [flag] = check_cohort(framework, c, today=date(2022, 6, 1))
    assert flag.kind == "ratio_mismatch"
    assert "按抽查企业数与企业数计算应为 30" in flag.explain()
    assert flag.points_at_stake == 10 and flag.severity == "high"


def test_a_rate_within_its_tolerance_is_not_flagged():
    framework, c = minimal_cohort({"i01.rate": 50.9})
    assert check_cohort(framework, c, today=date(2022, 6, 1)) == []
