"""Back up the database and the stored files into one archive: ``manage.py backup [--output PATH]``.

The archive (tar; gzip-compressed if PATH ends in .tar.gz) holds a pg_dump or SQLite online
backup, every file of the default storage and a manifest of SHA-256s. Default PATH:
``$QCOUNTY_VAR/backups/qcounty-<vendor>-<time>.tar``. Safe to run while the site is in use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qcounty.web.operations.backup import create_backup, default_output
from qcounty.web.operations.errors import reported_as_command_errors


class Command(BaseCommand):
    help = "Back up the database and every stored (evidence) file into one verified archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="archive to write (.tar, or .tar.gz to compress); "
            "default: $QCOUNTY_VAR/backups/qcounty-<vendor>-<time>.tar",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"]) if options.get("output") else default_output()
        with reported_as_command_errors():
            create_backup(output, self._say)

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
