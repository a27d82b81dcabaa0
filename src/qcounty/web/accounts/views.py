"""A user's own settings: e-mail address, the daily digest and the password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from qcounty.web.accounts.actions import change_password
from qcounty.web.accounts.forms import ChangePasswordForm, PreferencesForm
from qcounty.web.accounts.requests import AuthenticatedHttpRequest


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = PreferencesForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存"))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})


@sensitive_post_parameters()
@login_required
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ChangePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        change_password(user, form.cleaned_data["new_password1"])
        # keep this session signed in; the user's other sessions end with the old password
        update_session_auth_hash(request, user)
        messages.success(request, _("密码已修改"))
        return redirect("accounts:preferences")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "help_texts": password_validators_help_texts()},
    )
