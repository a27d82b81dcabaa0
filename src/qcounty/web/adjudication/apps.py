from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdjudicationConfig(AppConfig):
    name = "qcounty.web.adjudication"
    label = "adjudication"
    verbose_name = _("省级审核")
