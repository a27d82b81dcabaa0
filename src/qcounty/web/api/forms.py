"""The administrator's form that creates a machine token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qcounty.web.accounts.models import User
from qcounty.web.api.access import TOKEN_ROLES
from qcounty.web.api.models import ApiToken
from qcounty.web.organisations.models import Organisation

DEFAULT_DAYS = 90


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("名称"), max_length=100, help_text=_("例如使用令牌的系统：省大数据平台")
    )
    organisation = forms.ModelChoiceField(
        label=_("所属组织"),
        queryset=Organisation.objects.filter(kind__in=set(TOKEN_ROLES.values())).select_related(
            "parent"
        ),
    )
    role = forms.ChoiceField(
        label=_("角色"),
        choices=[(r, label) for r, label in User.Role.choices if r in TOKEN_ROLES],
        help_text=_("令牌的权限与该角色的用户相同：县的令牌只能读写本县的申报。"),
    )
    scope = forms.ChoiceField(
        label=_("权限范围"), choices=ApiToken.Scope.choices, widget=forms.RadioSelect
    )
    expires_on = forms.DateField(
        label=_("有效期至"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("到期当天 24 时失效。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "scope": ApiToken.Scope.READ,
                "expires_on": timezone.localdate() + dt.timedelta(days=DEFAULT_DAYS),
            },
        )
        super().__init__(*args, **kwargs)

    def expires_at(self) -> dt.datetime:
        """Return the end of the chosen day, in the site's time zone."""
        day: dt.date = self.cleaned_data["expires_on"]
        start = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
        return timezone.make_aware(start)
