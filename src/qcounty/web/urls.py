from django.contrib import admin
from django.urls import include, path

from qcounty.web.api.main import urls as api_v1_urls
from qcounty.web.operations import views as operations_views
from qcounty.web.reporting import views as reporting_views

urlpatterns = [
    path("", reporting_views.home, name="home"),
    path("accounts/", include("qcounty.web.accounts.urls")),
    path("applications/", include("qcounty.web.reporting.urls")),
    path("campaigns/", include("qcounty.web.campaigns.urls")),
    path("documents/", include("qcounty.web.documents.urls")),
    path("bulk/", include("qcounty.web.bulk.urls")),
    path("statistics/", include("qcounty.web.statfeed.urls")),
    path("evidence/", include("qcounty.web.evidence.urls")),
    path("review/", include("qcounty.web.review.urls")),
    path("adjudication/", include("qcounty.web.adjudication.urls")),
    path("evaluation/", include("qcounty.web.evaluation.urls")),
    path("objections/", include("qcounty.web.objections.urls")),
    path("tasks/", include("qcounty.web.tasks.urls")),
    path("cockpit/", include("qcounty.web.cockpit.urls")),
    path("schemes/", include("qcounty.web.schemes.urls")),
    path("help/", include("qcounty.web.help.urls")),
    path("api/v1/", api_v1_urls()),
    path("tokens/", include("qcounty.web.api.urls")),
    path("admin/", admin.site.urls),
    path("healthz", operations_views.healthz, name="healthz"),
]
