from django.urls import path

from qcounty.web.bulk import views

app_name = "bulk"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:batch_id>/", views.batch, name="batch"),
    path("<int:batch_id>/load/", views.load, name="load"),
    path("<int:batch_id>/progress/", views.progress, name="progress"),
]
