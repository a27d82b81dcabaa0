"""A task for the worker process tests (importable by the worker they start)."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def note_attempt(path: str, hold: float) -> None:
    """Add a line to the file per attempt; the first attempt then waits `hold` seconds."""
    file = Path(path)
    before = file.read_text().count("\n") if file.exists() else 0
    with file.open("a") as f:
        f.write("attempt\n")
    if before == 0:
        time.sleep(hold)
