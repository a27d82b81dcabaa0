"""Snapshots and publications can be read in the admin, never added, changed or deleted there;
robustness runs likewise (they are started from the evaluation pages)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qcounty.web.evaluation.models import CohortSnapshot, Publication, RobustnessRun


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CohortSnapshot)
class CohortSnapshotAdmin(ReadOnly):
    list_display = ("id", "campaign", "created_at", "created_by", "counties", "cohort_sha256")
    list_filter = ("campaign",)
    exclude = ("cohort_json", "framework_text")


@admin.register(RobustnessRun)
class RobustnessRunAdmin(ReadOnly):
    list_display = ("id", "snapshot", "status", "done", "total", "created_by", "created_at")
    list_filter = ("status",)
    exclude = ("result",)


@admin.register(Publication)
class PublicationAdmin(ReadOnly):
    list_display = ("campaign", "kind", "version", "snapshot", "published_on", "published_by")
    list_filter = ("campaign", "kind")
    exclude = ("figures",)
