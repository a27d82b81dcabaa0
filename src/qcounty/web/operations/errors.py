"""What stops a backup or a restore, and how an operator's command reports it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _


class BackupError(Exception):
    """A backup or restore that cannot go on; the message (Chinese) says why."""


def storage_errors() -> tuple[type[BaseException], ...]:
    """Return the exceptions a storage back-end raises when it cannot read or write."""
    errors: tuple[type[BaseException], ...] = (OSError,)
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # django-storages' S3 back-end not installed
        return errors
    return (*errors, BotoCoreError, ClientError)


@contextmanager
def reported_as_command_errors() -> Iterator[None]:
    """Turn a backup's, the database's or the storage's failure into one Chinese line."""
    try:
        yield
    except BackupError as e:
        raise CommandError(str(e)) from None
    except DatabaseError as e:
        raise CommandError(_("数据库出错：{error}").format(error=e)) from None
    except storage_errors() as e:
        raise CommandError(_("读写文件出错：{error}").format(error=e)) from None
