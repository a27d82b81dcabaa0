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
