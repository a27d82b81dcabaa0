"""Writes to a user's own account."""

from __future__ import annotations

import logging

from qcounty.web.accounts.models import User

logger = logging.getLogger("qcounty.accounts")


def change_password(user: User, new_password: str) -> None:
    """Set the user's new password (already validated) and record the change."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    logger.info("password changed: username=%s", user.get_username())
