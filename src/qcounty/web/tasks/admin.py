from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qcounty.web.tasks.models import MappingChange, Task, TaskAttachment, TaskNote


class ReadOnly(admin.ModelAdmin):
    """An append-only record: read here, never added to, changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = (
        "application",
        "indicator",
        "department",
        "lead",
        "deadline",
        "status",
        "custom",
    )
    list_filter = ("status", "custom", "lead", "application__campaign")
    search_fields = ("title", "department__name", "application__county__name")
    list_select_related = ("application__county", "application__campaign", "department")
    raw_id_fields = ("application", "department", "generated_for", "created_by")


@admin.register(TaskNote)
class TaskNoteAdmin(ReadOnly):
    list_display = ("created_at", "task", "author", "kind", "text")
    list_filter = ("kind",)
    list_select_related = ("task", "author")


@admin.register(TaskAttachment)
class TaskAttachmentAdmin(admin.ModelAdmin):
    list_display = ("uploaded_at", "task", "original_name", "kind", "size", "uploaded_by")
    list_select_related = ("task", "uploaded_by")
    raw_id_fields = ("task", "uploaded_by")


@admin.register(MappingChange)
class MappingChangeAdmin(ReadOnly):
    list_display = ("at", "county", "framework_id", "unit_id", "department", "action", "user")
    list_filter = ("action",)
    list_select_related = ("county", "department", "user")
