from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qcounty.web.review.models import AuditEntry, Notification, ReturnNote, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("application", "department", "status", "extended_until", "times_returned")
    list_filter = ("status", "application__campaign")
    search_fields = ("department__name", "application__county__name")
    list_select_related = ("application__county", "application__campaign", "department")
    raw_id_fields = ("application", "department")


@admin.register(ReturnNote)
class ReturnNoteAdmin(admin.ModelAdmin):
    list_display = ("created_at", "application", "section", "key", "reason", "resolved")
    list_filter = ("resolved",)
    search_fields = ("reason", "key")
    list_select_related = ("application__county", "application__campaign", "section__department")
    raw_id_fields = ("application", "section", "created_by")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail is append-only: it can be read here, never added to, changed or deleted."""

    list_display = ("at", "application", "user", "action", "name", "indicator", "key", "reason")
    list_filter = ("action", "name")
    search_fields = ("key", "reason", "user__username")
    list_select_related = ("application__county", "application__campaign", "user")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "text", "read_at")
    list_filter = ("kind",)
    search_fields = ("text", "user__username")
    list_select_related = ("user",)
    raw_id_fields = ("user", "application")
