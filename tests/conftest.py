"""Root of the test tree.

The run's environment (a temporary QCOUNTY_VAR, and the database chosen by QCOUNTY_TEST_DB:
SQLite, or a throwaway PostgreSQL cluster) is set up by the plugin tests/testenv.py, which
pyproject's addopts loads with ``-p tests.testenv``: it has to act before pytest-django imports
Django's settings, and pytest-django does that before any conftest.py is read.
"""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("tests.testenv"):
        raise pytest.UsageError(
            "the plugin tests.testenv is not loaded (pyproject.toml addopts has `-p tests.testenv`): "
            "without it the tests would use the repository's var/ and whatever DATABASE_URL is set"
        )
