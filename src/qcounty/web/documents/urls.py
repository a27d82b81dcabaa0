from django.urls import path

from qcounty.web.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:application_id>/template.xlsx", views.template, name="template"),
    path("<int:application_id>/import/", views.import_upload, name="import"),
    path("<int:application_id>/import/<str:token>/", views.import_commit, name="import_commit"),
    path("<int:application_id>/annex2.<str:fmt>", views.annex2, name="annex2"),
    path("<int:application_id>/score-sheet.<str:fmt>", views.score_sheet, name="score_sheet"),
    path("<int:application_id>/evidence.zip", views.package, name="package"),
]
