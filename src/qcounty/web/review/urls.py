from django.urls import path

from qcounty.web.review import views

app_name = "review"
urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:notification_id>/", views.notification, name="notification"),
    path("<int:application_id>/panel/", views.panel, name="panel"),
    path("<int:application_id>/history/", views.history, name="history"),
    path("<int:application_id>/progress/", views.progress, name="progress"),
    path("<int:application_id>/progress.xlsx", views.progress_xlsx, name="progress_xlsx"),
    path("<int:application_id>/accept-submitted/", views.accept_submitted, name="accept_submitted"),
    path("<int:application_id>/<str:action>/", views.application_action, name="application_action"),
    path("section/<int:section_id>/", views.section_page, name="section"),
    path("section/<int:section_id>/diff/", views.diff, name="diff"),
    path("section/<int:section_id>/extension/", views.extension, name="extension"),
    path("section/<int:section_id>/keys/", views.return_keys, name="return_keys"),
    path("section/<int:section_id>/<str:action>/", views.section_action, name="section_action"),
]
