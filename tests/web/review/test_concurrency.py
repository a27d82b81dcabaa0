"""Two people editing the same input: the second save, based on what they read before the
first, is refused with the first one's value (optimistic locking by version)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.core.framework.inputs import RecordsInput
from qcounty.web.accounts.models import User
from qcounty.web.reporting import actions as reporting
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.models import AuditEntry
from tests.web.conftest import World, framework

KEY = "i17.metrologists"
STANDARD = {
    "scope": "national",
    "role": "lead_formulate",
    "title": "海参 干制品",
    "code": "GB/T 0000-2021",
    "date": "2021-06-30",
    "status": None,
    "drafters": None,
}


def version_one(world: World) -> InputValue:
    """The value both clerks read: version 1."""
    row = reporting.save_value(world.application, KEY, 3, world.office)
    assert row.version == 1
    return row


def test_the_second_save_from_the_same_version_raises_a_conflict_with_the_first_value(
    world: World, second_market_clerk: User
) -> None:
    read = version_one(world).version
    first, second = world.market_clerk, second_market_clerk
    saved = reporting.save_value(world.application, KEY, 4321, first, expected_version=read)
    assert (saved.value, saved.version) == (4321, 2)

    with pytest.raises(reporting.Conflict) as raised:
        reporting.save_value(world.application, KEY, 8765, second, expected_version=read)
    assert (raised.value.current, raised.value.version, raised.value.by) == (4321, 2, first)

    row = InputValue.objects.get(application=world.application, key=KEY)
    assert (row.value, row.version, row.updated_by) == (4321, 2, first)
    assert not AuditEntry.objects.filter(user=second).exists()


def test_a_save_from_the_current_version_goes_through(
    world: World, second_market_clerk: User
) -> None:
    version_one(world)
    reporting.save_value(world.application, KEY, 4321, world.market_clerk, expected_version=1)
    row = reporting.save_value(world.application, KEY, 8765, second_market_clerk, 2)
    assert (row.value, row.version, row.updated_by) == (8765, 3, second_market_clerk)


def test_the_first_value_of_an_input_conflicts_with_a_save_that_saw_it_empty(
    world: World, second_market_clerk: User
) -> None:
    # the form of an unreported input carries version 0
    reporting.save_value(world.application, KEY, 4321, world.market_clerk, expected_version=0)
    with pytest.raises(reporting.Conflict) as raised:
        reporting.save_value(world.application, KEY, 8765, second_market_clerk, 0)
    assert (raised.value.current, raised.value.version) == (4321, 1)


def test_through_the_view_the_second_is_told_and_sees_both_values_and_nothing_is_stored(
    world: World, second_market_clerk: User, login: Callable[[User], Client]
) -> None:
    version_one(world)
    url = reverse("reporting:save", args=[world.application.pk, KEY])
    first = login(world.market_clerk).post(url, {"value": "4321", "version": "1"})
    assert first.status_code == 200
    assert "已保存" in first.content.decode()

    second = login(second_market_clerk).post(url, {"value": "8765", "version": "1"})
    assert second.status_code == 200
    html = second.content.decode()
    assert "已被他人修改" in html
    assert "4321" in html  # theirs, kept
    assert "8765" in html  # the user's, not saved
    assert "已保存" not in html.replace("已保存的值", "")
    assert 'name="version" value="2"' in html  # saving again now overwrites knowingly

    row = InputValue.objects.get(application=world.application, key=KEY)
    assert (row.value, row.version, row.updated_by) == (4321, 2, world.market_clerk)
    assert not AuditEntry.objects.filter(user=second_market_clerk).exists()
    assert "HX-Trigger" not in second  # the score did not change


def standards() -> RecordsInput:
    spec = framework().input_or_none("i14.standards")
    assert isinstance(spec, RecordsInput)
    return spec


def test_records_the_second_update_from_the_same_version_raises_a_conflict(
    world: World, second_market_clerk: User
) -> None:
    record = reporting.add_record(world.application, standards(), STANDARD, world.office)
    read = Record.objects.get(pk=record.pk)
    assert read.version == 1
    theirs = {**STANDARD, "title": "第一位填报员的标题"}
    mine = {**STANDARD, "title": "第二位填报员的标题"}

    updated = reporting.update_record(read, theirs, world.market_clerk, expected_version=1)
    assert updated.version == 2
    with pytest.raises(reporting.Conflict) as raised:
        reporting.update_record(read, mine, second_market_clerk, expected_version=1)
    assert (raised.value.current, raised.value.version, raised.value.by) == (
        theirs,
        2,
        world.market_clerk,
    )

    record.refresh_from_db()
    assert (record.data, record.version, record.updated_by) == (theirs, 2, world.market_clerk)
    assert not AuditEntry.objects.filter(user=second_market_clerk).exists()
