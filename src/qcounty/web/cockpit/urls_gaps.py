from django.urls import URLPattern, path

from qcounty.web.cockpit import views_gaps

urlpatterns: list[URLPattern] = [
    path("<int:application_id>/gaps/", views_gaps.gaps, name="gaps"),
    path("<int:application_id>/whatif/", views_gaps.whatif, name="whatif"),
    path("<int:application_id>/rank/", views_gaps.rank, name="rank"),
]
