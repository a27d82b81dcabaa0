from django.urls import path

from qcounty.web.evaluation.views import experts, publication, results, robustness, scheme, whatif

app_name = "evaluation"

urlpatterns = [
    path("", results.index, name="index"),
    path("campaigns/<int:campaign_id>/snapshot/", results.take_snapshot, name="take_snapshot"),
    path(
        "campaigns/<int:campaign_id>/experts/",
        experts.experts_see_results,
        name="experts_see_results",
    ),
    path(
        "campaigns/<int:campaign_id>/scheme.<str:fmt>",
        scheme.scheme_table,
        name="scheme_table",
    ),
    path("snapshots/<int:snapshot_id>/", results.snapshot_page, name="snapshot"),
    path("snapshots/<int:snapshot_id>/cohort.json", results.cohort_file, name="cohort_file"),
    path(
        "snapshots/<int:snapshot_id>/framework.yaml",
        results.framework_file,
        name="framework_file",
    ),
    path("snapshots/<int:snapshot_id>/results.json", results.results_json, name="results_json"),
    path(
        "snapshots/<int:snapshot_id>/counties/<int:position>/",
        results.county_page,
        name="county",
    ),
    path(
        "snapshots/<int:snapshot_id>/counties/<int:position>/whatif/",
        whatif.preview,
        name="whatif",
    ),
    path(
        "snapshots/<int:snapshot_id>/counties/<int:position>/whatif/save/",
        whatif.save,
        name="whatif_save",
    ),
    path("snapshots/<int:snapshot_id>/compare/", whatif.compare, name="compare"),
    path("snapshots/<int:snapshot_id>/robustness/", robustness.start, name="robustness"),
    path("robustness/<int:run_id>/", robustness.run_page, name="robustness_run"),
    path("robustness/<int:run_id>/progress/", robustness.progress, name="robustness_progress"),
    path("snapshots/<int:snapshot_id>/publish/", publication.publish, name="publish"),
    path("publications/<int:publication_id>/", publication.publication_page, name="publication"),
    path(
        "publications/<int:publication_id>/list.<str:fmt>",
        publication.list_file,
        name="publication_list",
    ),
    path(
        "publications/<int:publication_id>/reports/<int:position>.docx",
        publication.county_report,
        name="county_report",
    ),
    path(
        "publications/<int:publication_id>/applications/<int:application_id>/report.docx",
        publication.application_report,
        name="application_report",
    ),
]
