"""The department assessment of a hand-built application, on the page and in the .xlsx export.

文登区 with three departments: 区市场监管局 (market_supervision), 区统计局 (statistics) and
区住房和城乡建设局 (housing, added here). Department deadline 2023-03-31; the assessment is
read on 2023-04-20.

- 区统计局 submits on 2023-03-20 (on time); the office returns it twice, it resubmits twice.
- 区市场监管局 gets an extension to 2023-04-15 and submits on 2023-04-10 (within it).
- 区住房和城乡建设局 never submits (late by 2023-04-20).

Then the values are replaced by four, scored by hand from the seed:
  item 17: 注册计量师 5 人 → (5 − 3) × 0.1 = 0.2 (17.1); 检定率达到100% → 0.5 (17.4): 0.7
  item 23: 政策措施 → 0.5 (23.1); 随机抽查均建立 → 0.5 (23.2): 1.0 — shared by 区市场监管局
           and 区统计局, so it counts for both
  every other input unreported: 0 points.
"""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qcounty.web.organisations.models import Organisation, UnitAssignment
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.actions import grant_extension, transition_section
from qcounty.web.review.models import Section
from qcounty.web.review.sections import ensure_sections
from qcounty.web.tasks import actions
from qcounty.web.tasks.assessment import Delivery, assessment
from qcounty.web.tasks.models import Task
from tests.web.conftest import World, _user, framework
from tests.web.review.conftest import complete
from tests.web.tasks.conftest import task_of

TODAY = dt.date(2023, 4, 20)
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: str, hour: int = 10) -> dt.datetime:
    """Return a moment of a day in 文登区 (UTC+8)."""
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def today_is(day: dt.date):
    """Make the assessment views' today `day` (and nothing else's)."""
    clock = mock.Mock(localdate=mock.Mock(return_value=day), now=timezone.now)
    return mock.patch("qcounty.web.tasks.views_office.timezone", clock)


