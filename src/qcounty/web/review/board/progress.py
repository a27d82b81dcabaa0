"""The board of all applications' progress, as a page and as a workbook, and each user's to-dos."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.web.campaigns.models import Application
from qcounty.web.review.board.panel import Row, section_rows
from qcounty.web.review.board.state import (
    S,
)

STATUS_FILTERS = [*(value for value, _label in S.choices), "overdue"]


def progress(application: Application, status: str = "", today: dt.date | None = None) -> list[Row]:
    """Return the progress of every department, optionally only those in a status (or overdue)."""
    rows = section_rows(application, today)
    if status == "overdue":
        return [r for r in rows if r.overdue]
    if status:
        return [r for r in rows if r.section.status == status]
    return rows


def progress_title(application: Application) -> str:
    """Return the progress export's title: "威海市文登区填报进度（2026年12月5日）"."""
    county = application.county
    today = timezone.localdate()
    return _("{city}{county}填报进度（{date}）").format(
        city=county.city_name,
        county=county.name,
        date=f"{today.year}年{today.month}月{today.day}日",
    )


def progress_xlsx(application: Application, rows: list[Row]) -> bytes:
    """Return the progress board as an .xlsx workbook: values only, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from qcounty.office.docstyle import active_sheet, print_titled

    book = Workbook()
    sheet = active_sheet(book)
    sheet.title = _("进度")
    header = [
        _("部门"),
        _("应填项数"),
        _("已填项数"),
        _("未填项数"),
        _("状态"),
        _("提交时间"),
        _("退回时间"),
        _("接收时间"),
        _("退回次数"),
        _("延期至"),
        _("是否逾期"),
    ]
    widths = [24, 10, 10, 10, 12, 18, 18, 18, 10, 12, 10]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in rows:
        s = r.section
        sheet.append(
            [
                s.department.name,
                r.due,
                r.filled,
                len(r.missing),
                str(s.get_status_display()),
                _when(s.submitted_at),
                _when(s.returned_at),
                _when(s.accepted_at),
                s.times_returned,
                s.extended_until.isoformat() if s.extended_until else "",
                _("是") if r.overdue else _("否"),
            ]
        )
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            if cell.data_type == "f":  # a text beginning with "=" is text here, never a formula
                cell.data_type = "s"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    print_titled(sheet, progress_title(application), landscape=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _when(at: dt.datetime | None) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""
