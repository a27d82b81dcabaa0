from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "qcounty.web.organisations"
    label = "organisations"
    verbose_name = _("组织机构")
