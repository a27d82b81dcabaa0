from django.urls import path

from qcounty.web.statfeed import views

app_name = "statfeed"
urlpatterns = [
    path("", views.index, name="index"),
    path("preview/", views.preview, name="preview"),
    path("apply/", views.confirm, name="apply"),
    path("template/", views.template_file, name="template"),
    path("lock/", views.lock, name="lock"),
    path("<int:batch_id>/", views.batch, name="batch"),
]
