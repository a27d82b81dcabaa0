"""The demo's tasks: Wendeng's tasks generated from its role mapping, some under way, some late.

A few tasks are in progress or done, two are overdue, one is blocked with its reason, and the
office has added the plan's publicity task (实施方案 四（三）强化质量文化宣传, 2023年3月—5月)
for its three departments. Every change goes through tasks.actions, so the tasks' histories
read as they would after real use.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import UnitAssignment
from qcounty.web.tasks import actions
from qcounty.web.tasks.models import Task

S = Task.Status
QUALITY_MONTH = "强化质量文化宣传：开展“质量月”等群众性质量文化活动"
QUALITY_MONTH_TEXT = (
    "以“质量月”“品牌日”“国际消费者权益日”“世界标准日”“世界计量日”“世界认可日”等为契机，"
    "通过展板、显示屏、横幅、橱窗、电视、报纸、网络等多种途径，开展内容丰富、形式多样的群众性"
    "质量文化活动（实施方案 四（三），2023年3月—5月；对应指标 3）。"
)
# (indicator, unit role of the department, status, note)
PROGRESS = [
    (
        6,
        "party_office",
        S.DONE,
        "已召开区委、区政府主要领导参加的质量工作专题会议，会议纪要已归档。",
    ),
    (7, "gov_office", S.DONE, "创建工作实施方案已印发（威文政字〔2023〕27号）。"),
    (28, "agriculture", S.DONE, "省级农产品质量安全县动态评价合格，文件已上传。"),
    (31, "statistics", S.DONE, ""),
    (32, "housing", S.DONE, ""),
    (3, "publicity", S.IN_PROGRESS, "“3·15”“世界计量日”活动已开展，“质量月”活动方案在拟定中。"),
    (17, "market_supervision", S.IN_PROGRESS, "正在核对注册计量师名单和A类强制检定项目清单。"),
    (27, "gov_office", S.IN_PROGRESS, "县域质量发展状况分析报告初稿已完成，待征求各部门意见。"),
    (36, "statistics", S.IN_PROGRESS, ""),
]
# (indicator, unit role, days past the deadline, status, note)
OVERDUE = [
    (2, "gov_office", 12, S.IN_PROGRESS, "质量发展模式总结材料仍在修改。"),
    (41, "market_supervision", 4, S.NOT_STARTED, ""),
]
BLOCKED = (
    12,
    "ocean",
    "海洋产业“一站式”服务站的场地尚未落实，需区政府协调。",
)


def _department(application: Application, unit_id: str) -> int:
    return UnitAssignment.objects.get(
        county_id=application.county_id,
        framework_id=application.campaign.framework_id,
        unit_id=unit_id,
    ).department_id


def _clerk(department_id: int, office: User) -> User:
    clerk = User.objects.filter(organisation_id=department_id, role=User.Role.CLERK).first()
    return clerk or office


def _task(application: Application, indicator: int, department_id: int) -> Task:
    return Task.objects.select_related("application__campaign").get(
        application=application, indicator=indicator, department_id=department_id, custom=False
    )


@transaction.atomic
def load_demo_tasks(application: Application, today: dt.date) -> None:
    """Generate and advance the demo's tasks once; running it again changes nothing."""
    if Task.objects.filter(application=application, custom=True, title=QUALITY_MONTH).exists():
        return
    office = User.objects.get(role=User.Role.COUNTY_OFFICE, organisation_id=application.county_id)
    actions.generate_tasks(application, office)
    for indicator, unit, status, note in PROGRESS:
        department = _department(application, unit)
        task = _task(application, indicator, department)
        actions.set_status(task, _clerk(department, office), S.IN_PROGRESS)
        if status != S.IN_PROGRESS:
            actions.set_status(task, _clerk(department, office), status)
        if note:
            actions.add_note(task, _clerk(department, office), note)
    for indicator, unit, days, status, note in OVERDUE:
        department = _department(application, unit)
        task = _task(application, indicator, department)
        actions.edit_task(
            task,
            office,
            deadline=today - dt.timedelta(days=days),
            department=task.department,
            status=status,
            note="按区质量强区办调度，完成时限提前。",
        )
        if note:
            actions.add_note(task, _clerk(department, office), note)
    indicator, unit, reason = BLOCKED
    department = _department(application, unit)
    actions.set_status(
        _task(application, indicator, department), _clerk(department, office), S.BLOCKED, reason
    )
    year = application.campaign.evaluation_year
    starts, deadline = dt.date(year, 3, 1), dt.date(year, 5, 31)
    if deadline < today:
        # the plan's months are past: the same three months, starting a fortnight ago
        starts, deadline = today - dt.timedelta(days=14), today + dt.timedelta(days=76)
    for unit, lead in (("publicity", True), ("gov_office", False), ("market_supervision", False)):
        task = actions.add_task(
            application,
            office,
            title=QUALITY_MONTH,
            department=UnitAssignment.objects.get(
                county_id=application.county_id,
                framework_id=application.campaign.framework_id,
                unit_id=unit,
            ).department,
            deadline=deadline,
            starts_on=starts,
            standard=QUALITY_MONTH_TEXT,
            lead=lead,
        )
        if lead:
            actions.set_status(task, _clerk(task.department_id, office), S.IN_PROGRESS)
