from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qcounty.web.accounts"
    label = "accounts"
    verbose_name = _("账号")

    def ready(self) -> None:
        # connect the receivers of the lock-out and sign-in signals
        from qcounty.web.accounts import lockout, sessions  # noqa: F401
