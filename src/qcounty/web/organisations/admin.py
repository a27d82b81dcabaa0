from typing import Any

from django import forms
from django.contrib import admin

from qcounty.web.organisations.attributes import attribute_problems, schemes_of
from qcounty.web.organisations.models import Organisation, UnitAssignment


class OrganisationForm(forms.ModelForm[Organisation]):
    """An organisation; an evaluated unit's attributes must fit its campaigns' schemes."""

    class Meta:
        model = Organisation
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        attributes = data.get("attributes")
        if "attributes" in data and attributes is None:
            data["attributes"] = attributes = {}
        kind = data.get("kind") or self.instance.kind
        problems = attribute_problems(kind, attributes, schemes_of(self.instance))
        if problems:
            self.add_error("attributes", problems)
        return data


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    form = OrganisationForm
    list_display = ("name", "kind", "parent", "tier", "attributes")
    list_filter = ("kind", "tier")
    search_fields = ("name",)


@admin.register(UnitAssignment)
class UnitAssignmentAdmin(admin.ModelAdmin[UnitAssignment]):
    list_display = ("county", "framework_id", "unit_id", "department")
    list_filter = ("framework_id", "unit_id")
