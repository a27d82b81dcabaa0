"""The province's decisions, expert scores and reconciliations are read here, never changed:
each is a new row written by the adjudication actions (the latest counts, the earlier stay)."""

from django.contrib import admin

from qcounty.web.adjudication.models import Decision, ExpertScore, Reconciliation
from qcounty.web.readonly_admin import ReadOnlyAdmin


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin[Decision]):
    list_display = ("decided_at", "application", "key", "kind", "decided_by")
    list_filter = ("kind",)
    search_fields = ("key", "reason", "application__county__name")
    list_select_related = ("application__county", "application__campaign", "decided_by")


@admin.register(ExpertScore)
class ExpertScoreAdmin(ReadOnlyAdmin[ExpertScore]):
    list_display = ("created_at", "application", "key", "expert")
    search_fields = ("key", "application__county__name")
    list_select_related = ("application__county", "application__campaign", "expert")


@admin.register(Reconciliation)
class ReconciliationAdmin(ReadOnlyAdmin[Reconciliation]):
    list_display = ("decided_at", "application", "key", "method", "decided_by")
    list_filter = ("method",)
    search_fields = ("key", "application__county__name")
    list_select_related = ("application__county", "application__campaign", "decided_by")
