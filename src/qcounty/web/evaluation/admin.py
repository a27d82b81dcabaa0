"""Snapshots and publications can be read in the admin, never added, changed or deleted there;
robustness runs likewise (they are started from the evaluation pages)."""

from django.contrib import admin

from qcounty.web.evaluation.models import CohortSnapshot, Publication, RobustnessRun
from qcounty.web.readonly_admin import ReadOnlyAdmin


@admin.register(CohortSnapshot)
class CohortSnapshotAdmin(ReadOnlyAdmin[CohortSnapshot]):
    list_display = ("id", "campaign", "created_at", "created_by", "counties", "cohort_sha256")
    list_filter = ("campaign",)
    exclude = ("cohort_json", "framework_text")


@admin.register(RobustnessRun)
class RobustnessRunAdmin(ReadOnlyAdmin[RobustnessRun]):
    list_display = ("id", "snapshot", "status", "done", "total", "created_by", "created_at")
    list_filter = ("status",)
    exclude = ("result",)


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin[Publication]):
    list_display = ("campaign", "kind", "version", "snapshot", "published_on", "published_by")
    list_filter = ("campaign", "kind")
    exclude = ("figures",)
