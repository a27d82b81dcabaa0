"""A user's own settings: e-mail address and the daily digest."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qcounty.web.accounts.models import User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "wants_digest"]
        labels = {
            "email": gettext_lazy("电子邮箱"),
            "wants_digest": gettext_lazy("每天接收一封进度汇总邮件"),
        }


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PreferencesForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存"))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})
