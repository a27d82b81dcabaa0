"""The county office's pages around tasks: the role mapping and the department assessment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.campaigns.models import Application
from qcounty.web.responses import XLSX, download
from qcounty.web.tasks import access, mapping
from qcounty.web.tasks.assessment import assessment as assessment_rows
from qcounty.web.tasks.assessment import assessment_xlsx as workbook
from qcounty.web.tasks.forms import DepartmentForm, MappingForm
from qcounty.web.tasks.views import _act, _errors


def _user(request: AuthenticatedHttpRequest) -> User:
    return request.user


def _office(request: AuthenticatedHttpRequest, application_id: int) -> Application:
    """Return the application if the user is its county office (403 for its other users)."""
    user = _user(request)
    application = access.get_application_for_tasks(user, application_id)
    if not access.can_manage(user, application):
        raise PermissionDenied
    return application


# ---------------------------------------------------------------- the role mapping


@login_required
@require_GET
def mapping_page(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_office(user, application_id)
    context = {
        "application": application,
        "roles": mapping.roles(application),
        "departments": mapping.departments_of_county(application),
        "history": mapping.history(application)[:100],
        "can_manage": access.can_manage(user, application),
        "department_form": DepartmentForm(),
    }
    return render(request, "tasks/mapping.html", context)


def _change(request: AuthenticatedHttpRequest, application_id: int, assign: bool) -> HttpResponse:
    application = _office(request, application_id)
    form = MappingForm(request.POST, application=application)
    if not form.is_valid():
        messages.error(request, _("分工未修改：{errors}").format(errors=_errors(form)))
        return redirect("tasks:mapping", application.pk)
    unit, department = form.cleaned_data["unit"], form.cleaned_data["department"]
    do = mapping.assign if assign else mapping.unassign
    names = {u.id: u.name for u in application.campaign.framework.units}
    done = _("已指定部门负责“{unit}”") if assign else _("已取消部门对“{unit}”的负责")
    if _act(
        request,
        lambda: do(application, _user(request), unit, department),
        done.format(unit=names.get(unit, unit)),
    ):
        messages.info(
            request, _("分工已变更：如需为新分工补充任务，请在任务看板点击“生成/补充任务”。")
        )
    return redirect("tasks:mapping", application.pk)


@login_required
@require_POST
def mapping_assign(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    return _change(request, application_id, assign=True)


@login_required
@require_POST
def mapping_unassign(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    return _change(request, application_id, assign=False)


@login_required
@require_POST
def mapping_department(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _office(request, application_id)
    form = DepartmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("未新建部门：{errors}").format(errors=_errors(form)))
        return redirect("tasks:mapping", application.pk)
    name = form.cleaned_data["name"]
    _act(
        request,
        lambda: mapping.create_department(application, _user(request), name),
        _("已新建部门“{name}”").format(name=" ".join(name.split())),
    )
    return redirect("tasks:mapping", application.pk)


# ---------------------------------------------------------------- the department assessment


@login_required
@require_GET
def assessment(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = access.get_application_for_office(_user(request), application_id)
    today = timezone.localdate()
    context = {
        "application": application,
        "rows": assessment_rows(application, today),
        "today": today,
    }
    return render(request, "tasks/assessment.html", context)


@login_required
@require_GET
def assessment_xlsx(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = access.get_application_for_office(_user(request), application_id)
    today = timezone.localdate()
    content = workbook(application, assessment_rows(application, today))
    county = application.county
    name = _("{city}{county}部门考核表（{year}年）.xlsx").format(
        city=county.city_name,
        county=county.name,
        year=application.campaign.evaluation_year,
    )
    return download(content, name, XLSX)
