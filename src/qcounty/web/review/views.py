"""Review views: the panel's actions, the history, the changes since a return, the progress board.

Each view: check access, parse a form, call review.actions, render. A forged request from the
wrong role gets 403 (the action has already recorded the refusal); a refusal the user can act
on is shown in the panel. After a change of state the whole page is reloaded (HX-Refresh) so
that fields locked or unlocked by it show as such.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.base import BaseStorage
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting import access
from qcounty.web.responses import refusals
from qcounty.web.review import access as review_access
from qcounty.web.review import actions, board, department, notify
from qcounty.web.review.forms import (
    ExtensionForm,
    HistoryFilterForm,
    ProgressFilterForm,
    ReasonForm,
    ReturnSectionForm,
)
from qcounty.web.review.models import Notification, Section
from qcounty.web.review.sections import ensure_sections
from qcounty.web.words import words_of

Role = User.Role
SECTION_ACTIONS = {"submit", "resubmit", "return", "accept", "reopen"}
APPLICATION_ACTIONS = {"submit", "return", "accept", "reopen"}


def _user(request: AuthenticatedHttpRequest) -> User:
    return request.user


def _htmx(request: AuthenticatedHttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _render_panel(
    request: AuthenticatedHttpRequest, application: Application, error: str = ""
) -> HttpResponse:
    context = {
        "application": application,
        "review": board.panel(_user(request), application, error=error),
    }
    return render(request, "review/_panel.html", context)


def _section(request: AuthenticatedHttpRequest, section_id: int) -> tuple[Section, Application]:
    section = get_object_or_404(Section.objects.select_related("department"), pk=section_id)
    user = _user(request)
    application = access.get_application_for_user(user, section.application_id)
    if user.role == Role.CLERK and section.department_id != user.organisation_id:
        raise Http404  # another department's section
    section.application = application
    return section, application


def _invalid(
    request: AuthenticatedHttpRequest,
    application: Application,
    form: Any,
    roles: frozenset[str],
    back: str = "",
) -> HttpResponse:
    """Show what is wrong with the form, or 403 if the user's role may not act at all."""
    if _user(request).role not in roles:
        raise PermissionDenied
    message = "；".join(str(e) for errors in form.errors.values() for e in errors)
    return _refused(request, application, message, back)


def _act(
    request: AuthenticatedHttpRequest,
    application: Application,
    do: Callable[[], Any],
    done: str,
    back: str = "",
) -> HttpResponse:
    """Call an action; answer 403 if not allowed, show a refusal, or reload after a change.

    Without htmx the answer is a redirect: to `back` (the department's page the form was sent
    from) or to the application page.
    """
    with refusals(actions.Refused, forbidden=actions.NotAllowed) as refused:
        do()
    if refused:
        return _refused(request, application, refused.message, back)
    messages.success(request, done)
    application.refresh_from_db(fields=["status"])
    if not _htmx(request):
        return redirect(back or reverse("reporting:application", args=[application.pk]))
    response = _render_panel(request, application)
    response["HX-Refresh"] = "true"
    return response


def _refused(
    request: AuthenticatedHttpRequest, application: Application, message: str, back: str = ""
) -> HttpResponse:
    if not _htmx(request):
        messages.error(request, message)
        return redirect(back or reverse("reporting:application", args=[application.pk]))
    return _render_panel(request, application, error=message)


def _back(request: AuthenticatedHttpRequest, section: Section) -> str:
    """Return the department's page when the form was sent from it, else "" (the application)."""
    if request.POST.get("from") == "section":
        return reverse("review:section", args=[section.pk])
    return ""


