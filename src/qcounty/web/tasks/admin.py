"""Tasks, their notes and attachments are read here; they change on the task board, which
notes every change of status, deadline or department."""

from django.contrib import admin

from qcounty.web.readonly_admin import ReadOnlyAdmin
from qcounty.web.tasks.models import MappingChange, Task, TaskAttachment, TaskNote


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin[Task]):
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
class TaskNoteAdmin(ReadOnlyAdmin[TaskNote]):
    list_display = ("created_at", "task", "author", "kind", "text")
    list_filter = ("kind",)
    list_select_related = ("task", "author")


@admin.register(TaskAttachment)
class TaskAttachmentAdmin(ReadOnlyAdmin[TaskAttachment]):
    list_display = ("uploaded_at", "task", "original_name", "kind", "size", "uploaded_by")
    list_select_related = ("task", "uploaded_by")
    raw_id_fields = ("task", "uploaded_by")


@admin.register(MappingChange)
class MappingChangeAdmin(ReadOnlyAdmin[MappingChange]):
    list_display = ("at", "county", "framework_id", "unit_id", "department", "action", "user")
    list_filter = ("action",)
    list_select_related = ("county", "department", "user")
