"""Which database errors are transient, and the decorator that retries a task after one."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError, transaction

from qcounty.web.operations import transient
from qcounty.web.operations.transient import is_transient, retry_transient


class FakePsycopgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def wrapped(message: str, sqlstate: str | None = None) -> OperationalError:
    error = OperationalError(message)
    if sqlstate:
        error.__cause__ = FakePsycopgError(sqlstate)
    return error


@pytest.mark.parametrize(
    "error",
    [
        wrapped("database is locked"),
        wrapped("database table is locked"),
        wrapped("deadlock detected", "40P01"),
        wrapped("could not serialize access due to concurrent update", "40001"),
        wrapped("server closed the connection unexpectedly", "08006"),
        wrapped("terminating connection due to administrator command", "57P01"),
        InterfaceError("connection already closed"),
    ],
)
def test_busy_and_lost_databases_are_transient(error: Exception) -> None:
    assert is_transient(error)


@pytest.mark.parametrize(
    "error",
    [
        wrapped("no such table: reporting_inputvalue"),
        wrapped('column "x" does not exist', "42703"),
        ValueError("database is locked"),  # not a database error, whatever it says
    ],
)
def test_bugs_and_other_errors_are_not(error: Exception) -> None:
    assert not is_transient(error)


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(transient.time, "sleep", slept.append)
    return slept


def flaky(failures: list[Exception]):  # type: ignore[no-untyped-def]
    calls = []

    @retry_transient(attempts=4, first_delay=1.0, max_delay=3.0)
    def work(x: int) -> int:
        calls.append(x)
        if failures:
            raise failures.pop(0)
        return x * 2

    return work, calls


def test_a_task_that_meets_a_locked_database_is_run_again_after_a_growing_pause(
    pauses: list[float],
) -> None:
    work, calls = flaky([wrapped("database is locked")] * 3)
    assert work(21) == 42
    assert calls == [21] * 4
    assert pauses == [1.0, 2.0, 3.0]  # doubling, capped at max_delay


def test_a_task_that_keeps_failing_gives_up_with_the_last_error(pauses: list[float]) -> None:
    work, calls = flaky([wrapped("database is locked")] * 4)
    with pytest.raises(OperationalError, match="locked"):
        work(1)
    assert len(calls) == 4


def test_a_task_that_fails_on_a_bug_is_not_run_again(pauses: list[float]) -> None:
    work, calls = flaky([wrapped("no such table: x"), wrapped("database is locked")])
    with pytest.raises(OperationalError, match="no such table"):
        work(1)
    assert calls == [1] and pauses == []


@pytest.mark.django_db
def test_nothing_is_retried_inside_a_transaction(pauses: list[float]) -> None:
    work, calls = flaky([wrapped("database is locked")])
    with transaction.atomic(), pytest.raises(OperationalError):
        work(1)  # the transaction is broken: only its owner can start again
    assert calls == [1]
