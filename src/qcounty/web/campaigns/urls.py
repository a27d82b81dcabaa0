from django.urls import path

from qcounty.web.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("<int:campaign_id>/open/", views.open_for_my_county, name="open"),
]
