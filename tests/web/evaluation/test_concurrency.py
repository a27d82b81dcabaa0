"""Concurrent writes against a snapshot and the final list, on PostgreSQL (READ COMMITTED).

Each test commits its data (a transactional test) and runs the second writer in a thread with
its own connection, paused at a chosen point of the first one. SQLite runs one writer at a time
and ignores row locks: these tests are PostgreSQL's.
"""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.adjudication import actions as adjudication
from qcounty.web.adjudication.models import Decision, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation import actions
from qcounty.web.evaluation.models import CohortSnapshot, Publication
from qcounty.web.reporting.models import InputValue
from tests.web.conftest import World
from tests.web.threads import BLOCKED, WAIT, Writer, client_of, pause, postgresql_only, together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    postgresql_only()


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


def test_a_double_click_on_publish_publishes_one_list_and_tells_the_second_it_is_out(
    world: World, snapshot: CohortSnapshot
) -> None:
    url = reverse("evaluation:publish", args=[snapshot.pk])
    form = {"kind": "final", "without_publicity": "1", "seen": "0"}  # the page saw no list
    first, second = together(
        lambda: client_of(world.evaluator).post(url, form, follow=True),
        lambda: client_of(world.evaluator).post(url, form, follow=True),
    )
    assert first.error is None and second.error is None
    published = Publication.objects.get()
    assert (published.kind, published.version) == ("final", 1)
    pages = [w.result.content.decode() for w in (first, second)]
    assert sum("已发布：" in p for p in pages) == 1
    assert sum("已经发布，未重复发布" in p for p in pages) == 1


def test_a_new_version_is_published_from_a_page_that_saw_the_latest_list(
    world: World, snapshot: CohortSnapshot
) -> None:
    url = reverse("evaluation:publish", args=[snapshot.pk])
    client = client_of(world.evaluator)
    client.post(url, {"kind": "proposed", "seen": "0"})
    first = Publication.objects.get()
    client.post(url, {"kind": "proposed", "seen": str(first.pk)})  # a deliberate re-issue
    assert sorted(Publication.objects.values_list("version", flat=True)) == [1, 2]


def test_a_version_cannot_be_taken_twice_in_the_database(
    world: World, snapshot: CohortSnapshot
) -> None:
    published = actions.publish(snapshot, "proposed", world.evaluator)
    copy = Publication(
        campaign=published.campaign,
        snapshot=snapshot,
        kind=published.kind,
        version=published.version,
        figures={},
        published_on=published.published_on,
        published_by=world.evaluator,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_published_lists_and_snapshots_refuse_bulk_updates_and_deletes_in_the_database(
    world: World, snapshot: CohortSnapshot
) -> None:
    published = actions.publish(snapshot, "proposed", world.evaluator, notice="公示 5 天")
    bare = actions.take_snapshot(world.campaign, world.evaluator, "未发布", confirmed=True)
    for rows, change in [
        (Publication.objects.filter(pk=published.pk), {"notice": "改过的说明"}),
        (CohortSnapshot.objects.filter(pk=bare.pk), {"note": "改过的说明"}),
    ]:
        with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
            rows.update(**change)
        with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
            rows.delete()  # type: ignore[attr-defined]
    published.refresh_from_db()
    assert published.notice == "公示 5 天"
    assert CohortSnapshot.objects.filter(pk=bare.pk, note="未发布").exists()


def test_a_double_click_on_take_snapshot_takes_one_snapshot(
    world: World, cohort: dict[str, Application]
) -> None:
    url = reverse("evaluation:take_snapshot", args=[world.campaign.pk])
    form = {"note": "初评", "confirm": "1"}
    first, second = together(
        lambda: client_of(world.evaluator).post(url, form),
        lambda: client_of(world.evaluator).post(url, form),
    )
    assert first.error is None and second.error is None
    taken = CohortSnapshot.objects.get()
    assert [w.result["Location"] for w in (first, second)] == [
        reverse("evaluation:snapshot", args=[taken.pk])
    ] * 2
