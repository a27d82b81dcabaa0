from django.contrib import admin

from qcounty.web.campaigns.models import Application, Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "framework_id",
        "evaluation_year",
        "department_deadline",
        "application_deadline",
    )
    exclude = ("reference_cohort",)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("county", "campaign", "status")
    list_filter = ("campaign", "status")
