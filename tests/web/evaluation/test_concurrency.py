"""Concurrent writes against a snapshot and the final list, on PostgreSQL (READ COMMITTED).

Each test commits its data (a transactional test) and runs the second writer in a thread with
its own connection, paused at a chosen point of the first one. SQLite runs one writer at a time
and ignores row locks: these tests are PostgreSQL's.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from qcounty.web.accounts.models import User
from qcounty.web.adjudication import actions as adjudication
from qcounty.web.adjudication.models import Decision, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation import actions
from qcounty.web.evaluation.models import Publication
from qcounty.web.reporting.models import InputValue
from tests.web.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 5.0  # seconds: far longer than any of these writes takes
BLOCKED = 1.0  # a writer still running after this long is waiting for a lock


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only (QCOUNTY_TEST_DB=postgresql)")


class Writer(threading.Thread):
    """Run a write in a thread of its own (its own connection); keep its result or error."""

    def __init__(self, write: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.write = write
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.write()
        except BaseException as e:  # handed to the test
            self.error = e
        finally:
            connection.close()


def pause(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> tuple[Any, Any]:
    """Make `module.name` stop, on its first call, until the test lets it go on.

    Return (reached, go): events set when the call is reached, and by the test to let it go.
    """
    real = getattr(module, name)
    reached, go = threading.Event(), threading.Event()

    def paused(*args: Any, **kwargs: Any) -> Any:
        if not reached.is_set():
            reached.set()
            go.wait(WAIT)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, paused)
    return reached, go


def test_a_reconciliation_during_a_snapshot_waits_for_it_so_the_snapshot_is_one_state(
    world: World,
    cohort: dict[str, Application],
    expert: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wendeng = cohort["文登区"]
    # the county estimated its medical-service score itself (0.6); an expert scored it 0.4
    InputValue.objects.create(application=wendeng, key="i35.medical_score", value=0.6)
    adjudication.score_judged(wendeng, "i35.medical_score", 0.4, "", expert)
    # the snapshot stops after reading the cohort's values, before counting what is open
    reached, go = pause(monkeypatch, actions, "progress_of")
    snapshot = Writer(
        lambda: actions.take_snapshot(world.campaign, world.evaluator, confirmed=True)
    )
    snapshot.start()
    assert reached.wait(WAIT)
    # meanwhile the province reconciles the score (mean of one expert: 0.4)
    reconcile = Writer(
        lambda: adjudication.reconcile(wendeng, "i35.medical_score", "mean", world.evaluator)
    )
    reconcile.start()
    reconcile.join(BLOCKED)
    waited = reconcile.is_alive()  # for the snapshot's lock on the application
    go.set()
    snapshot.join(WAIT)
    reconcile.join(WAIT)
    assert snapshot.error is None and reconcile.error is None
    # the snapshot is the state before the reconciliation, in its values and in its counts:
    # the county's 0.6 counts, and the item is counted as not reconciled
    taken = snapshot.result
    counties = json.loads(taken.cohort_json)["counties"]
    at = next(n for n, c in enumerate(counties) if c["name"] == "文登区")
    assert counties[at]["values"]["i35.medical_score"] == 0.6
    assert taken.unsettled[at]["unreconciled"] == 8  # all 8 judged items, i35 among them
    # and the reconciliation was stored after it, having waited
    assert Reconciliation.objects.get(application=wendeng).value == 0.4
    assert waited


def test_a_correction_during_the_final_publication_waits_and_is_then_refused(
    world: World,
    cohort: dict[str, Application],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snapshot = actions.take_snapshot(world.campaign, world.evaluator, confirmed=True)
    # the final list stops after locking the campaign, before numbering its version
    reached, go = pause(monkeypatch, actions, "next_version")
    final = Writer(
        lambda: actions.publish(snapshot, "final", world.evaluator, without_publicity=True)
    )
    final.start()
    assert reached.wait(WAIT)
    correction = Writer(
        lambda: adjudication.correct_value(
            cohort["文登区"], "i31.rd_share", 2.5, "以统计年鉴为准", world.evaluator
        )
    )
    correction.start()
    correction.join(BLOCKED)
    waited = correction.is_alive()  # for the campaign's row
    go.set()
    final.join(WAIT)
    correction.join(WAIT)
    assert final.error is None and isinstance(final.result, Publication)
    # the final list is published: the correction, which would not be in it, is refused
    assert isinstance(correction.error, adjudication.Refused)
    assert "认定名单已经公布" in str(correction.error)
    assert not Decision.objects.exists()
    assert waited
