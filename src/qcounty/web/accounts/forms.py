"""Forms of a user's own account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from qcounty.web.accounts.models import User


class PreferencesForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["email", "delivery", "wants_digest"]
        labels = {
            "email": _("电子邮箱"),
            "delivery": _("通知邮件"),
            "wants_digest": _("每天接收一封进度汇总邮件"),
        }
        widgets = {"delivery": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivery"].required = False  # a form without the choice keeps the current one

    def clean_delivery(self) -> str:
        delivery: str = self.cleaned_data.get("delivery") or self.instance.delivery
        return delivery


class ChangePasswordForm(PasswordChangeForm):
    """Django's check of the old password and the validators, with the house's wording."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("原密码不正确，请重新输入。"),
        "password_mismatch": _("两次输入的新密码不一致。"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("原密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("再次输入新密码")
