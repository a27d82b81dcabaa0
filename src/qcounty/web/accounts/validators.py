"""Password rules whose Django wording has no Chinese translation."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule; its message changed in Django 5 and zh-hans lacks the new text."""

    def get_error_message(self) -> str:
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("密码至少包含 %(min_length)d 个字符。") % {"min_length": self.min_length}
