"""The administrator's page of machine tokens: create one (its secret shown once), revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from qcounty.web.accounts.requests import AuthenticatedHttpRequest
from qcounty.web.api import access, actions
from qcounty.web.api.forms import TokenForm
from qcounty.web.api.models import ApiToken
from qcounty.web.responses import refusals


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """List the tokens; create one (POST), showing its secret this once."""
    user = access.require_manager(request.user)
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals(actions.Refused) as refused:
            created = actions.create_token(
                user,
                data["name"],
                data["organisation"],
                data["role"],
                data["scope"],
                form.expires_at(),
            )
        if refused:
            form.add_error(None, refused.message)
        else:
            form = TokenForm()
    tokens = (
        ApiToken.objects.select_related("user__organisation__parent", "created_by", "revoked_by")
        .annotate(use_count=Count("uses"), last_used=Max("uses__at"))
        .order_by("-created_at", "-id")
    )
    context = {"form": form, "tokens": tokens, "created": created}
    return render(request, "api/tokens.html", context, status=200)


@login_required
@require_POST
def revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    user = access.require_manager(request.user)
    token = get_object_or_404(ApiToken, pk=token_id)
    if actions.revoke_token(user, token):
        messages.success(request, _("已吊销令牌“%(name)s”：它立即失效。") % {"name": token.name})
    else:
        messages.info(request, _("令牌“%(name)s”此前已被吊销。") % {"name": token.name})
    return redirect("tokens:index")
