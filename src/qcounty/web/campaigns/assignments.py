"""Which department answers for which unit role in an application: frozen at first submission.

A county keeps one role mapping per framework (organisations.UnitAssignment), which its office
changes (tasks.mapping). An application reads that live mapping until the county first submits it
to the province: the submission copies the mapping onto the application (FrozenAssignment), in
the submission's transaction and under the application's row lock, and from then on the
application reads only its copy. So a change made later (for next year's campaign) never alters
a past application's sections, tasks, department assessment, form or documents.

The copy is taken once and never retaken: a resubmission after the province returns the
application, or a second submit racing the first, keeps the mapping of the first submission.
Applications submitted before this existed were frozen by a data migration with the mapping of
that day (campaigns 0005), the best record there was.
"""

from __future__ import annotations

from typing import TypeAlias

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from qcounty.web.campaigns.models import Application, FrozenAssignment
from qcounty.web.organisations.models import UnitAssignment

Assignments: TypeAlias = QuerySet[UnitAssignment] | QuerySet[FrozenAssignment]


def is_frozen(application: Application) -> bool:
    """Return whether the application reads its own frozen copy of the mapping."""
    return application.mapping_frozen_at is not None


def assignments(application: Application) -> Assignments:
    """Return the unit → department rows the application reads (its frozen copy once submitted).

    Both kinds of row have `unit_id`, `department_id` and `department`.
    """
    if application.mapping_frozen_at is not None:
        return FrozenAssignment.objects.filter(application_id=application.pk)
    return live_assignments(application)


def live_assignments(application: Application) -> QuerySet[UnitAssignment]:
    """Return the county's current mapping under the application's framework."""
    return UnitAssignment.objects.filter(
        county_id=application.county_id, framework_id=application.campaign.framework_id
    )


def freeze_mapping(application: Application) -> bool:
    """Copy the county's current mapping onto the application unless it has a copy already.

    Return whether it copied. Runs under the application's row lock (taken here, or already held
    by the caller's transaction): two submissions at once copy once.
    """
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update()
            .only("pk", "county_id", "campaign_id", "mapping_frozen_at")
            .get(pk=application.pk)
        )
        copied = locked.mapping_frozen_at is None
        if copied:
            rows = live_assignments(application).values_list("unit_id", "department_id")
            FrozenAssignment.objects.bulk_create(
                FrozenAssignment(application_id=locked.pk, unit_id=unit_id, department_id=dept)
                for unit_id, dept in rows.order_by("department_id", "unit_id")
            )
            locked.mapping_frozen_at = timezone.now()
            locked.save(update_fields=["mapping_frozen_at"])
    application.mapping_frozen_at = locked.mapping_frozen_at
    return copied
