"""Every write to a county's reported data goes through these functions."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.access import require_editable
from qcounty.web.reporting.models import InputValue, Record


def save_value(application: Application, key: str, value: Any, user: User) -> InputValue:
    """Store a checked value of an input (None clears it to 'not reported')."""
    require_editable(user, application, key)
    with transaction.atomic():
        row, created = InputValue.objects.select_for_update().get_or_create(
            application=application, key=key, defaults={"value": value, "updated_by": user}
        )
        if not created and row.value != value:
            row.value = value
            row.version += 1
            row.updated_by = user
            row.save()
    return row


def add_record(
    application: Application, spec: RecordsInput, data: dict[str, Any], user: User
) -> Record:
    """Add a checked record to a record list."""
    require_editable(user, application, spec.key)
    with transaction.atomic():
        record = Record.objects.create(
            application=application, key=spec.key, data=data, updated_by=user
        )
        # a list with records is reported, whatever was said before
        InputValue.objects.filter(application=application, key=spec.key).delete()
    return record


def update_record(record: Record, data: dict[str, Any], user: User) -> Record:
    """Replace a record's fields with checked ones."""
    require_editable(user, record.application, record.key)
    if record.data != data:
        record.data = data
        record.version += 1
        record.updated_by = user
        record.save()
    return record


def delete_record(record: Record, user: User) -> None:
    require_editable(user, record.application, record.key)
    record.delete()


def declare_no_records(application: Application, spec: RecordsInput, user: User) -> None:
    """Say that a record list is empty (无), which is reported, unlike an untouched list."""
    require_editable(user, application, spec.key)
    with transaction.atomic():
        if Record.objects.filter(application=application, key=spec.key).exists():
            return
        InputValue.objects.update_or_create(
            application=application, key=spec.key, defaults={"value": [], "updated_by": user}
        )
