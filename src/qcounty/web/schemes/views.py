"""The scheme library's pages: the list, upload, a version's summary and preview, the diff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qcounty.core.framework.loader import FrameworkError
from qcounty.web import uploads
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.schemes import access, actions, library
from qcounty.web.schemes.checking import Problem, Refused, describe
from qcounty.web.schemes.diff import diff as diff_of
from qcounty.web.schemes.models import SchemeVersion
from qcounty.web.schemes.preview import preview as preview_of
from qcounty.web.schemes.summary import summary


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.librarian(request.user)
    entries = library.entries()
    used = library.used_versions()
    rows = [{"entry": e, "used": used.get((e.scheme_id, e.version), [])} for e in entries]
    return render(request, "schemes/index.html", {"rows": rows, "entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
@uploads.upload_limits("SCHEME_MAX_BYTES")
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = access.librarian(request.user)
    problems: list[Problem] = []
    if request.method == "POST":
        if refused := uploads.refusal(request):
            problems = [Problem(refused)]
        elif (upload := request.FILES.get("file")) is None:
            problems = [Problem(_("请选择要上传的评价体系文件（.yaml）"))]
        else:
            try:
                row = actions.upload_scheme(user, upload.read(), upload.name or "")
            except Refused as e:
                problems = e.problems
            else:
                messages.success(
                    request,
                    _("已上传 {id} {version} 版（草稿）").format(
                        id=row.scheme_id, version=row.version
                    ),
                )
                return redirect("schemes:version", row.scheme_id, row.version)
    lines = [describe(p) for p in problems]
    status = 400 if problems else 200
    return render(request, "schemes/upload.html", {"problems": lines}, status=status)


def _entry(scheme_id: str, version: str) -> library.Entry:
    entry = library.find(scheme_id, version)
    if entry is None:
        raise Http404
    return entry


@login_required
@require_GET
def version(request: AuthenticatedHttpRequest, scheme_id: str, version: str) -> HttpResponse:
    access.librarian(request.user)
    entry = _entry(scheme_id, version)
    try:
        framework = library.framework_of_entry(entry)
    except FrameworkError:  # a draft kept before the core's checks grew stricter
        raise Http404 from None
    others = [e for e in library.entries() if e.scheme_id == scheme_id and e.key != entry.key]
    context = {
        "entry": entry,
        "used": library.campaigns_using(scheme_id, version),
        "others": others,
        **summary(framework),
    }
    return render(request, "schemes/version.html", context)


@login_required
@require_GET
def preview(request: AuthenticatedHttpRequest, scheme_id: str, version: str) -> HttpResponse:
    access.librarian(request.user)
    entry = _entry(scheme_id, version)
    framework = library.framework_of_entry(entry)
    result = preview_of(framework)
    return render(
        request,
        "schemes/preview.html",
        {"entry": entry, "framework": framework, "preview": result, **summary(framework)},
    )


@login_required
@require_GET
def diff(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.librarian(request.user)
    entries = library.entries()
    keys = {e.key: e for e in entries}
    old = keys.get(request.GET.get("old", ""))
    new = keys.get(request.GET.get("new", ""))
    context: dict[str, object] = {"entries": entries, "old": old, "new": new}
    if old is not None and new is not None:
        context.update(diff_of(library.framework_of_entry(old), library.framework_of_entry(new)))
    return render(request, "schemes/diff.html", context)


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = access.librarian(request.user)
    row = get_object_or_404(SchemeVersion.objects.only("pk"), pk=pk)
    row = actions.publish_scheme(user, row.pk)
    messages.success(
        request,
        _("已发布 {id} {version} 版，新建创建周期时可以选用").format(
            id=row.scheme_id, version=row.version
        ),
    )
    return redirect("schemes:version", row.scheme_id, row.version)


@login_required
@require_POST
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = access.librarian(request.user)
    row = get_object_or_404(SchemeVersion.objects.only("pk", "scheme_id", "version"), pk=pk)
    try:
        actions.delete_scheme(user, row.pk)
    except Refused as e:
        messages.error(request, "；".join(describe(p) for p in e.problems))
        return redirect("schemes:version", row.scheme_id, row.version)
    messages.success(
        request, _("已删除 {id} {version} 版").format(id=row.scheme_id, version=row.version)
    )
    return redirect("schemes:index")
