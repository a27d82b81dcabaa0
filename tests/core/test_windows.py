"""Time windows: 近一年, 近三年 and 历年累计, relative to the evaluation year Y.

SCORING.md: in the 2022 campaign the data cut-off was 2021-12-31, so Y = 2022, 近一年 = 2021 and
近三年 = 2019–2021. A record outside its window does not count, and the result says so.
"""

from datetime import date

import pytest

from qcounty.core.framework.model import Window
from tests.builders import cohort_json, county_json, score


def one_county(values, year=2022):
    return score(cohort_json([county_json("文登区", "威海市", values)], year=year)).county(0)


def commendation(when, title="表扬"):
    return {
        "level": "national",
        "issuer": "国务院",
        "date": when,
        "title": title,
        "to_county_government": True,
    }


def meeting(when):
    return {
        "date": when,
        "title": "质量工作专题会议",
        "leaders": "区委书记",
        "secretary_attended": True,
    }


def activity(when):
    return {"date": when, "title": "质量管理经验交流"}


def notes(result, number):
    return [m.render() for m in result.indicators[number - 1].notes]


def item_4_points(result):
    return result.indicators[3].criteria[0].points


# ------------------------------------------------------------------------------ 近三年


def test_a_record_of_2018_12_31_is_outside_the_last_three_years_of_2022_and_noted():
    result = one_county(
        {"i04.commendations": [commendation("2018-12-31", "旧表扬")], "i04.media_reports": []}
    )
    assert item_4_points(result) == 0
    assert notes(result, 4) == [
        "表扬或激励：第 1 条“旧表扬”（2018-12-31）不在近三年（2019–2021 年）内，不计分。"
    ]


def test_a_record_of_2019_01_01_is_inside_the_last_three_years_of_2022():
    result = one_county(
        {"i04.commendations": [commendation("2019-01-01")], "i04.media_reports": []}
    )
    assert item_4_points(result) == 2  # 1 national × 2
    assert notes(result, 4) == []


def test_a_record_of_the_evaluation_year_itself_is_after_the_cut_off():
    result = one_county(
        {"i04.commendations": [commendation("2022-01-01", "今年的表扬")], "i04.media_reports": []}
    )
    assert item_4_points(result) == 0
    assert "不在近三年（2019–2021 年）内" in notes(result, 4)[0]


# ------------------------------------------------------------------------------ 近一年


@pytest.mark.parametrize(
    ("when", "counted"),
    [("2020-12-31", False), ("2021-01-01", True), ("2021-12-31", True), ("2022-01-01", False)],
)
def test_the_last_year_of_2022_is_2021_only(when, counted):
    result = one_county({"i06.body": False, "i06.meetings": [meeting(when)]})
    assert result.indicators[5].criteria[0].points == (0.5 if counted else 0)


def test_a_meeting_outside_the_last_year_is_noted_with_the_year_that_counts():
    result = one_county({"i06.body": False, "i06.meetings": [meeting("2020-12-31")]})
    assert notes(result, 6) == [
        "质量工作专题会议：第 1 条“质量工作专题会议”（2020-12-31）不在近一年（2021 年）内，不计分。"
    ]


# -------------------------------------------------------------- 近三年每年均 (item 24)


@pytest.mark.parametrize(
    ("dates", "points"),
    [
        (["2019-05-01", "2020-05-01", "2021-05-01"], 0.5),  # one in each of 2019, 2020, 2021
        (["2019-05-01", "2021-05-01", "2021-09-01"], 0),  # none in 2020
        (["2018-05-01", "2020-05-01", "2021-05-01"], 0),  # 2018 is outside: none in 2019
        (["2019-12-31", "2020-01-01", "2021-12-31"], 0.5),  # the edges of each year count
    ],
)
def test_item_24_needs_an_activity_in_each_of_the_last_three_years(dates, points):
    result = one_county({"i24.exchanges": [activity(d) for d in dates], "i24.trainings": []})
    assert result.indicators[23].criteria[0].points == points


def test_item_24_explains_how_many_years_were_covered():
    result = one_county(
        {"i24.exchanges": [activity("2019-05-01"), activity("2021-05-01")], "i24.trainings": []}
    )
    lines = [m.render() for m in result.indicators[23].criteria[0].messages]
    assert lines[0] == "开展交流或观摩活动的年度数：2 个年度（不满足 ≥ 3 个年度）"


# -------------------------------------------------------------------------- 历年累计


def test_a_china_quality_award_counts_from_any_year_up_to_the_cut_off():
    old = {
        "kind": "china_quality_award",
        "title": "中国质量奖",
        "issuer": "国务院",
        "date": "2005-09-01",
        "matter": None,
    }
    late = {**old, "date": "2022-03-01", "title": "今年的中国质量奖"}
    result = one_county({"i43.incentives": [old, late]})
    assert result.indicators[42].criteria[0].points == 2  # the 2005 award only: 1 × 2
    assert notes(result, 43) == [
        "质量激励：第 2 条“今年的中国质量奖”（2022-03-01）不在历年累计（2021 年及以前）内，不计分。"
    ]


# ------------------------------------------------------------- another evaluation year


def test_evaluation_year_2023_moves_the_last_three_years_to_2020_2022():
    records = [commendation("2019-06-01", "2019年表扬"), commendation("2022-06-01", "2022年表扬")]
    result = one_county({"i04.commendations": records, "i04.media_reports": []}, year=2023)
    assert item_4_points(result) == 2  # only the 2022 one
    assert notes(result, 4) == [
        "表扬或激励：第 1 条“2019年表扬”（2019-06-01）不在近三年（2020–2022 年）内，不计分。"
    ]


def test_evaluation_year_2023_moves_the_last_year_to_2022():
    result = one_county({"i06.body": False, "i06.meetings": [meeting("2022-06-01")]}, year=2023)
    assert result.indicators[5].criteria[0].points == 0.5


def test_evaluation_year_2023_needs_activities_in_2020_2021_and_2022():
    dates = ["2020-05-01", "2021-05-01", "2022-05-01"]
    result = one_county(
        {"i24.exchanges": [activity(d) for d in dates], "i24.trainings": []}, year=2023
    )
    assert result.indicators[23].criteria[0].points == 0.5
    dates_2022 = ["2019-05-01", "2020-05-01", "2021-05-01"]
    result = one_county(
        {"i24.exchanges": [activity(d) for d in dates_2022], "i24.trainings": []}, year=2023
    )
    assert result.indicators[23].criteria[0].points == 0


# ------------------------------------------------------------------- the Window model


def test_a_window_gives_its_years_relative_to_the_evaluation_year():
    last_three = Window(label="近三年", start=-3, end=-1)
    assert last_three.years(2022) == (2019, 2021)
    assert last_three.span(2022) == "2019–2021 年"
    assert not last_three.contains(date(2018, 12, 31), 2022)
    assert last_three.contains(date(2019, 1, 1), 2022)
    assert last_three.contains(date(2021, 12, 31), 2022)
    assert not last_three.contains(date(2022, 1, 1), 2022)


def test_an_open_window_reaches_back_to_any_year():
    all_years = Window(label="历年累计", start=None, end=-1)
    assert all_years.contains(date(1990, 1, 1), 2022)
    assert not all_years.contains(date(2022, 1, 1), 2022)
    assert all_years.span(2022) == "2021 年及以前"
