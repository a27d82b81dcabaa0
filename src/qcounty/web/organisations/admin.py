from django.contrib import admin

from qcounty.web.organisations.models import Organisation, UnitAssignment


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "parent", "tier")
    list_filter = ("kind", "tier")
    search_fields = ("name",)


@admin.register(UnitAssignment)
class UnitAssignmentAdmin(admin.ModelAdmin[UnitAssignment]):
    list_display = ("county", "framework_id", "unit_id", "department")
    list_filter = ("framework_id", "unit_id")
