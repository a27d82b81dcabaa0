from django.urls import path

from qcounty.web.api import views

app_name = "tokens"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:token_id>/revoke/", views.revoke, name="revoke"),
]
