"""Task views: the board by department, its print page, one task, its notes and attachments.

Each view: check access, parse a form, call tasks.actions, redirect with a message (or render).
A request from a role that may not act gets 403; a refusal the user can act on is a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qcounty.web import uploads
from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.evidence.checks import CONTENT_TYPES
from qcounty.web.reporting.scoring import assess
from qcounty.web.responses import refusals
from qcounty.web.tasks import access, actions, queries
from qcounty.web.tasks.forms import AddForm, BoardFilterForm, EditForm, NoteForm, StatusForm
from qcounty.web.tasks.models import Task, TaskAttachment
from qcounty.web.tasks.state import state_of

Role = User.Role


def _user(request: AuthenticatedHttpRequest) -> User:
    return request.user


def _errors(form: Any) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


def _act(request: AuthenticatedHttpRequest, do: Callable[[], Any], done: str) -> bool:
    """Call an action: 403 if not allowed; its refusal as an error message; else `done`."""
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        do()
    if refused:
        refused.show(request)
        return False
    if done:
        messages.success(request, done)
    return True


# ---------------------------------------------------------------- the board


@login_required
@require_GET
def board(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_tasks(user, application_id)
    today = timezone.localdate()
    form = BoardFilterForm(request.GET or None, application=application)
    status, department_id = "", None
    if form.is_bound and form.is_valid():
        status, department_id = form.cleaned_data["status"], form.cleaned_data["department"]
    own_only = user.role == Role.CLERK
    if own_only:
        department_id = user.organisation_id  # a clerk sees their own department's tasks
    groups = queries.board(application, today, status=status, department_id=department_id)
    can_manage = access.can_manage(user, application)
    context = {
        "application": application,
        "form": form,
        "status": status,
        "groups": groups,
        "counts": queries.counts(application, today) if not own_only else None,
        "today": today,
        "can_manage": can_manage,
        "own_only": own_only,
        "add_form": AddForm(
            application=application,
            initial={"deadline": application.campaign.department_deadline, "lead": True},
        )
        if can_manage
        else None,
        "filtered": bool(status or (department_id and not own_only)),
    }
    return render(request, "tasks/board.html", context)


@login_required
@require_GET
def board_print(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_office(user, application_id)
    today = timezone.localdate()
    context = {
        "application": application,
        "groups": queries.board(application, today),
        "counts": queries.counts(application, today),
        "today": today,
    }
    return render(request, "tasks/print.html", context)


@login_required
@require_POST
def generate(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_tasks(user, application_id)
    if not access.can_manage(user, application):
        raise PermissionDenied
    with refusals(actions.Refused) as refused:
        result = actions.generate_tasks(application, user)
    if refused:
        return refused.redirect(request, "tasks:board", application.pk)
    messages.success(
        request,
        _("已生成 {created} 项任务；此前生成的 {kept} 项保持不变").format(
            created=result.created, kept=result.kept
        ),
    )
    if result.unmapped:
        numbers = "、".join(str(u.indicator) for u in result.unmapped)
        messages.error(
            request,
            _(
                "以下指标的责任单位尚未指定部门，未能生成任务：{numbers}。请先在“责任单位分工”中指定部门。"
            ).format(numbers=numbers),
        )
    return redirect("tasks:board", application.pk)


@login_required
@require_POST
def add(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_tasks(user, application_id)
    if not access.can_manage(user, application):
        raise PermissionDenied
    form = AddForm(request.POST, application=application)
    if not form.is_valid():
        messages.error(request, _("未添加任务：{errors}").format(errors=_errors(form)))
        return redirect("tasks:board", application.pk)
    data = form.cleaned_data
    _act(
        request,
        lambda: actions.add_task(
            application,
            user,
            title=data["title"],
            department=data["department"],
            deadline=data["deadline"],
            starts_on=data["starts_on"],
            standard=data["standard"],
            lead=data["lead"],
        ),
        _("已添加任务“{title}”").format(title=data["title"]),
    )
    return redirect("tasks:board", application.pk)


# ---------------------------------------------------------------- one task


@login_required
@require_GET
def task_page(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    user = _user(request)
    task = access.get_task_for_user(user, task_id)
    application = task.application
    today = timezone.localdate()
    can_manage = access.can_manage(user, application)
    can_update = access.can_update(user, task)
    state = state_of(task, today)
    indicator = None
    if task.indicator:
        indicator = next(
            (i for i in assess(application).indicators if i.number == task.indicator), None
        )
    siblings = (
        Task.objects.filter(application=application, indicator=task.indicator)
        .exclude(pk=task.pk)
        .select_related("department")
        .order_by("-lead", "department_id")
        if task.indicator
        else Task.objects.none()
    )
    context = {
        "task": task,
        "application": application,
        "today": today,
        "state": state,
        "overdue": state.overdue,
        "indicator": indicator,
        "unfilled": queries.unfilled(task),
        "siblings": siblings,
        "notes": task.notes.select_related("author"),
        "attachments": task.attachments.select_related("uploaded_by"),
        "can_manage": can_manage,
        "can_update": can_update,
        "stale": actions.is_stale(task),
        "status_form": StatusForm(initial={"status": task.status}) if can_update else None,
        "note_form": NoteForm() if can_update else None,
        "edit_form": EditForm(
            task=task,
            initial={
                "department": task.department_id,
                "deadline": task.deadline,
                "status": task.status,
                "starts_on": task.starts_on,
                "title": task.title,
                "standard": task.standard,
            },
        )
        if can_manage
        else None,
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
    }
    return render(request, "tasks/task.html", context)


def _updatable(request: AuthenticatedHttpRequest, task_id: int) -> Task:
    task = access.get_task_for_user(_user(request), task_id)
    if not access.can_update(_user(request), task):
        raise PermissionDenied
    return task


def _managed(request: AuthenticatedHttpRequest, task_id: int) -> Task:
    task = access.get_task_for_user(_user(request), task_id)
    if not access.can_manage(_user(request), task.application):
        raise PermissionDenied
    return task


@login_required
@require_POST
def task_status(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = _updatable(request, task_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("状态未修改：{errors}").format(errors=_errors(form)))
        return redirect("tasks:task", task.pk)
    status, note = form.cleaned_data["status"], form.cleaned_data["note"]
    if _act(
        request,
        lambda: actions.set_status(task, _user(request), status, note),
        _("已更新任务状态"),
    ):
        _warn_if_unfilled(request, task, status)
    return redirect("tasks:task", task.pk)


def _warn_if_unfilled(request: AuthenticatedHttpRequest, task: Task, status: str) -> None:
    """Warn (never refuse) when a task is marked done while its indicator is not filled in."""
    if status != Task.Status.DONE:
        return
    missing = queries.unfilled(task)
    if missing:
        messages.warning(
            request,
            _("本指标仍有 {n} 项未填报（{labels}），请确认任务确已完成。").format(
                n=len(missing), labels="、".join(m.label for m in missing)
            ),
        )


@login_required
@require_POST
def task_note(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = _updatable(request, task_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("未添加进展说明：{errors}").format(errors=_errors(form)))
        return redirect("tasks:task", task.pk)
    text = form.cleaned_data["text"]
    _act(request, lambda: actions.add_note(task, _user(request), text), _("已添加进展说明"))
    return redirect("tasks:task", task.pk)


@login_required
@require_POST
def task_edit(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = _managed(request, task_id)
    form = EditForm(request.POST, task=task)
    if not form.is_valid():
        messages.error(request, _("任务未修改：{errors}").format(errors=_errors(form)))
        return redirect("tasks:task", task.pk)
    data = form.cleaned_data
    if _act(
        request,
        lambda: actions.edit_task(
            task,
            _user(request),
            deadline=data["deadline"],
            department=data["department"],
            status=data["status"],
            starts_on=data.get("starts_on"),
            title=data.get("title"),
            standard=data.get("standard"),
            note=data["note"],
        ),
        _("已保存任务"),
    ):
        _warn_if_unfilled(request, task, data["status"])
    return redirect("tasks:task", task.pk)


@login_required
@require_POST
def task_delete(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = _managed(request, task_id)
    application_id = task.application_id
    title = task.title
    if _act(
        request,
        lambda: actions.delete_task(task, _user(request)),
        _("已删除任务“{title}”").format(title=title),
    ):
        return redirect("tasks:board", application_id)
    return redirect("tasks:task", task.pk)


# ---------------------------------------------------------------- attachments


@login_required
@require_POST
@uploads.upload_limits("EVIDENCE_MAX_BYTES")
def attach(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = _updatable(request, task_id)
    if over_limit := uploads.refusal(request):
        messages.error(request, _("未上传：{reason}").format(reason=over_limit))
        return redirect("tasks:task", task.pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要上传的文件"))
        return redirect("tasks:task", task.pk)
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        stored = actions.store_attachment(task, upload, _user(request))
    if refused:
        reason = refused.message
        messages.error(
            request, _("未上传“{name}”：{reason}").format(name=upload.name, reason=reason)
        )
        return redirect("tasks:task", task.pk)
    name = stored.attachment.original_name
    if stored.duplicate:
        messages.success(request, _("该文件已经上传过（{name}），未重复保存").format(name=name))
    else:
        messages.success(request, _("已上传“{name}”").format(name=name))
    return redirect("tasks:task", task.pk)


def _attachment(request: AuthenticatedHttpRequest, attachment_id: int) -> TaskAttachment:
    attachment = get_object_or_404(TaskAttachment, pk=attachment_id)
    attachment.task = access.get_task_for_user(_user(request), attachment.task_id)
    return attachment


@login_required
@require_GET
def download(request: AuthenticatedHttpRequest, attachment_id: int) -> FileResponse:
    attachment = _attachment(request, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def remove_attachment(request: AuthenticatedHttpRequest, attachment_id: int) -> HttpResponse:
    attachment = _attachment(request, attachment_id)
    task = attachment.task
    if not access.can_update(_user(request), task):
        raise PermissionDenied
    name = attachment.original_name
    _act(
        request,
        lambda: actions.remove_attachment(attachment, _user(request)),
        _("已删除附件“{name}”").format(name=name),
    )
    return redirect("tasks:task", task.pk)
