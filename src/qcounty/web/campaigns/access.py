"""Who may open an application in a campaign: one helper per question, one condition a line."""

from __future__ import annotations

from qcounty.web.accounts.models import User
from qcounty.web.organisations.models import Organisation


def county_to_open_for(user: User) -> Organisation | None:
    """Return the county whose applications the user opens (its office's); None for anyone else."""
    if user.role != User.Role.COUNTY_OFFICE:
        return None
    return user.county
