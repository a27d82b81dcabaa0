"""The final list (认定名单) freezes its campaign: after it, no application of it changes.

Every write to an application's data or state calls `require_not_final` (or `frozen_problem`)
inside its transaction, right after taking the application's row lock. On PostgreSQL that also
holds the campaign's row in SHARE mode until the write commits: publishing the final list locks
the same row FOR UPDATE, so a write either commits before the list is numbered, or waits for it
and is then refused. SHARE locks do not conflict with one another, so the writes of different
counties never wait for each other here. (SQLite runs one write transaction at a time.)

Lock order: the application's row, then the campaign's (as the province's decisions do).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.translation import gettext as _

from qcounty.web.campaigns.models import Application, Campaign

if TYPE_CHECKING:
    from qcounty.web.evaluation.models import Publication


_CACHED = "_qcounty_frozen_message"


class Frozen(PermissionDenied):
    """The application's campaign has published its final list: nothing of it may change.

    A PermissionDenied, so that a path that does not catch it still refuses (403); its message
    is the Chinese sentence the user is shown.
    """


def final_list(campaign_id: int) -> Publication | None:
    """Return the campaign's newest final list, or None while none has been published."""
    from qcounty.web.evaluation.models import Publication  # evaluation builds on campaigns

    return (
        Publication.objects.filter(campaign_id=campaign_id, kind=Publication.Kind.FINAL)
        .only("version", "published_on")
        .order_by("-version")
        .first()
    )


def is_final(campaign: Campaign) -> bool:
    """Return whether the campaign's final list has been published."""
    return final_list(campaign.pk) is not None


def frozen_message(campaign_id: int) -> str:
    """Return why the campaign's applications no longer change; "" while they still may."""
    final = final_list(campaign_id)
    if final is None:
        return ""
    return _("本周期认定名单已公布（第{version}版，{date}），申报已冻结，不能再修改。").format(
        version=final.version, date=final.published_on.isoformat()
    )


def frozen_message_of(application: Application) -> str:
    """Return `frozen_message` of the application's campaign, read once per loaded application.

    A request loads its application once, and its access checks ask several times; the answer
    that guards a write is read again under the row lock (`frozen_problem`).
    """
    cached: str | None = getattr(application, _CACHED, None)
    if cached is None:
        cached = frozen_message(application.campaign_id)
        setattr(application, _CACHED, cached)
    return cached


def frozen_problem(application: Application) -> str:
    """Hold the campaign's row (SHARE) for the rest of the transaction; return why the
    application may not change ("" if it may)."""
    _hold_campaign(application.campaign_id)
    problem = frozen_message(application.campaign_id)
    setattr(application, _CACHED, problem)  # the freshest answer, for the checks that follow
    return problem


def require_not_final(application: Application) -> None:
    """Refuse (Frozen) any change to an application whose campaign's final list is out."""
    problem = frozen_problem(application)
    if problem:
        raise Frozen(problem)


def _hold_campaign(campaign_id: int) -> None:
    # Django's select_for_update offers FOR UPDATE and FOR NO KEY UPDATE only: either would
    # make every write of the campaign wait for every other; FOR SHARE waits only for the
    # final list's FOR UPDATE
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    table = connection.ops.quote_name(Campaign._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE", [campaign_id])
