"""Transient database errors, and a decorator that runs a task's body again after one.

A busy SQLite file (a lock held past the busy timeout), a PostgreSQL deadlock or serialisation
failure, a connection that the server dropped: none says anything about the task, and the same
work succeeds a moment later. Any other error (a bug, bad data) fails the task at once.

Usage, under django-tasks' decorator::

    @task()
    @retry_transient()
    def build_package(package_id: int) -> None:
        ...

The body must be idempotent: run again after stopping anywhere, it finishes the same work
(each step in its own transaction, skipping what is done, or starting again from a clean state).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import InterfaceError, OperationalError, connections

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

# PostgreSQL's SQLSTATE classes and codes that say "try again": connection exceptions (08),
# serialisation failure and deadlock (40001, 40P01), the server shutting down or starting (57P0x)
_TRANSIENT_SQLSTATES = ("08", "40001", "40P01", "57P01", "57P02", "57P03")
_TRANSIENT_MESSAGES = (
    "database is locked",
    "database table is locked",
    "deadlock detected",
    "could not serialize access",
    "server closed the connection",
    "terminating connection",
    "connection already closed",
    "connection is closed",
    "connection refused",
    "could not connect",
    "the connection is lost",
    "ssl connection has been closed",
)


def is_transient(error: BaseException) -> bool:
    """Return whether the error is a database error that the same work would not meet again."""
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    if isinstance(error, InterfaceError):
        return True  # the connection is unusable (closed under us); a new one is opened
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate and str(sqlstate).startswith(_TRANSIENT_SQLSTATES):
        return True
    message = str(error).lower()
    return any(m in message for m in _TRANSIENT_MESSAGES)


def reset_connections() -> None:
    """Close every database connection of this thread, so the next query opens a fresh one."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except Exception:  # a dead connection may fail to close; it is dropped all the same
            log.debug("closing connection %s failed", conn.alias, exc_info=True)


def backoff(attempt: int, first: float, most: float) -> float:
    """Return the pause before the given retry (1, 2, ...): doubling from `first`, at most `most`."""
    return min(most, first * 2.0 ** (attempt - 1))


def retry_transient(
    attempts: int = 5, first_delay: float = 1.0, max_delay: float = 30.0
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Run the function again (up to `attempts` times in all) when it fails on a transient error.

    Inside a transaction nothing is retried: the transaction is broken, and only whoever opened
    it can start again.
    """

    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(func)
        def run(*args: P.args, **kwargs: P.kwargs) -> T:
            attempt = 1
            while True:
                try:
                    return func(*args, **kwargs)
                except (OperationalError, InterfaceError) as e:
                    in_transaction = any(
                        c.in_atomic_block for c in connections.all(initialized_only=True)
                    )
                    if attempt >= attempts or in_transaction or not is_transient(e):
                        raise
                    pause = backoff(attempt, first_delay, max_delay)
                    log.warning(
                        "%s failed on a transient database error (%s); attempt %d of %d in %.1f s",
                        func.__qualname__,
                        e,
                        attempt + 1,
                        attempts,
                        pause,
                    )
                    reset_connections()
                    time.sleep(pause)
                    attempt += 1

        return run

    return decorate
