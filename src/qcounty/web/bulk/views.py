"""The province's bulk import pages: upload, the dry run's progress and summary, the load and its
progress (the check and the load run in the worker)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qcounty.web import uploads
from qcounty.web.accounts.models import User
from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.bulk import access, actions
from qcounty.web.bulk.files import UploadRefused, survey
from qcounty.web.bulk.models import BulkImport, BulkItem
from qcounty.web.bulk.tasks import check_bulk_import, load_bulk_import
from qcounty.web.campaigns.models import Campaign
from qcounty.web.words import words_of

Role = User.Role


def _province_user(request: AuthenticatedHttpRequest) -> User:
    """Return the user if they are the province's evaluator or an administrator; 404 otherwise."""
    return access.require_province_user(request.user)


@login_required
@require_http_methods(["GET", "POST"])
@uploads.upload_limits("MAX_UPLOAD_BYTES")
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _province_user(request)
    campaigns = Campaign.objects.defer("reference_cohort")
    if request.method == "POST":
        chosen = request.POST.get("campaign", "")
        campaign = (
            campaigns.filter(pk=int(chosen)).first()
            if chosen.isascii() and chosen.isdigit()
            else None
        )
        if campaign is None:
            messages.error(request, "请选择创建周期")
            return redirect("bulk:upload")
        if refused := uploads.refusal(request):
            messages.error(request, f"上传被拒绝：{refused}")
            return redirect("bulk:upload")
        try:
            surveyed, count = survey(request.FILES.getlist("files"))
        except UploadRefused as e:
            messages.error(request, f"上传被拒绝，未读取任何文件：{e}")
            return redirect("bulk:upload")
        batch = actions.create_batch(campaign, user, surveyed, count)
        check_bulk_import.enqueue(batch.pk)  # each workbook is read by the worker
        return redirect("bulk:batch", batch.pk)
    batches = BulkImport.objects.select_related("campaign", "uploaded_by")[:20]
    shown = list(campaigns)  # the latest first: its scheme names the units on the page
    context = {
        "campaigns": shown,
        "batches": batches,
        "words": words_of(shown[0] if shown else None),
    }
    return render(request, "bulk/upload.html", context)


@login_required
@require_GET
def batch(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    user = _province_user(request)
    b = actions.check_stalled(access.get_batch_for_user(user, batch_id))
    items = b.items.select_related("application")
    accepted = sum(i.status == BulkItem.Status.ACCEPTED for i in items)
    return render(request, "bulk/batch.html", {"batch": b, "items": items, "accepted": accepted})


@login_required
@require_POST
def load(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    user = _province_user(request)
    b = access.get_batch_for_user(user, batch_id)
    if actions.start_loading(b.pk):
        load_bulk_import.enqueue(b.pk)
    else:
        messages.info(request, "这一批已经加载过（或正在加载），未重复加载。")
    return redirect("bulk:batch", b.pk)


@login_required
@require_GET
def progress(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    user = _province_user(request)
    b = actions.check_stalled(access.get_batch_for_user(user, batch_id))
    response = render(request, "bulk/progress.html", {"batch": b})
    if request.headers.get("HX-Request") and not b.working:
        response["HX-Refresh"] = "true"  # finished: show the whole result
    return response
