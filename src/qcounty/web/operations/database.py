"""Dump and restore the database: pg_dump and pg_restore on PostgreSQL, the online backup on SQLite.

A dump comes with what was in it, read from the same snapshot: the rows of every table, the
applied migrations and the storage names that file fields refer to.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from qcounty.web.operations.errors import BackupError

DUMP_NAMES = {"postgresql": "qcounty.pgdump", "sqlite": "qcounty.sqlite3"}
# tables that `migrate` fills in an otherwise empty database
BOOKKEEPING = frozenset({"django_migrations", "django_content_type", "auth_permission"})


@dataclass
class Contents:
    """What a database holds: rows per table, applied migrations, files its rows refer to."""

    row_counts: dict[str, int]
    migrations: dict[str, list[str]]
    file_references: set[str] = field(default_factory=set)


@dataclass
class Dump:
    vendor: str
    path: Path
    server_version: str
    contents: Contents


def vendor() -> str:
    return connection.vendor


def dump(directory: Path) -> Dump:
    """Dump the database into a file in the directory, consistent while the application runs."""
    if connection.vendor == "postgresql":
        return _dump_postgresql(directory / DUMP_NAMES["postgresql"])
    if connection.vendor == "sqlite":
        return _dump_sqlite(directory / DUMP_NAMES["sqlite"])
    raise BackupError(_("不支持的数据库：{vendor}").format(vendor=connection.vendor))


def current_contents() -> Contents:
    """Return what the database holds now."""
    with connection.cursor() as cursor:
        return _contents(cursor, _tables(), connection.ops.quote_name)


def holds_data() -> bool:
    """Say whether any table holds rows other than those `migrate` writes."""
    with connection.cursor() as cursor:
        for table in _tables():
            if table in BOOKKEEPING:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                return True
    return False


def restore(path: Path, tables: Iterable[str]) -> None:
    """Replace the database by the dump at path (tables: those the dump holds)."""
    if connection.vendor == "postgresql":
        _restore_postgresql(path, set(tables))
    elif connection.vendor == "sqlite":
        _restore_sqlite(path)
    else:
        raise BackupError(_("不支持的数据库：{vendor}").format(vendor=connection.vendor))


# -- PostgreSQL ---------------------------------------------------------------------------------


def _dump_postgresql(target: Path) -> Dump:
    program = client_program("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_dump reads the snapshot this transaction exports, so the counts below describe
        # exactly what it wrote, however busy the application is meanwhile
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        _run(
            [
                program,
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target}",
                "--no-password",
                f"--dbname={connection.settings_dict['NAME']}",
            ]
        )
        contents = _contents(cursor, _tables(), connection.ops.quote_name)
    return Dump("postgresql", target, server_version, contents)


def _restore_postgresql(path: Path, tables: set[str]) -> None:
    program = client_program("pg_restore")
    with transaction.atomic(), connection.cursor() as cursor:
        # tables the backup does not have (from later migrations) would make `migrate` fail
        for table in sorted(set(_tables()) - tables):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    _run(
        [
            program,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ]
    )


def server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        return int(cursor.fetchone()[0]) // 10000


def client_program(name: str) -> str:
    """Return pg_dump or pg_restore of the server's major version (an older one cannot read it)."""
    major = server_major()
    candidates = [f"/usr/lib/postgresql/{major}/bin/{name}"]
    if found := shutil.which(name):
        candidates.append(found)
    candidates += sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    for candidate in candidates:
        if os.access(candidate, os.X_OK) and _client_major(candidate) >= major:
            return candidate
    raise BackupError(
        _("找不到 PostgreSQL {major} 的 {name}：请安装 postgresql-client-{major}").format(
            major=major, name=name
        )
    )


def _client_major(program: str) -> int:
    try:
        out = subprocess.run(
            [program, "--version"], capture_output=True, text=True, check=True, env=_pg_env()
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return 0
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def _pg_env() -> dict[str, str]:
    """Return the environment that points libpq's programs at Django's database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    settings = connection.settings_dict
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),  # in the environment, never on a command line
    ]:
        if settings.get(key):
            env[variable] = str(settings[key])
    options = settings.get("OPTIONS", {})
    for key, variable in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ]:
        if options.get(key):
            env[variable] = str(options[key])
    return env


def _run(command: list[str]) -> None:
    proc = subprocess.run(command, capture_output=True, text=True, env=_pg_env(), check=False)
    if proc.returncode != 0:
        raise BackupError(
            _("{program} 失败（退出码 {code}）：{error}").format(
                program=Path(command[0]).name,
                code=proc.returncode,
                error=(proc.stderr or proc.stdout).strip()[-2000:],
            )
        )


# -- SQLite -------------------------------------------------------------------------------------


def _dump_sqlite(target: Path) -> Dump:
    connection.ensure_connection()
    source: sqlite3.Connection = connection.connection
    copy = sqlite3.connect(target)
    try:
        # the online backup copies one consistent state while the application goes on writing
        source.backup(copy)
        cursor = copy.cursor()
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        contents = _contents(cursor, tables, _sqlite_quote)
    finally:
        copy.close()
    return Dump("sqlite", target, sqlite3.sqlite_version, contents)


def _restore_sqlite(path: Path) -> None:
    source = sqlite3.connect(path)
    try:
        connection.close()
        connection.ensure_connection()
        # the backup API writes through a connection to the target, so its WAL stays right
        source.backup(connection.connection)
    finally:
        source.close()
        connection.close()


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- both ---------------------------------------------------------------------------------------


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def _contents(cursor: Any, tables: list[str], quote: Any) -> Contents:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    references: set[str] = set()
    for table, column in _file_columns():
        if table in counts:
            cursor.execute(f"SELECT {quote(column)} FROM {quote(table)}")
            references.update(name for (name,) in cursor.fetchall() if name)
    return Contents(counts, migrations, references)


def _file_columns() -> Iterator[tuple[str, str]]:
    """Yield (table, column) of every file field: the names they hold are storage names."""
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField) and f.column is not None:
                yield model._meta.db_table, f.column
