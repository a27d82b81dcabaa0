"""The web layer's plumbing: which database the tests run on, SQLite's journal mode, and the
front-end libraries installed from the npm registry (package.json)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

EXPECTED_VENDOR = os.environ.get("QCOUNTY_TEST_DB") or "sqlite"


@pytest.mark.django_db
def test_the_tests_run_on_the_database_that_qcounty_test_db_names() -> None:
    assert connection.vendor == EXPECTED_VENDOR
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.skipif(EXPECTED_VENDOR != "sqlite", reason="SQLite only")
def test_sqlite_is_configured_for_wal() -> None:
    options = settings.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"


@pytest.mark.skipif(EXPECTED_VENDOR != "sqlite", reason="SQLite only")
@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    # pytest-django's SQLite test database lives in memory, where journal_mode can only be
    # "memory", so WAL is checked on a database file opened with the configured settings.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] in ("memory", "wal")

    on_disk = SQLiteDatabaseWrapper(
        {**connection.settings_dict, "NAME": tmp_path / "wal.sqlite3"}, alias="wal_check"
    )
    try:
        with on_disk.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1  # NORMAL
    finally:
        on_disk.close()


@pytest.mark.parametrize("path", ["vendor/htmx/htmx.min.js", "vendor/echarts/echarts.min.js"])
def test_static_finders_find_the_npm_libraries(path: str) -> None:
    found = finders.find(path)
    assert found, f"{path} not found: run `npm ci` (make test does)"
    assert Path(found).stat().st_size > 10_000


def test_the_tests_keep_their_files_out_of_the_repository() -> None:
    repo_var = Path(__file__).resolve().parents[2] / "var"
    assert Path(settings.VAR_DIR) != repo_var.resolve()
    assert Path(os.environ["QCOUNTY_VAR"]).resolve() == Path(settings.VAR_DIR)
    assert not Path(settings.EVIDENCE_ROOT).resolve().is_relative_to(repo_var.resolve())


@pytest.mark.django_db
def test_the_models_and_their_migrations_agree() -> None:
    """A model change without its migration would break every deployment's migrate."""
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
