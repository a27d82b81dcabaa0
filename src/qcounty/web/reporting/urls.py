from django.urls import path

from qcounty.web.reporting import views

app_name = "reporting"
urlpatterns = [
    path("<int:application_id>/", views.application_page, name="application"),
    path("<int:application_id>/sections/<int:number>/", views.section_part, name="section"),
    path("<int:application_id>/score/", views.score_panel, name="score"),
    path("<int:application_id>/selfcheck/", views.selfcheck_panel, name="selfcheck"),
    path("<int:application_id>/flags/", views.flag_note, name="flag_note"),
    path("<int:application_id>/inputs/<str:key>/", views.save_field, name="save"),
    path("<int:application_id>/records/<str:key>/add/", views.add_record, name="record_add"),
    path("<int:application_id>/records/<str:key>/none/", views.no_records, name="records_none"),
    path("<int:application_id>/record/<int:record_id>/", views.update_record, name="record_update"),
    path(
        "<int:application_id>/record/<int:record_id>/delete/",
        views.delete_record,
        name="record_delete",
    ),
]
