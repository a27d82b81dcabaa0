"""Objections, their settlements and overrides can be read in the admin, never changed there
(they move only through the named actions); the calendar is edited on its own page."""

from django.contrib import admin

from qcounty.web.objections.models import (
    CalendarDay,
    FinalListOverride,
    Objection,
    ObjectionFile,
    Settlement,
)
from qcounty.web.readonly_admin import ReadOnlyAdmin


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdmin[CalendarDay]):
    list_display = ("day", "kind", "name")
    list_filter = ("kind",)


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin[Objection]):
    list_display = ("campaign", "number", "application", "indicator", "channel", "state")
    list_filter = ("campaign", "state", "channel")


@admin.register(ObjectionFile)
class ObjectionFileAdmin(ReadOnlyAdmin[ObjectionFile]):
    list_display = ("objection", "original_name", "kind", "size", "uploaded_at")


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin[Settlement]):
    list_display = ("objection", "before", "after", "confirmed_at", "republished")
    exclude = ("comparison",)


@admin.register(FinalListOverride)
class FinalListOverrideAdmin(ReadOnlyAdmin[FinalListOverride]):
    list_display = ("campaign", "decided_by", "decided_at")
