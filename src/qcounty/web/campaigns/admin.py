"""Campaigns are set up here; applications are only shown (their states move through the review
actions, which audit them). A campaign whose final list is out is shown read-only too."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application, Campaign, FrozenAssignment
from qcounty.web.readonly_admin import ReadOnlyAdmin
from qcounty.web.schemes import actions as scheme_actions
from qcounty.web.schemes import library
from qcounty.web.schemes.checking import Refused


class CampaignForm(forms.ModelForm[Campaign]):
    """A campaign names a scheme version the library offers: bundled, or published."""

    class Meta:
        model = Campaign
        exclude = ("reference_cohort",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "framework_version" in self.fields:
            offered = "；".join(
                f"{e.scheme_id} {e.version}（{e.name}）" for e in library.entries(True)
            )
            self.fields["framework_version"].help_text = _("可选用的版本：{offered}").format(
                offered=offered
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scheme_id, version = data.get("framework_id"), data.get("framework_version")
        if scheme_id and version:
            entry = library.find(scheme_id, version)
            if entry is None or not entry.published:
                raise forms.ValidationError(
                    _(
                        "评价体系库中没有已发布的“{id}” {version} 版：请先在评价体系库中上传并发布"
                    ).format(id=scheme_id, version=version)
                )
        return data


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin[Campaign]):
    list_display = (
        "name",
        "framework_id",
        "evaluation_year",
        "department_deadline",
        "application_deadline",
    )
    form = CampaignForm

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # the applications' values are read against this framework version
        if obj is not None and obj.applications.exists():
            return ("framework_id", "framework_version", "evaluation_year")
        return ()

    def save_model(self, request: HttpRequest, obj: Campaign, form: Any, change: bool) -> None:
        # the admin saves in a transaction: the version's row stays locked until it commits
        try:
            scheme_actions.claim_for_campaign(obj.framework_id, obj.framework_version)
        except Refused as e:
            raise forms.ValidationError(str(e)) from None
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and freeze.is_final(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.applications.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin[Application]):
    list_display = ("county", "campaign", "status", "mapping_frozen_at")
    list_filter = ("campaign", "status")


@admin.register(FrozenAssignment)
class FrozenAssignmentAdmin(ReadOnlyAdmin[FrozenAssignment]):
    """An application's mapping as first submitted: a record, never edited."""

    list_display = ("application", "unit_id", "department")
    list_filter = ("unit_id",)
