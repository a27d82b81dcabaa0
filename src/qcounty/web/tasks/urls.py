from django.urls import path

from qcounty.web.tasks import views, views_office

app_name = "tasks"

urlpatterns = [
    path("<int:application_id>/", views.board, name="board"),
    path("<int:application_id>/print/", views.board_print, name="print"),
    path("<int:application_id>/generate/", views.generate, name="generate"),
    path("<int:application_id>/add/", views.add, name="add"),
    path("<int:application_id>/mapping/", views_office.mapping_page, name="mapping"),
    path(
        "<int:application_id>/mapping/assign/", views_office.mapping_assign, name="mapping_assign"
    ),
    path(
        "<int:application_id>/mapping/unassign/",
        views_office.mapping_unassign,
        name="mapping_unassign",
    ),
    path(
        "<int:application_id>/mapping/department/",
        views_office.mapping_department,
        name="mapping_department",
    ),
    path("<int:application_id>/assessment/", views_office.assessment, name="assessment"),
    path(
        "<int:application_id>/assessment.xlsx",
        views_office.assessment_xlsx,
        name="assessment_xlsx",
    ),
    path("task/<int:task_id>/", views.task_page, name="task"),
    path("task/<int:task_id>/status/", views.task_status, name="status"),
    path("task/<int:task_id>/note/", views.task_note, name="note"),
    path("task/<int:task_id>/edit/", views.task_edit, name="edit"),
    path("task/<int:task_id>/delete/", views.task_delete, name="delete"),
    path("task/<int:task_id>/attach/", views.attach, name="attach"),
    path("attachment/<int:attachment_id>/", views.download, name="download"),
    path(
        "attachment/<int:attachment_id>/delete/",
        views.remove_attachment,
        name="remove_attachment",
    ),
]
