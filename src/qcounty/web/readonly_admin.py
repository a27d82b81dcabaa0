"""The admin's read-only view of records that change only through the named, audited actions.

Application and section states, decisions, snapshots, publications and the audit trail move
through `actions` functions that check the rules and write an audit entry; the admin may show
them but never add, change or delete them (which also removes the bulk "delete selected" action).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

_M = TypeVar("_M", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[_M]):
    """Show the records; refuse every add, change and delete (403)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
