"""Two machine clients saving the same input at once with the version they read, on
PostgreSQL, in real threads: one wins, the other gets a structured 409."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from qcounty.web.accounts.models import User
from qcounty.web.reporting import actions
from qcounty.web.reporting.models import InputValue
from qcounty.web.review.models import AuditEntry
from tests.web.conftest import World
from tests.web.threads import meet, postgresql_only, together

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_writes_at_once_with_the_same_version_one_wins_one_gets_409(
    world: World, make_token: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_only()
    _office, office = make_token(world.wendeng, User.Role.COUNTY_OFFICE)
    _clerk, clerk = make_token(world.market_dept, User.Role.CLERK)
    url = f"/applications/{world.application.pk}/values/i17.metrologists"
    # both requests pass every check before either takes the application's row lock
    meet(monkeypatch, actions, "_lock")
    first, second = together(
        lambda: office.put(url, {"value": 5, "version": 0}),
        lambda: clerk.put(url, {"value": 7, "version": 0}),
    )
    assert first.error is None and second.error is None
    answers = sorted([first.result, second.result], key=lambda r: r.status_code)
    assert [r.status_code for r in answers] == [200, 409]
    won, lost = answers[0].json(), answers[1].json()
    assert lost["code"] == "conflict" and lost["current"] == won["value"] and lost["version"] == 1
    assert InputValue.objects.get().value == won["value"]
    assert AuditEntry.objects.filter(key="i17.metrologists").count() == 1
