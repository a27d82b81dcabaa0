"""Office documents: the department's Excel template and its import, Annex 2, the score sheet,
the evidence package. The slow ones are document jobs: queued here, built by the worker,
downloaded when ready. Every number comes from qcounty.core; the writers only lay it out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qcounty.core.wording import wording
from qcounty.office.annex2 import annex2_xlsx
from qcounty.office.score_sheet import score_sheet_xlsx
from qcounty.office.template import write_template
from qcounty.office.words import coordinator
from qcounty.web import uploads
from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.campaigns.models import Application
from qcounty.web.documents import access as doc_access
from qcounty.web.documents import builders, imports, jobs
from qcounty.web.documents.data import meta_of, values_of
from qcounty.web.documents.models import DocumentJob
from qcounty.web.documents.tasks import build_document
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting import access
from qcounty.web.responses import download

Role = User.Role
XLSX = builders.XLSX


def _user(request: AuthenticatedHttpRequest) -> User:
    return request.user


@login_required
@require_GET
def template(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
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
        keys = imports.department_keys(application, department.pk)
    framework = application.campaign.framework
    shown = keys if keys is not None else {x.key for x in framework.inputs()}
    content = write_template(
        framework,
        meta_of(application, department),
        keys,
        values_of(application),
        read_only=shown - access.editable_keys(user, application),
        read_only_note=_read_only_note(user, application),
    )
    who = department.name if department else _("全部指标")
    return download(content, f"{application.county.name}-{who}-填报模板.xlsx", XLSX)


def _read_only_note(user: User, application: Application) -> str:
    """Say, after a grey cell's item, why it cannot be changed and what to do instead."""
    if application.status not in (Application.Status.DRAFT, Application.Status.RETURNED):
        return _("申报已上报，现在不能修改，在此修改不会导入。")
    if user.role == Role.CLERK:
        return _(
            "所在部分已提交或已接收（或不由本部门填报），在此修改不会导入；"
            "如需修改，请联系{office}退回本部门的部分。"
        ).format(office=coordinator(wording(application.campaign.framework)))
    return _("所在的部门部分已接收，在此修改不会导入；如需修改，请先在审核页面重新打开该部分。")


@login_required
@require_POST
@uploads.upload_limits("WORKBOOK_MAX_BYTES")
def import_upload(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
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
def import_commit(
    request: AuthenticatedHttpRequest, application_id: int, token: str
) -> HttpResponse:
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
def annex2(request: AuthenticatedHttpRequest, application_id: int, fmt: str) -> HttpResponse:
    """Annex 2 as Excel, built at once (its Word version is a document job)."""
    application = doc_access.get_exportable_application(_user(request), application_id)
    if fmt != "xlsx":
        raise Http404
    name = builders.annex2_name(application)
    return download(annex2_xlsx(*builders.annex2_args(application)), f"{name}.xlsx", XLSX)


@login_required
@require_GET
def score_sheet(request: AuthenticatedHttpRequest, application_id: int, fmt: str) -> HttpResponse:
    """The score sheet as Excel, built at once (its Word version is a document job)."""
    application = doc_access.get_exportable_application(_user(request), application_id)
    if fmt != "xlsx":
        raise Http404
    name = builders.score_sheet_name(application)
    content = score_sheet_xlsx(*builders.score_sheet_args(application))
    return download(content, f"{name}.xlsx", XLSX)


# --------------------------------------------------------------------------- document jobs


@login_required
@require_POST
def job_start(request: AuthenticatedHttpRequest, application_id: int, kind: str) -> HttpResponse:
    """Queue the building of a document (or return to the same one already under way)."""
    user = _user(request)
    application = doc_access.get_exportable_application(user, application_id)
    if kind not in DocumentJob.Kind.values:
        raise Http404
    job, created = jobs.request_document(application, user, kind)
    if created:
        build_document.enqueue(job.pk)
    return redirect("documents:job", job.pk)


@login_required
@require_GET
def job(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    """The job's page: its progress, then the download or what went wrong."""
    job = jobs.check_stalled(doc_access.get_job_for_user(_user(request), job_id))
    return render(request, "documents/job.html", {"job": job, "application": job.application})


@login_required
@require_GET
def job_progress(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    """The job's progress (polled by htmx until it has finished)."""
    job = jobs.check_stalled(doc_access.get_job_for_user(_user(request), job_id))
    return render(request, "documents/_job_progress.html", {"job": job})


@login_required
@require_GET
def job_download(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse | FileResponse:
    """Stream the finished document from the storage."""
    job = doc_access.get_job_for_user(_user(request), job_id)
    if job.status != DocumentJob.Status.DONE or not job.result_name:
        raise Http404
    try:
        stream = default_storage.open(job.result_name, "rb")
    except (FileNotFoundError, OSError):
        messages.error(request, _("文件已被清理，请重新生成"))
        return redirect("documents:job", job.pk)
    return FileResponse(
        stream,
        as_attachment=True,
        filename=job.file_name,
        content_type=builders.CONTENT_TYPES.get(job.kind, "application/octet-stream"),
    )
