from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatfeedConfig(AppConfig):
    name = "qcounty.web.statfeed"
    label = "statfeed"
    verbose_name = _("统计部门数据")
