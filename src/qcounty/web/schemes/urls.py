from django.urls import path

from qcounty.web.schemes import views

app_name = "schemes"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("diff/", views.diff, name="diff"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<str:scheme_id>/<str:version>/", views.version, name="version"),
    path("<str:scheme_id>/<str:version>/preview/", views.preview, name="preview"),
]
