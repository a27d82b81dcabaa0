from django.urls import path

from qcounty.web.adjudication import views

app_name = "adjudication"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:application_id>/", views.application_page, name="application"),
    path("<int:application_id>/sections/<int:number>/", views.section_part, name="section"),
    path("<int:application_id>/estimate/", views.estimate_panel, name="estimate"),
    path("<int:application_id>/flags/", views.flags_panel, name="flags"),
    path("<int:application_id>/decisions/", views.county_view, name="county_view"),
    path("<int:application_id>/inputs/<str:key>/", views.decide, name="decide"),
    path("<int:application_id>/records/<str:key>/", views.correct_records, name="records"),
    path("<int:application_id>/scores/<str:key>/", views.score, name="score"),
    path("<int:application_id>/reconcile/<str:key>/", views.reconcile, name="reconcile"),
    path("evidence/<int:evidence_id>/", views.evidence, name="evidence"),
]
