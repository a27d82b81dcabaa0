from django.urls import path

from qcounty.web.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:application_id>/template.xlsx", views.template, name="template"),
    path("<int:application_id>/import/", views.import_upload, name="import"),
    path("<int:application_id>/import/<str:token>/", views.import_commit, name="import_commit"),
    path("<int:application_id>/annex2.<str:fmt>", views.annex2, name="annex2"),
    path("<int:application_id>/score-sheet.<str:fmt>", views.score_sheet, name="score_sheet"),
    path("<int:application_id>/jobs/<str:kind>/", views.job_start, name="job_start"),
    path("jobs/<int:job_id>/", views.job, name="job"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
]
