"""A robustness run survives its worker: run again after a crash or a transient error, it
starts afresh and finishes with the same figures."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError

from qcounty.core.evaluate import RobustnessSpec
from qcounty.web.evaluation import actions
from qcounty.web.evaluation.models import CohortSnapshot, RobustnessRun
from qcounty.web.evaluation.tasks import run_robustness_analysis
from qcounty.web.operations import transient
from tests.web.conftest import World

SPEC = RobustnessSpec(replications=2000, weight_noise=0.1, policies=(), seed=1, top=3)


def test_a_run_left_running_by_a_dead_worker_starts_again_and_finishes(
    world: World, snapshot: CohortSnapshot
) -> None:
    run = actions.queue_robustness(snapshot, SPEC, world.evaluator)
    # the worker claimed it, did 1,000 of 2,000 replications and was killed; the task is
    # delivered again (qcounty.web.operations requeues the tasks of dead workers)
    RobustnessRun.objects.filter(pk=run.pk).update(status="running", done=1000)
    actions.run_robustness(run.pk)
    run.refresh_from_db()
    assert (run.status, run.done, run.error) == ("done", 2000, "")
    fresh = actions.queue_robustness(snapshot, SPEC, world.evaluator)
    actions.run_robustness(fresh.pk)
    fresh.refresh_from_db()
    assert run.result == fresh.result  # the same seed: the same figures as an unbroken run


def test_a_finished_run_is_not_run_again(world: World, snapshot: CohortSnapshot) -> None:
    run = actions.queue_robustness(snapshot, SPEC, world.evaluator)
    actions.run_robustness(run.pk)
    RobustnessRun.objects.filter(pk=run.pk).update(done=7)  # a marker: nothing rewrites it
    actions.run_robustness(run.pk)
    run.refresh_from_db()
    assert (run.status, run.done) == ("done", 7)


@pytest.mark.django_db(transaction=True)
def test_a_database_locked_during_a_run_is_waited_out_and_the_run_finishes(
    world: World, snapshot: CohortSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = actions.queue_robustness(snapshot, SPEC, world.evaluator)
    real = actions.robustness
    calls = []

    def locked_once(score: Any, spec: Any, progress: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            progress(1000, 2000)
            raise OperationalError("database is locked")
        return real(score, spec, progress)

    monkeypatch.setattr(actions, "robustness", locked_once)
    monkeypatch.setattr(transient.time, "sleep", lambda s: None)
    run_robustness_analysis.call(run.pk)
    run.refresh_from_db()
    assert len(calls) == 2
    assert (run.status, run.done, run.error) == ("done", 2000, "")


@pytest.mark.django_db(transaction=True)
def test_an_error_that_is_not_transient_still_fails_the_run_at_once(
    world: World, snapshot: CohortSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = actions.queue_robustness(snapshot, SPEC, world.evaluator)
    calls = []

    def broken(score: Any, spec: Any, progress: Any) -> Any:
        calls.append(1)
        raise OperationalError("no such column: x")

    monkeypatch.setattr(actions, "robustness", broken)
    run_robustness_analysis.call(run.pk)
    run.refresh_from_db()
    assert len(calls) == 1
    assert run.status == "failed" and "OperationalError" in run.error
