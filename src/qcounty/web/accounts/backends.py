"""Sign-in backend: Django's, with the user's organisation loaded in the same query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import backends
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from qcounty.web.accounts.models import User


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend; a request's user comes with its organisation and that one's parent.

    Nearly every request asks for them (the access checks, the page header): one query, not three.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        user = super().authenticate(request, username, password, **kwargs)
        if user is None and username is not None and password is not None:
            # refused here: Django's backend after this one (kept for the sessions it signed
            # in) would only hash the password a second time; a failure is still signalled
            raise PermissionDenied
        return user

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("organisation__parent").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
