"""Tokens and their uses are read in the admin; tokens are created and revoked on their own
page (/tokens/), which shows a new token's secret once and keeps only its SHA-256."""

from django.contrib import admin

from qcounty.web.api.models import ApiToken, TokenUse
from qcounty.web.readonly_admin import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin[ApiToken]):
    list_display = ("name", "prefix", "user", "scope", "expires_at", "revoked_at", "created_by")
    list_filter = ("scope",)
    search_fields = ("name", "prefix")
    exclude = ("digest",)


@admin.register(TokenUse)
class TokenUseAdmin(ReadOnlyAdmin[TokenUse]):
    """Every request made with a token: append-only, read here."""

    list_display = ("at", "token", "method", "path", "status", "address")
    list_filter = ("status", "method")
    search_fields = ("path", "token__name", "token__prefix")
    list_select_related = ("token",)
    date_hierarchy = "at"
