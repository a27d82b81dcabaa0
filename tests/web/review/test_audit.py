"""The audit trail: every change leaves exactly one entry with who, old and new; nothing else
does; and the trail cannot be rewritten through the model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web.evidence.actions import remove_evidence, store_evidence
from qcounty.web.reporting import actions as reporting
from qcounty.web.reporting.models import Record
from qcounty.web.review.actions import grant_extension, transition_section
from qcounty.web.review.models import AuditEntry, Section
from tests.web.conftest import PDF, World, framework
from tests.web.review.conftest import DEADLINE, Sections, put

Action = AuditEntry.Action
STANDARD = {
    "scope": "national",
    "role": "lead_formulate",
    "title": "海参 干制品",
    "code": "GB/T 0000-2021",
    "date": "2021-06-30",
    "status": None,
    "drafters": None,
}


def standards() -> RecordsInput:
    spec = framework().input_or_none("i14.standards")
    assert isinstance(spec, RecordsInput)
    return spec


def one_new_entry(change: Callable[[], Any]) -> AuditEntry:
    """Make the change; return the one audit entry it left (and fail if it left more or none)."""
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    change()
    entries = list(AuditEntry.objects.exclude(pk__in=before))
    assert len(entries) == 1, [(e.action, e.key, e.old, e.new) for e in entries]
    return entries[0]


def shown(entry: AuditEntry) -> tuple[Any, ...]:
    return (entry.action, entry.user, entry.key, entry.indicator, entry.old, entry.new)


def test_a_value_set_then_changed_leaves_one_entry_each_with_old_and_new(world: World) -> None:
    a, clerk, office = world.application, world.market_clerk, world.office
    first = one_new_entry(lambda: reporting.save_value(a, "i17.metrologists", 4, clerk))
    second = one_new_entry(lambda: reporting.save_value(a, "i17.metrologists", 6, office))
    cleared = one_new_entry(lambda: reporting.save_value(a, "i17.metrologists", None, clerk))
    assert shown(first) == (Action.VALUE, clerk, "i17.metrologists", 17, None, 4)
    assert shown(second) == (Action.VALUE, office, "i17.metrologists", 17, 4, 6)
    assert shown(cleared) == (Action.VALUE, clerk, "i17.metrologists", 17, 6, None)
    assert first.application == a
    assert first.at is not None


def test_a_gate_value_is_audited_without_an_indicator(world: World) -> None:
    entry = one_new_entry(
        lambda: reporting.save_value(world.application, "pre.stations", 12, world.office)
    )
    assert shown(entry) == (Action.VALUE, world.office, "pre.stations", None, None, 12)


def test_saving_an_unchanged_value_records_nothing(world: World) -> None:
    reporting.save_value(world.application, "i17.metrologists", 4, world.market_clerk)
    checklist = ["national"]
    reporting.save_value(world.application, "i16.centres", checklist, world.market_clerk)
    count = AuditEntry.objects.count()
    reporting.save_value(world.application, "i17.metrologists", 4, world.office)
    reporting.save_value(world.application, "i16.centres", list(checklist), world.office, 1)
    assert AuditEntry.objects.count() == count


def test_records_added_changed_and_removed_leave_one_entry_each(world: World) -> None:
    a, clerk = world.application, world.market_clerk
    spec = standards()
    records: list[Record] = []
    added = one_new_entry(lambda: records.append(reporting.add_record(a, spec, STANDARD, clerk)))
    record = records[0]
    record_id = record.pk
    changed_data = {**STANDARD, "title": "海参 干制品（修订）"}
    changed = one_new_entry(lambda: reporting.update_record(record, changed_data, world.office))
    record.refresh_from_db()
    removed = one_new_entry(lambda: reporting.delete_record(record, clerk))

    assert shown(added) == (Action.RECORD_ADDED, clerk, "i14.standards", 14, None, STANDARD)
    assert shown(changed) == (
        Action.RECORD_CHANGED,
        world.office,
        "i14.standards",
        14,
        STANDARD,
        changed_data,
    )
    assert shown(removed) == (Action.RECORD_REMOVED, clerk, "i14.standards", 14, changed_data, None)
    assert {added.record_id, changed.record_id, removed.record_id} == {record_id}
    assert not Record.objects.exists()


def test_an_unchanged_record_and_a_repeated_none_record_nothing(world: World) -> None:
    a, clerk = world.application, world.market_clerk
    record = reporting.add_record(a, standards(), STANDARD, clerk)
    none = framework().input_or_none("i15.organisations")
    assert isinstance(none, RecordsInput)
    declared = one_new_entry(lambda: reporting.declare_no_records(a, none, clerk))
    assert shown(declared) == (Action.VALUE, clerk, "i15.organisations", 15, None, [])
    count = AuditEntry.objects.count()
    reporting.update_record(record, dict(STANDARD), world.office)
    reporting.declare_no_records(a, none, world.office)
    reporting.declare_no_records(a, standards(), world.office)  # it has records: nothing to say
    assert AuditEntry.objects.count() == count


@pytest.mark.usefixtures("evidence_root")
def test_evidence_added_and_removed_leave_one_entry_each(world: World) -> None:
    a, clerk = world.application, world.market_clerk
    upload = SimpleUploadedFile("计量师名单.pdf", PDF, content_type="application/pdf")
    stored: list[Any] = []
    added = one_new_entry(lambda: stored.append(store_evidence(a, 17, upload, clerk)))
    evidence = stored[0].evidence
    assert (added.action, added.user, added.indicator, added.old) == (
        Action.EVIDENCE_ADDED,
        clerk,
        17,
        None,
    )
    assert added.new["name"] == "计量师名单.pdf"
    assert added.new["sha256"] == evidence.sha256
    assert added.new["evidence"] == evidence.pk

    # the same file again is a duplicate: nothing stored, nothing recorded
    again = SimpleUploadedFile("副本.pdf", PDF, content_type="application/pdf")
    count = AuditEntry.objects.count()
    assert store_evidence(a, 17, again, clerk).duplicate
    assert AuditEntry.objects.count() == count

    removed = one_new_entry(lambda: remove_evidence(evidence, world.office))
    assert (removed.action, removed.user, removed.indicator, removed.new) == (
        Action.EVIDENCE_REMOVED,
        world.office,
        17,
        None,
    )
    assert removed.old["name"] == "计量师名单.pdf"
    assert removed.old["sha256"] == evidence.sha256


def test_a_state_change_leaves_one_entry_with_its_reason(world: World, sections: Sections) -> None:
    section = put(sections.market, Section.Status.SUBMITTED)
    reason = "第17项缺少证明材料"
    entry = one_new_entry(
        lambda: transition_section(section, "return_section", world.office, reason=reason)
    )
    assert (entry.action, entry.name, entry.user, entry.section, entry.old, entry.new) == (
        Action.STATE,
        "return_section",
        world.office,
        section,
        Section.Status.SUBMITTED,
        Section.Status.RETURNED,
    )
    assert entry.reason == reason


def test_an_extension_leaves_one_entry_with_the_dates_and_the_reason(
    world: World, sections: Sections
) -> None:
    until = DEADLINE.replace(day=10, month=4)
    entry = one_new_entry(
        lambda: grant_extension(
            sections.market, world.office, until, "统计口径调整", today=DEADLINE
        )
    )
    assert (entry.action, entry.name, entry.user, entry.section, entry.old, entry.new) == (
        Action.EXTENSION,
        "grant_extension",
        world.office,
        sections.market,
        None,
        until.isoformat(),
    )
    assert entry.reason == "统计口径调整"
    later = one_new_entry(
        lambda: grant_extension(
            sections.market, world.office, until.replace(day=20), "再延", today=DEADLINE
        )
    )
    assert (later.old, later.new) == (until.isoformat(), until.replace(day=20).isoformat())


def test_an_audit_entry_cannot_be_changed_or_deleted_through_the_model(world: World) -> None:
    reporting.save_value(world.application, "i17.metrologists", 4, world.market_clerk)
    entry = AuditEntry.objects.get()
    entry.new = 400
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    entry = AuditEntry.objects.get()
    assert (entry.old, entry.new) == (None, 4)
