from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qcounty.web.documents.models import DocumentJob


@admin.register(DocumentJob)
class DocumentJobAdmin(admin.ModelAdmin[DocumentJob]):
    """Jobs are looked at here; only the worker moves them (and purge_document_jobs deletes them)."""

    list_display = ("id", "kind", "application", "requested_by", "status", "created_at")
    list_filter = ("status", "kind")
    list_select_related = ("application__county", "requested_by")
    readonly_fields = [f.name for f in DocumentJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # jobs and their files go by `purge_document_jobs`, never half-deleted
