"""A bulk load that meets a busy database waits and goes on: no county is lost or loaded twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.bulk import actions
from qcounty.web.bulk.models import BulkImport
from qcounty.web.campaigns.models import Application
from qcounty.web.operations import transient
from qcounty.web.organisations.models import Organisation
from qcounty.web.review.models import AuditEntry
from tests.web.bulk.test_bulk import (
    COUNTIES,
    _immediate_tasks,
    counties,
    only_batch,
    upload,
    workbook,
)
from tests.web.conftest import World

__all__ = ["_immediate_tasks", "counties"]  # the fixtures of test_bulk, used here too


@pytest.mark.django_db(transaction=True)
def test_a_database_locked_in_the_middle_of_a_load_is_waited_out(
    world: World,
    counties: dict[str, Organisation],
    login: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    evaluator = login(world.evaluator)
    files = [
        (f"{county}.xlsx", workbook(n, world.campaign.name))
        for n, (_, county) in enumerate(COUNTIES[:3])
    ]
    upload(evaluator, world.campaign, *files)
    batch = only_batch()
    real = actions.load_item
    calls: list[str] = []

    def locked_once(item: Any, user: User) -> None:
        calls.append(item.file_name)
        if len(calls) == 2:  # the second county: another writer holds the database too long
            raise OperationalError("database is locked")
        real(item, user)

    monkeypatch.setattr(actions, "load_item", locked_once)
    monkeypatch.setattr(transient.time, "sleep", lambda s: None)
    evaluator.post(reverse("bulk:load", args=[batch.pk]))

    batch.refresh_from_db()
    names = [name for name, _ in files]
    assert calls == [names[0], names[1], names[1], names[2]]  # the retry went on where it stopped
    assert batch.status == BulkImport.Status.DONE
    assert (batch.done, batch.summary["loaded"], batch.summary["failed"]) == (3, 3, 0)
    for _, county in COUNTIES[:3]:
        application = Application.objects.get(campaign=world.campaign, county=counties[county])
        assert application.status == Application.Status.SUBMITTED
        states = AuditEntry.objects.filter(application=application, action=AuditEntry.Action.STATE)
        assert states.count() == 1  # submitted once
