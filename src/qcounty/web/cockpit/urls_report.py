from django.urls import URLPattern, path

from qcounty.web.cockpit import views_report

urlpatterns: list[URLPattern] = [
    path("<int:application_id>/dashboard/", views_report.dashboard, name="dashboard"),
    path("county/<int:county_id>/years/", views_report.years, name="years"),
]
