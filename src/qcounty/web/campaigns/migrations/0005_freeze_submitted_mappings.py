"""Freeze the unit → department mapping of every application already submitted.

Applications submitted before mappings were frozen kept no record of the mapping they were
submitted under: the county's mapping of the day this runs is the best there is, and it is what
their pages showed until now. Drafts are left alone (they freeze when first submitted).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone


def freeze_submitted(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor | None) -> None:
    Application = apps.get_model("campaigns", "Application")
    FrozenAssignment = apps.get_model("campaigns", "FrozenAssignment")
    UnitAssignment = apps.get_model("organisations", "UnitAssignment")
    now = timezone.now()
    submitted = (
        Application.objects.exclude(status="draft")
        .filter(mapping_frozen_at__isnull=True)
        .select_related("campaign")
        .only("pk", "county_id", "campaign__framework_id")
        .order_by("pk")
    )
    for application in submitted.iterator():
        rows = UnitAssignment.objects.filter(
            county_id=application.county_id, framework_id=application.campaign.framework_id
        ).values_list("unit_id", "department_id")
        FrozenAssignment.objects.bulk_create(
            FrozenAssignment(application_id=application.pk, unit_id=unit_id, department_id=dept)
            for unit_id, dept in rows
        )
        Application.objects.filter(pk=application.pk).update(mapping_frozen_at=now)


def unfreeze(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("campaigns", "FrozenAssignment").objects.all().delete()
    apps.get_model("campaigns", "Application").objects.update(mapping_frozen_at=None)


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0004_frozen_mapping"),
        ("organisations", "0002_synthetic_county"),
    ]

    operations = [migrations.RunPython(freeze_submitted, unfreeze)]
