"""Office documents: the department's Excel template and its import, Annex 2, the score sheet,
the evidence package. Every number comes from qcounty.core; the writers only lay it out."""

from __future__ import annotations

import tempfile
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qcounty.office.annex2 import annex2_docx, annex2_xlsx
from qcounty.office.package import PackageError, PackageFile, evidence_package
from qcounty.office.score_sheet import score_sheet_docx, score_sheet_xlsx
from qcounty.office.template import write_template
from qcounty.web import uploads
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.documents import imports
from qcounty.web.documents.data import departments_by_unit, meta_of, values_of
from qcounty.web.evidence.models import Evidence
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting import access
from qcounty.web.reporting.scoring import assess
from qcounty.web.review.sections import ensure_sections, section_inputs

Role = User.Role
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _exports_allowed(user: User, application: Application) -> None:
    """The office, the province and the administrator download the application's documents."""
    if user.role not in (Role.COUNTY_OFFICE, Role.EVALUATOR, Role.ADMIN):
        raise PermissionDenied


@login_required
@require_GET
def template(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_user(user, application_id)
    department: Organisation | None = None
    if user.role == Role.CLERK:
        department = user.organisation
    elif (wanted := request.GET.get("department", "")).isascii() and wanted.isdigit():
        department = Organisation.objects.filter(
            pk=int(request.GET["department"]), parent=application.county
        ).first()
        if department is None:
            raise Http404
    elif user.role not in (Role.COUNTY_OFFICE, Role.ADMIN):
        raise PermissionDenied
    keys: set[str] | None = None
    if department is not None:
        section = next(
            (s for s in ensure_sections(application) if s.department_id == department.pk), None
        )
        keys = {o.spec.key for o in section_inputs(section)} if section else set()
    content = write_template(
        application.campaign.framework,
        meta_of(application, department),
        keys,
        values_of(application),
    )
    who = department.name if department else _("全部指标")
    return _download(content, f"{application.county.name}-{who}-填报模板.xlsx", XLSX)


@login_required
@require_POST
@uploads.upload_limits("WORKBOOK_MAX_BYTES")
def import_upload(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_user(user, application_id)
    if user.role not in (Role.CLERK, Role.COUNTY_OFFICE):
        raise PermissionDenied
    if refused := uploads.refusal(request):
        messages.error(request, _("未导入：{reason}").format(reason=refused))
        return redirect("reporting:application", application.pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的 Excel 文件"))
        return redirect("reporting:application", application.pk)
    data = upload.read()
    plan = imports.plan_import(application, user, data)
    token = imports.stash(application, user, data) if plan.can_commit else ""
    context = {"application": application, "plan": plan, "token": token, "name": upload.name}
    return render(request, "documents/import.html", context)


@login_required
@require_POST
def import_commit(request: HttpRequest, application_id: int, token: str) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_user(user, application_id)
    pending = imports.pending_import(application, user, token)
    try:
        n = imports.commit_pending(application, user, pending)
    except imports.AlreadyDone as e:
        messages.warning(request, str(e))
    except (ValueError, PermissionDenied) as e:
        messages.error(
            request, _("导入未完成，未写入任何数据：{reason}").format(reason=e or _("无权修改"))
        )
    else:
        if n:
            messages.success(request, _("已导入 {n} 项").format(n=n))
        else:
            messages.info(request, _("文件中的数据与系统中的相同，没有需要导入的内容"))
    return redirect("reporting:application", application.pk)


@login_required
@require_GET
def annex2(request: HttpRequest, application_id: int, fmt: str) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_user(user, application_id)
    _exports_allowed(user, application)
    county = application.county
    args = (
        application.campaign.framework,
        county.name,
        county.parent.name if county.parent else "",
        application.campaign.evaluation_year,
        values_of(application),
    )
    name = f"{county.name}-附件2-重要指标"
    if fmt == "docx":
        return _download(annex2_docx(*args), f"{name}.docx", DOCX)
    if fmt == "xlsx":
        return _download(annex2_xlsx(*args), f"{name}.xlsx", XLSX)
    raise Http404


@login_required
@require_GET
def score_sheet(request: HttpRequest, application_id: int, fmt: str) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_user(user, application_id)
    _exports_allowed(user, application)
    args = (application.campaign.framework, assess(application), departments_by_unit(application))
    name = f"{application.county.name}-工作任务分解表-自评得分"
    if fmt == "docx":
        return _download(score_sheet_docx(*args), f"{name}.docx", DOCX)
    if fmt == "xlsx":
        return _download(score_sheet_xlsx(*args), f"{name}.xlsx", XLSX)
    raise Http404


@login_required
@require_GET
def package(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_user(user, application_id)
    _exports_allowed(user, application)
    framework = application.campaign.framework
    second_of = {
        i.number: s.name
        for f in framework.first_level
        for s in f.second_level
        for i in s.indicators
    }
    files = []
    for e in Evidence.objects.filter(application=application).select_related(
        "uploaded_by", "record"
    ):
        files.append(
            PackageFile(
                indicator=e.indicator,
                folder_name=f"{e.indicator}-{second_of.get(e.indicator, '')}",
                file_name=e.original_name,
                sha256=e.sha256,
                size=e.size,
                uploaded_by=str(e.uploaded_by or ""),
                uploaded_at=e.uploaded_at.isoformat(timespec="seconds"),
                record=f"#{e.record_id}" if e.record_id else "",
                open=lambda e=e: e.file.open("rb"),
            )
        )
    # the package may be large: never all in memory; FileResponse closes the file when sent
    out = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        evidence_package(application.county.name, application.campaign.name, files, out)
    except PackageError as e:
        out.close()  # a half-written package is never sent
        messages.error(request, _("佐证材料包未生成：{reason}").format(reason=e))
        return redirect("reporting:application", application.pk)  # type: ignore[return-value]
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"{application.county.name}-佐证材料.zip",
        content_type="application/zip",
    )
