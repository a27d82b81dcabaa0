"""The admin shows official figures and feeds; they change only through the feed's actions."""

from __future__ import annotations

from django.contrib import admin

from qcounty.web.readonly_admin import ReadOnlyAdmin
from qcounty.web.statfeed.models import FeedBatch, LockChange, LockedInput, OfficialFigure


@admin.register(FeedBatch)
class FeedBatchAdmin(ReadOnlyAdmin[FeedBatch]):
    list_display = ("at", "campaign", "source", "as_of", "rows", "created", "changed", "by")


@admin.register(OfficialFigure)
class OfficialFigureAdmin(ReadOnlyAdmin[OfficialFigure]):
    list_display = ("campaign", "county", "key", "value", "source", "as_of")
    list_filter = ("key",)


@admin.register(LockedInput)
class LockedInputAdmin(ReadOnlyAdmin[LockedInput]):
    list_display = ("campaign", "key", "by", "at")


@admin.register(LockChange)
class LockChangeAdmin(ReadOnlyAdmin[LockChange]):
    list_display = ("at", "campaign", "key", "locked", "values_set", "by")
