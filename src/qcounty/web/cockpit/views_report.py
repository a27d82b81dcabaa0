"""The cockpit's multi-year view and leader's dashboard; both offer the quality status report.

Who sees what:

- the dashboard: the county office of the county (its leader uses the office's account) and the
  administrator; clerks and the province may not (it shows the county's internal progress);
- the report: the county office, the province's evaluator (once it sees the application) and
  the administrator, as the other documents of an application (it is a document job, built in
  the background: documents.jobs);
- the multi-year view: the county office of the county, the province's evaluator (the
  applications it sees) and the administrator.

Another county's office gets 404, as for any application it may not see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.campaigns.models import Application
from qcounty.web.cockpit import access as cockpit_access
from qcounty.web.cockpit import reportdata
from qcounty.web.organisations.models import Organisation
from qcounty.web.review import board
from qcounty.web.review.models import Section
from qcounty.web.words import words_of

if TYPE_CHECKING:
    from qcounty.web.tasks.models import Task

Role = User.Role
A = Application.Status
OVERDUE_SHOWN = 8  # overdue tasks listed on the dashboard (all are counted)


def _user(request: AuthenticatedHttpRequest) -> User:
    return request.user


# --------------------------------------------------------------------------- multi-year view


@login_required
@require_GET
def years(request: AuthenticatedHttpRequest, county_id: int) -> HttpResponse:
    user = _user(request)
    county = get_object_or_404(
        Organisation.objects.select_related("parent"), pk=county_id, kind=Organisation.Kind.COUNTY
    )
    cockpit_access.require_county_history(user, county)
    applications = reportdata.county_history(county, user)
    if not applications and user.role != Role.COUNTY_OFFICE:
        raise Http404  # the province sees a county once it has submitted an application
    columns = [reportdata.scored(a) for a in applications]
    context = {
        "county": county,
        "columns": columns,
        "lines": reportdata.years_lines(columns),
        "versions": reportdata.scheme_versions(columns),
        "chart": reportdata.years_chart(columns),
        "latest": applications[-1] if applications else None,
        "dashboard": cockpit_access.may_see_dashboard(user),
        "words": words_of(applications[-1].campaign if applications else None),
    }
    return render(request, "cockpit/years.html", context)


# --------------------------------------------------------------------------- dashboard


@dataclass
class Deadline:
    id: str
    label: str
    date: dt.date
    today: dt.date
    done: str = ""  # the step is done (in words): the countdown ends

    @property
    def days(self) -> int:
        """Return the days left until the deadline (negative: past it)."""
        return (self.date - self.today).days

    @property
    def late(self) -> int:
        return -self.days


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = cockpit_access.get_application_for_dashboard(user, application_id)
    today = timezone.localdate()
    s = reportdata.scored(application)
    result = s.result
    campaign = application.campaign
    rows = board.progress(application, today=today)
    overdue = _overdue_tasks(application, today)
    ref = s.reference
    lost = sorted(
        ((x.name, x.max - x.points, x.max) for x in result.second_level),
        key=lambda t: -t[1],
    )
    chart = {
        "total": round(result.total, 2),
        "floor": round(result.floor, 2),
        "ceiling": round(result.ceiling, 2),
        "most": campaign.framework.total_points,
        "radar": {
            "names": [f.name for f in result.first_level],
            "max": [f.max for f in result.first_level],
            "county": [round(f.points, 2) for f in result.first_level],
            "median": [round(ref.first.get(f.name, 0.0), 2) for f in result.first_level]
            if ref
            else [],
            "tier": [round(ref.tier_first.get(f.name, 0.0), 2) for f in result.first_level]
            if ref and ref.tier_total is not None
            else [],
            "tier_name": ref.tier_name if ref else "",
        },
        "lost": {
            "names": [name for name, _lost, _most in lost],
            "values": [round(x, 2) for _name, x, _most in lost],
        },
    }
    context = {
        "application": application,
        "scored": s,
        "result": result,
        "reference": ref,
        "first_rows": [
            (f, ref.first.get(f.name) if ref else None, ref.tier_first.get(f.name) if ref else None)
            for f in result.first_level
        ],
        "lost": lost,
        "rows": rows,
        "submitted": sum(1 for r in rows if r.section.status in board.SUBMITTED_STATES),
        "accepted": sum(1 for r in rows if r.section.status == Section.Status.ACCEPTED),
        "late_departments": sum(1 for r in rows if r.overdue),
        "overdue": overdue[:OVERDUE_SHOWN],
        "overdue_count": len(overdue),
        "today": today,
        "deadlines": _deadlines(application, rows, today),
        "chart": chart,
    }
    return render(request, "cockpit/dashboard.html", context)


def _deadlines(application: Application, rows: list[board.Row], today: dt.date) -> list[Deadline]:
    """Return the two deadlines; each one's countdown ends once its step is done."""
    campaign = application.campaign
    sections_in = bool(rows) and all(r.section.status in board.SUBMITTED_STATES for r in rows)
    with_province = application.status in (A.SUBMITTED, A.ACCEPTED)
    departments_done = ""
    if with_province:
        departments_done = _("已报省")
    elif sections_in:
        departments_done = _("各部门均已提交")
    return [
        Deadline(
            "department-deadline",
            _("部门填报截止"),
            campaign.department_deadline,
            today,
            departments_done,
        ),
        Deadline(
            "application-deadline",
            _("申报截止（报省）"),
            campaign.application_deadline,
            today,
            _("省级已接收") if application.status == A.ACCEPTED else "",
        ),
    ]


def _overdue_tasks(application: Application, today: dt.date) -> list[Task]:
    """Return the tasks past their deadline and not done, the longest overdue first."""
    from qcounty.web.tasks.queries import overdue

    tasks = list(overdue(application, today).select_related("department").order_by("deadline"))
    for task in tasks:
        task.days_late = (today - task.deadline).days  # type: ignore[attr-defined]  # for the template
    return tasks
