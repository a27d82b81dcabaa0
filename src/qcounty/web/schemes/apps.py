from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchemesConfig(AppConfig):
    name = "qcounty.web.schemes"
    label = "schemes"
    verbose_name = _("评价体系库")