@login_required
@require_GET
def panel(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = access.get_application_for_user(_user(request), application_id)
    return _render_panel(request, application)


@login_required
@require_GET
def return_keys(request: AuthenticatedHttpRequest, section_id: int) -> HttpResponse:
    """Answer the options of a return's field list, loaded when the office opens the form;
    without JavaScript, a page with the whole return form (one field or the department's)."""
    section, application = _section(request, section_id)
    if _user(request).role not in actions.SECTION["return_section"].roles:
        raise PermissionDenied
    keys = board.return_keys(application, section)
    if _htmx(request):
        return render(request, "review/_return_keys.html", {"keys": keys})
    context = {"application": application, "section": section, "keys": keys}
    return render(request, "review/return.html", context)


@login_required
@require_POST
def section_action(request: AuthenticatedHttpRequest, section_id: int, action: str) -> HttpResponse:
    if action not in SECTION_ACTIONS:
        raise Http404
    user = _user(request)
    section, application = _section(request, section_id)
    name = f"{action}_section"
    reason, key = "", ""
    back = _back(request, section)
    if action == "return":
        form: ReasonForm = ReturnSectionForm(
            request.POST, keys=board.return_keys(application, section)
        )
        if not form.is_valid():
            return _invalid(request, application, form, actions.SECTION[name].roles, back)
        reason, key = form.cleaned_data["reason"], form.cleaned_data["key"]
    elif action == "reopen":
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return _invalid(request, application, form, actions.SECTION[name].roles, back)
        reason = form.cleaned_data["reason"]
    done = {
        "submit": _("{department}的填报已提交"),
        "resubmit": _("{department}的填报已重新提交"),
        "return": _("已退回{department}的填报"),
        "accept": _("已接收{department}的填报"),
        "reopen": _("已重新打开{department}的填报"),
    }[action].format(department=section.department.name)
    return _act(
        request,
        application,
        lambda: actions.transition_section(section, name, user, reason=reason, key=key),
        done,
        back,
    )


@login_required
@require_POST
def accept_submitted(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = access.get_application_for_user(user, application_id)
    accepted: list[Section] = []

    def do() -> None:
        accepted.extend(actions.accept_submitted(application, user))

    response = _act(request, application, do, "")
    stored = messages.get_messages(request)
    if isinstance(stored, BaseStorage):  # replace the empty message with the count
        stored.used = True
    messages.success(request, _("已接收 {n} 个部门的填报").format(n=len(accepted)))
    return response


@login_required
@require_POST
def extension(request: AuthenticatedHttpRequest, section_id: int) -> HttpResponse:
    user = _user(request)
    section, application = _section(request, section_id)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, form, frozenset({Role.COUNTY_OFFICE}))
    until, reason = form.cleaned_data["until"], form.cleaned_data["reason"]
    done = _("已将{department}的填报截止日期延至 {date}").format(
        department=section.department.name, date=until.isoformat()
    )
    return _act(
        request,
        application,
        lambda: actions.grant_extension(section, user, until, reason),
        done,
    )


@login_required
@require_POST
def application_action(
    request: AuthenticatedHttpRequest, application_id: int, action: str
) -> HttpResponse:
    if action not in APPLICATION_ACTIONS:
        raise Http404
    user = _user(request)
    application = access.get_application_for_user(user, application_id)
    name = f"{action}_application"
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, form, actions.APPLICATION[name].roles)
    reason = form.cleaned_data["reason"] if action in ("return", "reopen") else ""
    done = {
        "submit": _("申报已提交至省"),
        "return": _("申报已退回{unit}").format(unit=words_of(application.campaign).short),
        "accept": _("申报已接收"),
        "reopen": _("申报已重新打开"),
    }[action]
    return _act(
        request,
        application,
        lambda: actions.transition_application(application, name, user, reason=reason),
        done,
    )


