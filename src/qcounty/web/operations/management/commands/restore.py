"""Restore a backup made by ``manage.py backup``: ``manage.py restore PATH [--force]``.

The whole archive is checked against its manifest before anything is written; a backup of
another database vendor, or one whose migrations this code does not have, is refused; so is a
target that already holds data or files, unless --force (or --yes) says to replace them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qcounty.web.operations.backup import restore_backup
from qcounty.web.operations.errors import reported_as_command_errors


class Command(BaseCommand):
    help = (
        "Restore the database and the stored (evidence) files from a backup archive, "
        "after checking every member against its manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="archive written by manage.py backup")
        parser.add_argument(
            "--force",
            "--yes",
            dest="force",
            action="store_true",
            help="replace the data and files of a target that is not empty",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with reported_as_command_errors():
            restore_backup(Path(options["path"]), bool(options["force"]), self._say)

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
