"""Claims backed by their own records: ticked activities, counts against their list."""

from __future__ import annotations

from datetime import date

from qcounty.core.plausibility import check_cohort
from tests.core.plausibility.helpers import cohort, flags
from tests.core.plausibility.test_consistency import minimal_cohort


def activity(title: str, when: str) -> dict[str, object]:
    return {"title": title, "date": when, "content": "", "participants": 50}


def test_a_ticked_activity_without_a_dated_record_in_the_year_is_flagged():
    values = {
        "i03.activities": ["quality_month", "brand_day", "consumer_day"],
        "i03.activity_list": [
            activity("2021年“质量月”启动仪式", "2021-09-02"),
            activity("“品牌日”宣传", "2020-05-10"),  # outside 近一年
            activity("3·15国际消费者权益日咨询", "2021-03-15"),
        ],
    }
    [flag] = flags(cohort(values), kind="unbacked_tick")
    assert flag.values == {"i03.activities": "brand_day"}
    assert "勾选了“品牌日”，但活动情况中没有近一年（2021 年）内注明该活动的记录" in flag.explain()
    assert flag.correction == {"i03.activities": ["quality_month", "consumer_day"]}


def test_a_count_larger_than_its_dated_records_is_flagged():
    listed = [{"title": "培训", "date": "2021-04-01"}, {"title": "培训二", "date": "2019-04-01"}]
    framework, c = minimal_cohort({"i01.trainings": 3, "i01.training_list": listed})
    [flag] = check_cohort(framework, c, today=date(2022, 6, 1))
    assert flag.kind == "uncounted"
    assert "培训次数填报 3，培训记录中近一年（2021 年）内有日期的记录只有 1 条" in flag.explain()
