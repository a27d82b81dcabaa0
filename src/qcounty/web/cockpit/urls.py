from qcounty.web.cockpit.urls_gaps import urlpatterns as gaps
from qcounty.web.cockpit.urls_report import urlpatterns as report

app_name = "cockpit"

urlpatterns = [*gaps, *report]
