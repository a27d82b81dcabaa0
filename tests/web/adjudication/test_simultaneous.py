"""The province's decisions sent twice at once (a double click), on PostgreSQL, in real threads
with their own connections: one decision row, one audit entry, one notice to the county."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from qcounty.web.accounts.models import User
from qcounty.web.adjudication import actions
from qcounty.web.adjudication.models import Decision, ExpertScore, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.review.models import AuditEntry, Notification
from tests.web.adjudication.conftest import post
from tests.web.conftest import World
from tests.web.threads import client_of, meet, postgresql_only, together

pytestmark = pytest.mark.django_db(transaction=True)
JUDGED = "i35.medical_score"


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    postgresql_only()


def twice(
    monkeypatch: pytest.MonkeyPatch,
    user: User,
    name: str,
    application: Application,
    key: str,
    data: dict[str, Any],
) -> None:
    """POST the same form twice at once; both requests pass their checks before either locks."""
    meet(monkeypatch, actions, "_locked")
    send: Callable[[], Any] = lambda: post(client_of(user), name, application, key, data)  # noqa: E731
    first, second = together(send, send)
    assert first.error is None and second.error is None
    assert [w.result.status_code for w in (first, second)] == [200, 200]


def test_a_double_click_on_accept_records_one_decision(
    world: World, submitted: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    twice(
        monkeypatch, world.evaluator, "decide", submitted, "i17.metrologists", {"action": "accept"}
    )
    assert Decision.objects.filter(application=submitted).count() == 1
    assert AuditEntry.objects.filter(application=submitted, name="accept_value").count() == 1


def test_a_double_click_on_a_correction_records_it_and_tells_the_county_once(
    world: World, submitted: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = {"action": "correct", "value": "7", "reason": "证书只有7张"}
    twice(monkeypatch, world.evaluator, "decide", submitted, "i17.metrologists", form)
    assert list(Decision.objects.values_list("kind", "value")) == [("corrected", 7)]
    assert AuditEntry.objects.filter(application=submitted, name="correct_value").count() == 1
    # told once each: the county office, and the clerks of the department that reported i17
    told = list(
        Notification.objects.filter(kind=Notification.Kind.ADJUDICATED).values_list(
            "user__role", flat=True
        )
    )
    assert sorted(told) == sorted([User.Role.COUNTY_OFFICE, *[User.Role.CLERK] * (len(told) - 1)])
    assert told.count(User.Role.COUNTY_OFFICE) == 1
    assert len(told) == len(
        set(
            Notification.objects.filter(kind=Notification.Kind.ADJUDICATED).values_list(
                "user", flat=True
            )
        )
    )


def test_a_double_click_on_a_score_stores_it_once(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    twice(monkeypatch, experts[0], "score", submitted, JUDGED, {"value": "0.5", "comment": "良好"})
    assert list(ExpertScore.objects.values_list("value", "comment")) == [(0.5, "良好")]


def test_a_double_click_on_reconcile_settles_the_item_once(
    world: World,
    submitted: Application,
    experts: tuple[User, User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    actions.score_judged(submitted, JUDGED, 0.4, "", experts[0])
    actions.score_judged(submitted, JUDGED, 0.6, "", experts[1])
    twice(monkeypatch, world.evaluator, "reconcile", submitted, JUDGED, {"method": "mean"})
    assert list(Reconciliation.objects.values_list("value", flat=True)) == [pytest.approx(0.5)]
    assert AuditEntry.objects.filter(application=submitted, name="reconcile_scores").count() == 1
