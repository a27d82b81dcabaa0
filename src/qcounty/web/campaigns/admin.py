"""Campaigns are set up here; applications are only shown (their states move through the review
actions, which audit them). A campaign whose final list is out is shown read-only too."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application, Campaign, FrozenAssignment
from qcounty.web.readonly_admin import ReadOnlyAdmin


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin[Campaign]):
    list_display = (
        "name",
        "framework_id",
        "evaluation_year",
        "department_deadline",
        "application_deadline",
    )
    exclude = ("reference_cohort",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # the applications' values are read against this framework version
        if obj is not None and obj.applications.exists():
            return ("framework_id", "framework_version", "evaluation_year")
        return ()

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
