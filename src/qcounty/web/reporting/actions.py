"""Every write to a county's reported data goes through these functions, and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web.accounts.models import User
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.access import require_editable, require_may_explain
from qcounty.web.reporting.models import FlagNote, InputValue, Record
from qcounty.web.review import audit
from qcounty.web.review.models import AuditEntry
from qcounty.web.statfeed.actions import require_unlocked

Action = AuditEntry.Action


@dataclass
class Conflict(Exception):
    """Someone else saved first: their value stands, the user's is shown beside it."""

    current: Any
    version: int
    by: User | None


def _lock(application: Application, user: User, key: str) -> None:
    """Lock the application row (transitions take it too), then check the user may still edit."""
    locked = Application.objects.select_for_update().filter(pk=application.pk)
    # the status read with the lock: a transition committed meanwhile is seen
    application.status = locked.values_list("status", flat=True).get()
    freeze.require_not_final(application)
    require_editable(user, application, key)


def save_value(
    application: Application, key: str, value: Any, user: User, expected_version: int | None = None
) -> InputValue:
    """Store a checked value (None: not reported); refuse if it changed since the user read it."""
    with transaction.atomic():
        _lock(application, user, key)
        require_unlocked(application, key, value)  # an input locked to the official figure
        row = (
            InputValue.objects.select_for_update().filter(application=application, key=key).first()
        )
        current_version = row.version if row else 0
        if row is not None and row.value == value:
            return row  # saved already (a double click, or the same value typed by both)
        if expected_version is not None and expected_version != current_version:
            raise Conflict(
                row.value if row else None, current_version, row.updated_by if row else None
            )
        old = row.value if row else None
        if row is None:
            row = InputValue.objects.create(
                application=application, key=key, value=value, updated_by=user
            )
        elif row.value != value:
            row.value = value
            row.version += 1
            row.updated_by = user
            row.save()
        else:
            return row
        audit.log(application, user, Action.VALUE, key=key, old=old, new=value)
    return row


def add_record(
    application: Application,
    spec: RecordsInput,
    data: dict[str, Any],
    user: User,
    *,
    once: bool = False,
) -> Record:
    """Add a checked record to a record list; `once`: not if the list already has it."""
    require_editable(user, application, spec.key)
    with transaction.atomic():
        _lock(application, user, spec.key)
        if once:
            # a form sent twice (a double click) adds its record once
            same = Record.objects.filter(application=application, key=spec.key, data=data)
            if (existing := same.order_by("pk").first()) is not None:
                return existing
        record = Record.objects.create(
            application=application, key=spec.key, data=data, updated_by=user
        )
        # a list with records is reported, whatever was said before
        InputValue.objects.filter(application=application, key=spec.key).delete()
        audit.log(
            application, user, Action.RECORD_ADDED, key=spec.key, record_id=record.pk, new=data
        )
    return record


def update_record(
    record: Record, data: dict[str, Any], user: User, expected_version: int | None = None
) -> Record:
    """Replace a record's fields with checked ones; refuse if it changed since the user read it."""
    require_editable(user, record.application, record.key)
    with transaction.atomic():
        _lock(record.application, user, record.key)
        current = Record.objects.select_for_update().get(pk=record.pk)
        if current.data == data:
            return current  # saved already (a double click, or the same change by both)
        if expected_version is not None and expected_version != current.version:
            raise Conflict(current.data, current.version, current.updated_by)
        old = current.data
        current.data = data
        current.version += 1
        current.updated_by = user
        current.save()
        audit.log(
            record.application,
            user,
            Action.RECORD_CHANGED,
            key=record.key,
            record_id=record.pk,
            old=old,
            new=data,
        )
    return current


def delete_record(record: Record, user: User) -> bool:
    """Remove a record from its list; return False if it was already gone (nothing logged)."""
    require_editable(user, record.application, record.key)
    with transaction.atomic():
        _lock(record.application, user, record.key)
        current = Record.objects.select_for_update().filter(pk=record.pk).first()
        if current is None:
            return False  # removed meanwhile (a double click, another clerk): logged once
        audit.log(
            record.application,
            user,
            Action.RECORD_REMOVED,
            key=current.key,
            record_id=current.pk,
            old=current.data,
        )
        current.delete()
    return True


def declare_no_records(application: Application, spec: RecordsInput, user: User) -> None:
    """Say that a record list is empty (无), which is reported, unlike an untouched list."""
    require_editable(user, application, spec.key)
    with transaction.atomic():
        _lock(application, user, spec.key)
        if Record.objects.filter(application=application, key=spec.key).exists():
            return
        row, created = InputValue.objects.get_or_create(
            application=application, key=spec.key, defaults={"value": [], "updated_by": user}
        )
        if created or row.value != []:
            old = None if created else row.value
            row.value, row.updated_by = [], user
            row.save()
            audit.log(application, user, Action.VALUE, key=spec.key, old=old, new=[])


class Refused(Exception):
    """A write the rules refuse; the message (Chinese) says why."""


NOTE_MAX = 1000  # characters of an explanation


def explain_flag(application: Application, user: User, ident: str, text: str) -> FlagNote:
    """Store the county's explanation of one of its current flags (the value is not changed)."""
    from qcounty.web.reporting import selfcheck

    text = text.strip()
    if not text:
        raise Refused(_("请填写说明：已核实的依据或数据来源。"))
    if len(text) > NOTE_MAX:
        raise Refused(_("说明过长：最多 %(n)d 字。") % {"n": NOTE_MAX})
    found = selfcheck.parse_ident(ident)
    with transaction.atomic():
        locked = Application.objects.select_for_update().filter(pk=application.pk)
        application.status = locked.values_list("status", flat=True).get()
        require_may_explain(user, application)
        current = {selfcheck.identity(f): f for f in selfcheck.flags_of(application)}
        if found is None or found not in current:
            raise Refused(_("这条提示已不存在（数据可能已修改）：请刷新页面查看。"))
        kind, keys, record = found
        note = FlagNote.objects.filter(
            application=application, kind=kind, keys=keys, record=record
        ).first()
        old = note.text if note else None
        if note is not None and note.text == text:
            return note
        if note is None:
            note = FlagNote(application=application, kind=kind, keys=keys, record=record)
        note.text, note.by = text, user
        note.save()
        # its own action: an explanation changes no value (a return's diff must not list it)
        audit.log(
            application,
            user,
            Action.FLAG_EXPLAINED,
            name="explain_flag",
            key=selfcheck.input_key(application, keys.split(",")[0]),
            old=old,
            new=text,
            reason=current[found].explain(),
        )
    return note
