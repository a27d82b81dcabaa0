class BackupError(Exception):
    """A backup or restore that cannot go on; the message (Chinese) says why."""
