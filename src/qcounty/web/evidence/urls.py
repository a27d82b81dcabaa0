from django.urls import path

from qcounty.web.evidence import views

app_name = "evidence"
urlpatterns = [
    path("upload/<int:application_id>/<int:indicator>/", views.upload, name="upload"),
    path("<int:evidence_id>/", views.download, name="download"),
    path("<int:evidence_id>/delete/", views.remove, name="remove"),
]
