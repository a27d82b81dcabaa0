from django.urls import path

from qcounty.web.objections import views

app_name = "objections"

urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("campaigns/<int:campaign_id>/file/", views.file, name="file"),
    path("campaigns/<int:campaign_id>/register/", views.register, name="register"),
    path("campaigns/<int:campaign_id>/register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("<int:objection_id>/", views.detail, name="detail"),
    path("<int:objection_id>/step/", views.step, name="step"),
    path("<int:objection_id>/correct/", views.correct, name="correct"),
    path("<int:objection_id>/records/", views.records, name="records"),
    path("<int:objection_id>/settle/", views.settle, name="settle"),
    path("<int:objection_id>/reply.docx", views.reply_docx, name="reply_docx"),
    path("settlements/<int:settlement_id>/", views.settlement, name="settlement"),
    path("settlements/<int:settlement_id>/confirm/", views.confirm, name="confirm"),
    path("files/<int:file_id>/", views.file_download, name="file_download"),
]
