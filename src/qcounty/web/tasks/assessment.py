"""The department assessment (保障措施（三）严格督导落实): each department's part, in numbers.

Per department: the inputs it owns (as the review sections count them), whether its section was
first submitted by the deadline, how often it was returned, its tasks overdue, and the points its
indicators earned against their maximum. The points are the core's (reporting.scoring.assess);
an indicator several departments answer for counts in full for each of them.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.scoring import assess
from qcounty.web.review.models import AuditEntry, ReturnNote, Section
from qcounty.web.review.sections import department_units, missing_inputs, owned_inputs
from qcounty.web.tasks.models import Task
from qcounty.web.tasks.queries import done_q, overdue_q

S = Section.Status


class Delivery:
    """Whether a department delivered its part by the deadline (codes sort from best to worst)."""

    ON_TIME = "on_time"
    EXTENDED = "extended"
    PENDING = "pending"
    LATE = "late"
    MISSING = "missing"
    NOTHING = "nothing"  # the department answers for no input
    ORDER = (ON_TIME, EXTENDED, PENDING, LATE, MISSING, NOTHING)

    @staticmethod
    def label(code: str) -> str:
        return {
            Delivery.ON_TIME: _("按时提交"),
            Delivery.EXTENDED: _("延期内提交"),
            Delivery.PENDING: _("尚未提交（未到截止日期）"),
            Delivery.LATE: _("逾期提交"),
            Delivery.MISSING: _("逾期未提交"),
            Delivery.NOTHING: _("无填报项"),
        }[code]


@dataclass
class DepartmentRow:
    department: Organisation
    roles: list[str]  # the unit roles it answers for (names)
    inputs_due: int
    inputs_missing: int
    section_status: str  # label; "" without a section
    first_submitted: dt.datetime | None
    delivery: str  # a Delivery code
    returns: int
    tasks: int
    tasks_done: int
    tasks_overdue: int
    indicators: list[int] = field(default_factory=list)
    shared: list[int] = field(default_factory=list)  # its indicators other departments share
    points: float = 0.0
    max_points: float = 0.0

    @property
    def delivery_label(self) -> str:
        return Delivery.label(self.delivery)

    @property
    def delivery_rank(self) -> int:
        return Delivery.ORDER.index(self.delivery)

    @property
    def rate(self) -> float | None:
        """Return the share of the maximum its indicators earned, in percent."""
        return 100.0 * self.points / self.max_points if self.max_points else None


def _section_status(section: Section | None, units: set[str]) -> str:
    if section is not None:
        return str(section.get_status_display())
    # a department answering for inputs but without a section yet has not started: in draft
    return str(S.DRAFT.label) if units else ""


def _delivery(
    submitted: dt.datetime | None, section: Section | None, deadline: dt.date, today: dt.date
) -> str:
    extended = section.extended_until if section is not None else None
    if submitted is not None:
        day = timezone.localdate(submitted)
        if day <= deadline:
            return Delivery.ON_TIME
        if extended is not None and day <= extended:
            return Delivery.EXTENDED
        return Delivery.LATE
    if today <= deadline or (extended is not None and today <= extended):
        return Delivery.PENDING
    return Delivery.MISSING


def assessment(application: Application, today: dt.date | None = None) -> list[DepartmentRow]:
    """Return a row per department answering for the application (or holding one of its tasks)."""
    today = today or timezone.localdate()
    framework = application.campaign.framework
    deadline = application.campaign.department_deadline
    units = department_units(application)
    task_counts = {
        row["department_id"]: row
        for row in Task.objects.filter(application=application)
        .values("department_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=done_q()),
            overdue=Count("id", filter=overdue_q(today)),
        )
    }
    ids = sorted(set(units) | set(task_counts))
    departments = {d.pk: d for d in Organisation.objects.filter(pk__in=ids)}
    sections = {s.department_id: s for s in Section.objects.filter(application=application)}
    first_submit = dict(
        AuditEntry.objects.filter(
            application=application,
            action=AuditEntry.Action.STATE,
            name="submit_section",
            section__isnull=False,
        )
        .values("section__department_id")
        .annotate(first=Min("at"))
        .values_list("section__department_id", "first")
    )
    returns = dict(
        ReturnNote.objects.filter(application=application, section__isnull=False)
        .values("section__department_id")
        .annotate(n=Count("id"))
        .values_list("section__department_id", "n")
    )
    owned = owned_inputs(framework)
    missing_keys = {m.key for m in missing_inputs(application, owned)}
    result = {i.number: i for i in assess(application).indicators}
    answering: dict[int, int] = {}  # indicator → how many departments answer for it
    for d_units in units.values():
        for indicator in framework.indicators():
            if d_units & set(indicator.units):
                answering[indicator.number] = answering.get(indicator.number, 0) + 1
    role_names = {u.id: u.name for u in framework.units}
    rows = []
    for department_id in ids:
        d_units = units.get(department_id, set())
        mine = [o for o in owned if o.units & d_units]
        section = sections.get(department_id)
        submitted = first_submit.get(department_id)
        if submitted is None and section is not None and section.status != S.DRAFT:
            submitted = section.submitted_at  # a section put in a state without the workflow
        indicators = [i.number for i in framework.indicators() if d_units & set(i.units)]
        counts = task_counts.get(department_id, {"total": 0, "done": 0, "overdue": 0})
        rows.append(
            DepartmentRow(
                department=departments[department_id],
                roles=[name for u, name in role_names.items() if u in d_units],
                inputs_due=len(mine),
                inputs_missing=sum(1 for o in mine if o.spec.key in missing_keys),
                section_status=_section_status(section, d_units),
                first_submitted=submitted,
                delivery=_delivery(submitted, section, deadline, today)
                if mine
                else Delivery.NOTHING,
                returns=returns.get(department_id, 0),
                tasks=counts["total"],
                tasks_done=counts["done"],
                tasks_overdue=counts["overdue"],
                indicators=indicators,
                shared=[n for n in indicators if answering.get(n, 0) > 1],
                points=sum(result[n].points for n in indicators),
                max_points=sum(result[n].max for n in indicators),
            )
        )
    return rows


def _when(at: dt.datetime | None) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


HEADERS = [
    # (header, width)
    (gettext_lazy("部门"), 24),
    (gettext_lazy("负责的责任单位角色"), 30),
    (gettext_lazy("应填项数"), 10),
    (gettext_lazy("未填项数"), 10),
    (gettext_lazy("填报状态"), 12),
    (gettext_lazy("首次提交时间"), 18),
    (gettext_lazy("是否按时提交"), 22),
    (gettext_lazy("退回次数"), 10),
    (gettext_lazy("任务数"), 9),
    (gettext_lazy("已完成任务"), 11),
    (gettext_lazy("逾期任务"), 10),
    (gettext_lazy("负责指标"), 30),
    (gettext_lazy("指标得分"), 11),
    (gettext_lazy("指标满分"), 11),
    (gettext_lazy("得分率（%）"), 12),
]


def assessment_xlsx(application: Application, rows: list[DepartmentRow]) -> bytes:
    """Return the assessment as an .xlsx workbook: values only, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from qcounty.office.docstyle import a4_print, active_sheet, print_titled

    book = Workbook()
    sheet = active_sheet(book)
    sheet.title = _("部门考核")
    sheet.append([str(h) for h, _w in HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for r in rows:
        sheet.append(
            [
                r.department.name,
                "、".join(r.roles),
                r.inputs_due,
                r.inputs_missing,
                r.section_status,
                _when(r.first_submitted),
                r.delivery_label,
                r.returns,
                r.tasks,
                r.tasks_done,
                r.tasks_overdue,
                "、".join(str(n) for n in r.indicators),
                r.points,
                r.max_points,
                r.rate,
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # a name beginning with "=" is text here, never a formula
                cell.data_type = "s"
            # wrapped, so a long 负责指标 list shows whole (the row grows) instead of cut off
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for cell in row[12:15]:
            cell.number_format = "0.00"
    for i, (_h, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{len(rows) + 1}"
    county = application.county
    title = _("{city}{county}部门考核表（{year}年）").format(
        city=county.city_name,
        county=county.name,
        year=application.campaign.evaluation_year,
    )
    print_titled(sheet, title, landscape=True)
    notes = book.create_sheet(_("说明"))
    campaign = application.campaign
    for line in [
        _("{county} · {campaign}").format(county=application.county.name, campaign=campaign.name),
        _("部门填报截止日期：{date}").format(date=campaign.department_deadline.isoformat()),
        _("导出时间：{at}").format(at=_when(timezone.now())),
        _(
            "应填项数：该部门负责的填报项（含前置指标与一票否决项）；按时提交：首次提交不晚于截止日期。"
        ),
        _(
            "指标得分：按当前填报值自评的得分；多个部门共同负责的指标，其得分和满分计入每一个负责部门。"
        ),
    ]:
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    for line in notes["A"]:
        line.alignment = Alignment(wrap_text=True, vertical="top")
    a4_print(notes, landscape=False)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
