from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from qcounty.web.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "organisation", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("qcounty", {"fields": ("role", "organisation", "full_name")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("qcounty", {"fields": ("role", "organisation", "full_name")}),
    )
