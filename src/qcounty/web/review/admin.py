"""Sections, return notes and the audit trail are read here, never changed: states move through
the review actions, which write the audit trail (append-only)."""

from django.contrib import admin

from qcounty.web.readonly_admin import ReadOnlyAdmin
from qcounty.web.review.models import AuditEntry, Notification, ReturnNote, Section


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin[Section]):
    list_display = ("application", "department", "status", "extended_until", "times_returned")
    list_filter = ("status", "application__campaign")
    search_fields = ("department__name", "application__county__name")
    list_select_related = ("application__county", "application__campaign", "department")
    raw_id_fields = ("application", "department")


@admin.register(ReturnNote)
class ReturnNoteAdmin(ReadOnlyAdmin[ReturnNote]):
    list_display = ("created_at", "application", "section", "key", "reason", "resolved")
    list_filter = ("resolved",)
    search_fields = ("reason", "key")
    list_select_related = ("application__county", "application__campaign", "section__department")
    raw_id_fields = ("application", "section", "created_by")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin[AuditEntry]):
    """The audit trail is append-only: it can be read here, never added to, changed or deleted."""

    list_display = ("at", "application", "user", "action", "name", "indicator", "key", "reason")
    list_filter = ("action", "name")
    search_fields = ("key", "reason", "user__username")
    list_select_related = ("application__county", "application__campaign", "user")
    date_hierarchy = "at"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("created_at", "user", "kind", "text", "read_at")
    list_filter = ("kind",)
    search_fields = ("text", "user__username")
    list_select_related = ("user",)
    raw_id_fields = ("user", "application")
