from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from axes.utils import reset
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qcounty.web.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "full_name", "role", "organisation", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("qcounty", {"fields": ("role", "organisation", "full_name")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("qcounty", {"fields": ("role", "organisation", "full_name")}),
    )
    actions = ["unlock_login"]

    @admin.action(description=_("解除登录锁定"))
    def unlock_login(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Forget the failed logins of the selected accounts, so that they can sign in again."""
        names = list(queryset.values_list("username", flat=True))
        for username in names:
            reset(username=username)
        self.message_user(
            request,
            ngettext(
                "已解除 %(count)d 个账户的登录锁定。",
                "已解除 %(count)d 个账户的登录锁定。",
                len(names),
            )
            % {"count": len(names)},
            messages.SUCCESS,
        )


class _AuditLogAdmin:
    """Sign-in records are an audit trail: shown, never edited or deleted in the admin."""

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SignInLogAdmin(_AuditLogAdmin, AccessLogAdmin):  # type: ignore[misc]  # axes is untyped
    pass


class FailedLoginLogAdmin(_AuditLogAdmin, AccessFailureLogAdmin):  # type: ignore[misc]  # axes is untyped
    pass


# axes registers its own admins when it loads; these replace them (accounts loads later)
admin.site.unregister(AccessLog)
admin.site.register(AccessLog, SignInLogAdmin)
admin.site.unregister(AccessFailureLog)
admin.site.register(AccessFailureLog, FailedLoginLogAdmin)
