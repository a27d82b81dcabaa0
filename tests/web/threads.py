"""Run writes at the same time in real threads, each with its own database connection.

Used by the concurrency tests (PostgreSQL, READ COMMITTED): a test commits its data (a
transactional test), starts the writers and steers where they meet with `pause` or `meet`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from qcounty.web.accounts.models import User

WAIT = 5.0  # seconds: far longer than any of these writes takes
BLOCKED = 1.0  # a writer still running after this long is waiting for a lock


def postgresql_only() -> None:
    """Skip the test on SQLite, which runs one writer at a time and ignores row locks."""
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


def together(*writes: Callable[[], Any]) -> list[Writer]:
    """Start the writes at once, wait for all of them and return their writers."""
    writers = [Writer(write) for write in writes]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(4 * WAIT)
        assert not writer.is_alive(), "a writer is stuck (a deadlock?)"
    return writers


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


def meet(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, parties: int = 2) -> None:
    """Make the first calls of `module.name` wait for each other, so that every writer has
    done what comes before before any goes on; a writer held up elsewhere (by a lock) is
    waited for `BLOCKED` seconds only."""
    real = getattr(module, name)
    barrier = threading.Barrier(parties)
    calls = iter(range(parties))  # only the first calls meet; next() is atomic under the GIL

    def met(*args: Any, **kwargs: Any) -> Any:
        if next(calls, None) is not None and not barrier.broken:
            # broken: the other writer waits for a lock this one holds
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(BLOCKED)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, met)


def client_of(user: User) -> Client:
    """Return a test client logged in as the user (its session committed for other threads)."""
    client = Client()
    client.force_login(user)
    return client
