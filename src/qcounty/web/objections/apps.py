from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectionsConfig(AppConfig):
    name = "qcounty.web.objections"
    label = "objections"
    verbose_name = _("公示与异议")