def on(moment: dt.datetime):
    """Make Django's clock (audit entries, section timestamps) read `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def built(world: World) -> dict[str, Organisation]:
    housing = Organisation.objects.create(
        kind=Organisation.Kind.DEPARTMENT, name="区住房和城乡建设局", parent=world.wendeng
    )
    UnitAssignment.objects.create(
        county=world.wendeng, framework_id=framework().id, unit_id="housing", department=housing
    )
    housing_clerk = _user("wendeng-housing", "clerk", housing)
    sections = {s.department_id: s for s in ensure_sections(world.application)}
    market, statistics = sections[world.market_dept.pk], sections[world.statistics_dept.pk]
    complete(statistics)
    complete(market)
    office, day = world.office, dt.date
    with on(at("2023-03-20")):
        transition_section(
            statistics, "submit_section", world.statistics_clerk, today=day(2023, 3, 20)
        )
    with on(at("2023-03-25")):
        transition_section(statistics, "return_section", office, reason="数据口径不一致")
    with on(at("2023-03-28")):
        transition_section(statistics, "resubmit_section", world.statistics_clerk)
    with on(at("2023-04-02")):
        transition_section(statistics, "return_section", office, reason="缺少佐证材料")
    with on(at("2023-04-03")):
        transition_section(statistics, "resubmit_section", world.statistics_clerk)
    with on(at("2023-04-01")):
        grant_extension(market, office, day(2023, 4, 15), "人员调整", today=day(2023, 4, 1))
    market.refresh_from_db()
    with on(at("2023-04-10")):
        transition_section(market, "submit_section", world.market_clerk, today=day(2023, 4, 10))
    # the values the points are computed from (see the module's docstring)
    InputValue.objects.filter(application=world.application).delete()
    Record.objects.filter(application=world.application).delete()
    for key, value in [
        ("i17.metrologists", 5),
        ("i17.verification_full", True),
        ("i23.policy", True),
        ("i23.all_established", True),
    ]:
        InputValue.objects.create(application=world.application, key=key, value=value)
    # tasks: market supervision 20, statistics 5 (23, 31, 36, 38, 40), housing 4 (32–35)
    actions.generate_tasks(world.application, office)
    for indicator, department in [
        (17, world.market_dept),
        (23, world.market_dept),
        (31, world.statistics_dept),
    ]:
        actions.set_status(task_of(world, indicator, department), office, Task.Status.DONE)
    Task.objects.filter(indicator=36, department=world.statistics_dept).update(
        deadline=dt.date(2023, 5, 31)
    )
    assert housing_clerk.organisation == housing
    return {"market": world.market_dept, "statistics": world.statistics_dept, "housing": housing}


def test_each_departments_numbers(world: World, built) -> None:
    rows = {r.department.name: r for r in assessment(world.application, TODAY)}
    assert list(rows) == ["区市场监管局", "区统计局", "区住房和城乡建设局"]
    market, statistics, housing = rows.values()

    # inputs due, from the YAML (an input's own units, else its indicator's; gates included):
    #   statistics: veto.statistics_falsified 1 + item 23: 4 + 31: 1 + 36: 2 + 38: 1 + 40: 1 = 10,
    #     scored 8 (i23.firms and i23.documents are informational); 2 reported → 6 missing
    #   market supervision: 62 inputs, 53 scored; 4 reported → 49 missing
    #   housing: 32: 1 + 33: 1 + 34: 5 + 35: 14 = 21, scored 20 (i35.medical_report is not)
    assert (statistics.inputs_due, statistics.inputs_missing) == (10, 6)
    assert (market.inputs_due, market.inputs_missing) == (62, 49)
    assert (housing.inputs_due, housing.inputs_missing) == (21, 20)

    assert statistics.delivery == Delivery.ON_TIME
    assert timezone.localtime(statistics.first_submitted) == at("2023-03-20")
    assert statistics.returns == 2
    assert statistics.section_status == "已重新提交"
    assert market.delivery == Delivery.EXTENDED  # 04-10: after 03-31, within the 04-15 extension
    assert market.returns == 0
    assert housing.delivery == Delivery.MISSING  # nothing by 04-20
    assert housing.first_submitted is None

    # tasks on 2023-04-20, all due 2023-03-31 except statistics' item 36 (05-31); a task whose
    # section is submitted has its data in and is never overdue (tasks.state):
    #   market 20, done 2 (17, 23), section submitted 04-10 → 0 overdue;
    #   statistics 5, done 1 (31), section resubmitted → 0 overdue; housing 4, none done → 4
    assert (market.tasks, market.tasks_done, market.tasks_overdue) == (20, 2, 0)
    assert (statistics.tasks, statistics.tasks_done, statistics.tasks_overdue) == (5, 1, 0)
    assert (housing.tasks, housing.tasks_done, housing.tasks_overdue) == (4, 0, 4)

    # points: market 0.7 (17) + 1.0 (23) = 1.7 of 41 (its 20 indicators: 9: 2, 10: 3, 14: 3,
    #   15: 3, 16: 1.5, 17: 2.5, 18–21: 4 × 2, 22–24: 3 × 1, 25: 3, 26: 3, 27: 2, 29: 1, 30: 2,
    #   37: 2, 41: 2); statistics 1.0 (23) of 9 (23: 1 + 31, 36, 38, 40: 4 × 2);
    #   housing 0 of 10 (32–34: 3 × 2 + 35: 4)
    assert market.points == pytest.approx(1.7)
    assert market.max_points == 41
    assert market.rate == pytest.approx(100 * 1.7 / 41)  # 4.15 %
    assert (statistics.points, statistics.max_points) == (pytest.approx(1.0), 9)
    assert (housing.points, housing.max_points, housing.rate) == (0, 10, 0)
    assert statistics.shared == [23]  # 23 also belongs to market supervision
    assert 23 in market.shared and 17 not in market.shared


def test_the_page_shows_the_numbers_and_says_shared_indicators_count_for_each(
    world: World, built, office_client
) -> None:
    with today_is(TODAY):
        response = office_client.get(reverse("tasks:assessment", args=[world.application.pk]))
    page = response.content.decode()
    rows = response.context["rows"]
    assert [r.department.name for r in rows] == ["区市场监管局", "区统计局", "区住房和城乡建设局"]
    assert 'class="list sortable assessment"' in page and "tasks/sortable.js" in page
    assert "多个部门共同负责的指标，其得分和满分计入每一个负责部门" in page

    def row(department: Organisation) -> str:
        html = page[page.index(f'data-department="{department.pk}"') :]
        return html[: html.index("</tr>")]

    assert "延期内提交" in row(built["market"]) and "1.70" in row(built["market"])
    assert "按时提交" in row(built["statistics"]) and "2023-03-20 10:00" in row(built["statistics"])
    assert "1.00" in row(built["statistics"]) and "11.1%" in row(built["statistics"])  # 1.0 of 9
    assert "逾期未提交" in row(built["housing"]) and "0.0%" in row(built["housing"])


def test_the_xlsx_has_the_same_numbers_chinese_headers_and_a_frozen_header(
    world: World, built, office_client
) -> None:
    with today_is(TODAY):
        response = office_client.get(reverse("tasks:assessment_xlsx", args=[world.application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    # a Chinese file name (RFC 5987), as the other documents: city, county, evaluation year
    name = "威海市文登区部门考核表（2023年）.xlsx"
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote(name)}"
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["部门考核"]
    # a title row above the header; the header repeats on every printed page
    assert sheet["A1"].value == "威海市文登区部门考核表（2023年）"
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.print_area == f"'部门考核'!$A$1:$O${sheet.max_row}"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert book["说明"].page_setup.orientation == "portrait" and book["说明"].print_area
    assert all(c.alignment.wrap_text for c in sheet[3])  # 负责指标 whole, on several lines
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["部门", "负责的责任单位角色", "应填项数"]
    assert header[-3:] == ["指标得分", "指标满分", "得分率（%）"]
    assert sheet.column_dimensions["A"].width == 24
    rows = {
        row[0]: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=3, values_only=True)
    }
    assert list(rows) == ["区市场监管局", "区统计局", "区住房和城乡建设局"]
    market, statistics, housing = rows.values()
    assert (market["应填项数"], market["未填项数"], market["退回次数"]) == (62, 49, 0)
    assert (market["是否按时提交"], market["逾期任务"], market["已完成任务"]) == (
        "延期内提交",
        0,  # its section is submitted: its tasks' data is in
        2,
    )
    assert market["指标得分"] == pytest.approx(1.7) and market["指标满分"] == 41
    assert market["得分率（%）"] == pytest.approx(100 * 1.7 / 41)
    assert (statistics["是否按时提交"], statistics["首次提交时间"], statistics["退回次数"]) == (
        "按时提交",
        "2023-03-20 10:00",
        2,
    )
    assert (statistics["任务数"], statistics["逾期任务"], statistics["指标得分"]) == (5, 0, 1.0)
    assert statistics["负责指标"] == "23、31、36、38、40"
    assert (housing["是否按时提交"], housing["逾期任务"], housing["得分率（%）"]) == (
        "逾期未提交",
        4,
        0,
    )
    assert "多个部门共同负责的指标" in " ".join(str(r[0].value) for r in book["说明"].iter_rows())


def test_a_department_with_only_the_offices_tasks_has_no_inputs_to_deliver(
    world: World, office_client
) -> None:
    publicity = Organisation.objects.create(
        kind=Organisation.Kind.DEPARTMENT, name="区委宣传部", parent=world.wendeng
    )
    actions.add_task(
        world.application,
        world.office,
        title="质量月",
        department=publicity,
        deadline=dt.date(2023, 5, 31),
    )
    rows = {r.department.name: r for r in assessment(world.application, TODAY)}
    row = rows["区委宣传部"]
    assert (row.inputs_due, row.delivery, row.section_status, row.tasks, row.max_points) == (
        0,
        Delivery.NOTHING,
        "",
        1,
        0,
    )
    assert row.rate is None
    assert [s.department_id for s in Section.objects.filter(application=world.application)] == [
        world.market_dept.pk,
        world.statistics_dept.pk,
    ]