@login_required
@require_GET
def history(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = access.get_application_for_user(_user(request), application_id)
    ensure_sections(application)
    form = HistoryFilterForm(request.GET or None, application=application)
    indicator, section = None, None
    if form.is_bound and form.is_valid():
        indicator, section = form.cleaned_data["indicator"], form.cleaned_data["section"]
    if _user(request).role == Role.CLERK:
        # a clerk sees the history of their own department's inputs only
        section = board.clerk_section(_user(request), application)
        if section is None:
            raise Http404
    context = {
        "application": application,
        "form": form,
        "rows": board.history(application, indicator=indicator, section=section),
        "indicator": indicator,
        "section": section,
    }
    return render(request, "review/history.html", context)


@login_required
@require_GET
def diff(request: AuthenticatedHttpRequest, section_id: int) -> HttpResponse:
    section, application = _section(request, section_id)
    context = {
        "application": application,
        "section": section,
        "changes": board.changes_since_return(section),
        "notes": board.last_notes(section),
        "can_accept": _user(request).role == Role.COUNTY_OFFICE
        and section.status == Section.Status.RESUBMITTED
        and application.status in actions.OPEN_APPLICATION,
    }
    return render(request, "review/diff.html", context)


def _progress_application(request: AuthenticatedHttpRequest, application_id: int) -> Application:
    user = _user(request)
    application = access.get_application_for_user(user, application_id)
    if user.role not in (Role.COUNTY_OFFICE, Role.ADMIN):
        raise Http404
    return application


def _status_filter(request: AuthenticatedHttpRequest) -> tuple[ProgressFilterForm, str]:
    form = ProgressFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    return form, status


@login_required
@require_GET
def progress(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _progress_application(request, application_id)
    form, status = _status_filter(request)
    rows = board.progress(application, status)
    context = {
        "application": application,
        "form": form,
        "status": status,
        "rows": rows,
        "today": timezone.localdate(),
    }
    return render(request, "review/progress.html", context)


@login_required
@require_GET
def progress_xlsx(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _progress_application(request, application_id)
    _form, status = _status_filter(request)
    content = board.progress_xlsx(application, board.progress(application, status))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{board.progress_title(application)}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)  # RFC 5987
    return response


@login_required
@require_GET
def section_page(request: AuthenticatedHttpRequest, section_id: int) -> HttpResponse:
    """Show one department's section alone: its values, evidence, changes; accept or return it."""
    user = _user(request)
    section = review_access.get_section_for_review(user, section_id)
    application = section.application
    reviewer = review_access.can_review(user, section) and (
        application.status in actions.OPEN_APPLICATION and not freeze.frozen_message_of(application)
    )
    context = {
        "application": application,
        "section": section,
        "blocks": department.blocks(section),
        "changes": board.changes_since_return(section),
        "notes": board.open_notes(section) or board.last_notes(section),
        "can_decide": reviewer and section.status in actions.SECTION["accept_section"].sources,
        "can_reopen": reviewer and section.status in actions.SECTION["reopen_section"].sources,
        "return_keys": board.return_keys(application, section) if reviewer else [],
    }
    return render(request, "review/section.html", context)


@login_required
@require_GET
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """List the user's notifications, newest first; unread ones stand out until opened."""
    user = _user(request)
    items = list(Notification.objects.filter(user=user).select_related("application")[:200])
    rows = [
        {"n": n, "unread": n.read_at is None, "link": reverse("review:notification", args=[n.pk])}
        for n in items
    ]
    unread = sum(1 for r in rows if r["unread"])
    return render(request, "review/notifications.html", {"rows": rows, "unread": unread})


def _target(n: Notification) -> str:
    if n.link:
        return n.link
    if n.application_id:
        return reverse("reporting:application", args=[n.application_id])
    return reverse("review:notifications")


@login_required
@require_GET
def notification(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    """Mark one of the user's notifications read and open what it is about."""
    n = get_object_or_404(Notification, pk=notification_id, user=_user(request))
    notify.mark_read(_user(request), [n.pk])
    return redirect(_target(n))


@login_required
@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mark all of the user's notifications read (全部标为已读)."""
    count = notify.mark_read(_user(request))
    messages.success(request, _("已将 {n} 条通知标为已读").format(n=count))
    return redirect("review:notifications")
