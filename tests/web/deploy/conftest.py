"""The deployment tests run once, in the SQLite run: on PostgreSQL they would repeat themselves.

Every test here runs the production pieces (manage.py, gunicorn, nginx) in subprocesses whose
environment is built from scratch on SQLite in a temporary QCOUNTY_VAR (servers.py): neither the
test run's database nor its DATABASE_URL reaches them, so QCOUNTY_TEST_DB=postgresql would run
exactly the same commands again (about 200 s of the run). The PostgreSQL production setup is
scripts/production-smoke.sh's.
"""

from __future__ import annotations

import pytest

from tests.testenv import selected_database


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if selected_database() == "sqlite":
        return
    skip = pytest.mark.skip(
        reason="deployment tests run on their own SQLite whatever QCOUNTY_TEST_DB says: "
        "run once, in the SQLite run"
    )
    here = __file__.rsplit("/", 1)[0]
    for item in items:
        if str(item.path).startswith(here + "/"):
            item.add_marker(skip)
