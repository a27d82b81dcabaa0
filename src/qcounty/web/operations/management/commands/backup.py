"""Back up the database and the stored files into one archive: ``manage.py backup [--output PATH]``.

The archive (tar; gzip-compressed if PATH ends in .tar.gz) holds a pg_dump or SQLite online
backup, every file of the default storage and a manifest of SHA-256s. Default PATH:
``$QCOUNTY_VAR/backups/qcounty-<vendor>-<time>.tar``. Safe to run while the site is in use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from qcounty.web.operations.backup import create_backup, default_output
from qcounty.web.operations.errors import BackupError, storage_errors


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
        try:
            create_backup(output, self._say)
        except BackupError as e:
            raise CommandError(str(e)) from None
        except DatabaseError as e:
            raise CommandError(_("数据库出错：{error}").format(error=e)) from None
        except storage_errors() as e:
            raise CommandError(_("读写文件出错：{error}").format(error=e)) from None

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
