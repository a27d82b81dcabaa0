"""Two requests on the same record list at once, on PostgreSQL, in real threads.

Both requests are let past the permission check before either takes the application's lock
(`meet`), as two clicks a few milliseconds apart are.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web.reporting import actions
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.models import AuditEntry
from tests.web.conftest import World, framework
from tests.web.threads import client_of, meet, postgresql_only, together

pytestmark = pytest.mark.django_db(transaction=True)
KEY = "i24.trainings"
TRAINING = {"date": "2022-06-01", "title": "质量管理培训", "audience": "", "participants": "55"}
STORED = {"date": "2022-06-01", "title": "质量管理培训", "audience": None, "participants": 55}
OTHER = {"date": "2021-06-01", "title": "首席质量官培训", "audience": "", "participants": ""}
Action = AuditEntry.Action


def trainings() -> RecordsInput:
    spec = framework().input_or_none(KEY)
    assert isinstance(spec, RecordsInput)
    return spec


def _audited(world: World, action: str) -> int:
    return AuditEntry.objects.filter(application=world.application, action=action).count()


def test_a_double_click_on_delete_removes_the_record_with_one_audit_entry(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    record = actions.add_record(world.application, trainings(), STORED, world.office)
    url = reverse("reporting:record_delete", args=[world.application.pk, record.pk])
    meet(monkeypatch, actions, "require_editable")
    first, second = together(
        lambda: client_of(world.office).post(url), lambda: client_of(world.office).post(url)
    )
    assert first.error is None and second.error is None
    assert [w.result.status_code for w in (first, second)] == [200, 200]
    assert not Record.objects.filter(application=world.application).exists()
    assert _audited(world, Action.RECORD_REMOVED) == 1


def test_a_double_click_on_add_adds_the_record_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    url = reverse("reporting:record_add", args=[world.application.pk, KEY])
    meet(monkeypatch, actions, "require_editable")
    first, second = together(
        lambda: client_of(world.office).post(url, TRAINING),
        lambda: client_of(world.office).post(url, TRAINING),
    )
    assert first.error is None and second.error is None
    assert [w.result.status_code for w in (first, second)] == [200, 200]
    assert [r.data for r in Record.objects.filter(application=world.application)] == [STORED]
    assert _audited(world, Action.RECORD_ADDED) == 1


def test_two_clerks_adding_different_records_at_once_both_keep_theirs(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    # the list was declared empty (无): the first record added makes it reported again
    actions.declare_no_records(world.application, trainings(), world.office)
    url = reverse("reporting:record_add", args=[world.application.pk, KEY])
    meet(monkeypatch, actions, "require_editable")
    first, second = together(
        lambda: client_of(world.office).post(url, TRAINING),
        lambda: client_of(world.office).post(url, OTHER),
    )
    assert first.error is None and second.error is None
    titles = sorted(r.data["title"] for r in Record.objects.filter(application=world.application))
    assert titles == sorted([TRAINING["title"], OTHER["title"]])
    assert _audited(world, Action.RECORD_ADDED) == 2
    assert not InputValue.objects.filter(application=world.application, key=KEY).exists()


def test_declaring_no_records_while_a_record_is_deleted_leaves_a_consistent_list(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    record = actions.add_record(world.application, trainings(), STORED, world.office)
    delete = reverse("reporting:record_delete", args=[world.application.pk, record.pk])
    none = reverse("reporting:records_none", args=[world.application.pk, KEY])
    meet(monkeypatch, actions, "require_editable")
    first, second = together(
        lambda: client_of(world.office).post(delete), lambda: client_of(world.office).post(none)
    )
    assert first.error is None and second.error is None
    assert not Record.objects.filter(application=world.application).exists()
    assert _audited(world, Action.RECORD_REMOVED) == 1
    # whichever came first, the list is either untouched-empty or declared 无, never both
    declared = InputValue.objects.filter(application=world.application, key=KEY).first()
    assert declared is None or declared.value == []


def test_a_double_click_on_save_saves_once_and_shows_no_conflict(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    url = reverse("reporting:save", args=[world.application.pk, "i17.metrologists"])
    form = {"value": "9", "version": "0"}  # both sent from the same page
    meet(monkeypatch, actions, "require_editable")
    first, second = together(
        lambda: client_of(world.office).post(url, form),
        lambda: client_of(world.office).post(url, form),
    )
    assert first.error is None and second.error is None
    pages = [w.result.content.decode() for w in (first, second)]
    assert all("已保存" in p and "已被他人修改" not in p for p in pages)
    row = InputValue.objects.get(application=world.application, key="i17.metrologists")
    assert (row.value, row.version) == (9, 1)
    assert _audited(world, Action.VALUE) == 1


def test_a_record_sent_again_after_it_was_added_is_not_added_twice(world: World) -> None:
    # runs on SQLite too: the second request comes after the first (htmx queues a double click)
    url = reverse("reporting:record_add", args=[world.application.pk, KEY])
    client = client_of(world.office)
    assert [client.post(url, TRAINING).status_code for _ in range(2)] == [200, 200]
    assert [r.data for r in Record.objects.filter(application=world.application)] == [STORED]
    assert _audited(world, Action.RECORD_ADDED) == 1
    client.post(url, OTHER)  # another record is added
    assert Record.objects.filter(application=world.application).count() == 2
