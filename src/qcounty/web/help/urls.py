from django.urls import path

from qcounty.web.help import views

app_name = "help"
urlpatterns = [
    path("", views.index, name="index"),
    path("pages/<str:view_name>/", views.page, name="page"),
    path("manuals/<str:audience>.<str:fmt>", views.manual, name="manual"),
]
