"""The environment of a test run, set before Django's settings are imported.

Loaded as a plugin (``-p tests.testenv`` in pyproject's addopts), not from conftest.py:
pytest-django imports the settings in its ``pytest_load_initial_conftests`` hook, which runs
before pytest reads any conftest.py, and the settings read QCOUNTY_VAR and DATABASE_URL (and
write a secret key into QCOUNTY_VAR) as they are imported. This plugin's hook is ``tryfirst``,
so it runs before pytest-django's.

Once per run, in the process that runs pytest (the xdist controller; its workers inherit the
environment when they start, later):

- QCOUNTY_VAR points at a new temporary directory, so the secret key, evidence files and
  anything else the web app keeps never land in the repository's var/;
- QCOUNTY_TEST_DB picks the database: unset or ``sqlite`` uses SQLite (a DATABASE_URL from the
  shell is ignored); ``postgresql`` starts a throwaway PostgreSQL cluster (tests/pg_cluster.py)
  and exports its DATABASE_URL.

Both are removed when pytest ends.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable

import pytest

DB_ENV = "QCOUNTY_TEST_DB"
DATABASES = ("sqlite", "postgresql")

_cleanups: list[Callable[[], None]] = []


def _cleanup() -> None:
    while _cleanups:
        _cleanups.pop()()


def selected_database() -> str:
    """Return the database the tests run on, from QCOUNTY_TEST_DB ('sqlite' by default)."""
    return os.environ.get(DB_ENV) or "sqlite"


def prepare_environment() -> None:
    database = selected_database()
    if database not in DATABASES:
        raise pytest.UsageError(f"{DB_ENV}={database!r}: expected one of {', '.join(DATABASES)}")
    atexit.register(_cleanup)  # also when pytest stops before pytest_unconfigure

    var = tempfile.mkdtemp(prefix="qcounty-test-var-")
    _cleanups.append(lambda: shutil.rmtree(var, ignore_errors=True))
    os.environ["QCOUNTY_VAR"] = var
    os.environ.pop("QCOUNTY_EVIDENCE_ROOT", None)  # evidence files go under QCOUNTY_VAR
    for name in [n for n in os.environ if n == "QCOUNTY_STORAGE" or n.startswith("QCOUNTY_S3_")]:
        os.environ.pop(name)  # never an operator's bucket: the S3 tests start their own server

    os.environ.pop("DATABASE_URL", None)
    if database == "postgresql":
        from tests import pg_cluster

        cluster = pg_cluster.start()
        _cleanups.append(cluster.stop)
        os.environ["DATABASE_URL"] = cluster.url


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    # An xdist worker (`workerinput` is set on its config only later, so the environment
    # tells) inherits QCOUNTY_VAR and DATABASE_URL from the controller.
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    prepare_environment()


def pytest_report_header(config: pytest.Config) -> str:
    return f"qcounty: database {selected_database()}, QCOUNTY_VAR={os.environ.get('QCOUNTY_VAR')}"


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):
        _cleanup()
