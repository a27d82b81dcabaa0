from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulkConfig(AppConfig):
    name = "qcounty.web.bulk"
    label = "bulk"
    verbose_name = _("省级批量导入")
