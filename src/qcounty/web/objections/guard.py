"""The final list waits for the 公示: refused while an objection is open or the period runs.

Called by `evaluation.actions.publish` inside its transaction, under the campaign's lock (which
every objection write takes too), so no objection is filed between the check and the list.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from qcounty.office.publication_frame import chinese_date
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Campaign
from qcounty.web.objections import access
from qcounty.web.objections.models import FinalListOverride, Objection
from qcounty.web.objections.publicity import status

MAX_REASON = 2000


class Waiting(ValueError):
    """The final list cannot be published yet; the message is a Chinese sentence."""


def problems(campaign: Campaign, today: dt.date) -> tuple[list[int], dt.date | None, list[str]]:
    """Return the open objections' numbers, the end of a period still running, and why."""
    numbers = list(
        Objection.objects.filter(campaign=campaign)
        .exclude(state=Objection.State.ANSWERED)
        .order_by("number")
        .values_list("number", flat=True)
    )
    reasons = []
    if numbers:
        reasons.append(
            _("尚有 {n} 件异议未办结（第{numbers}号）").format(
                n=len(numbers), numbers="、".join(str(n) for n in numbers)
            )
        )
    running = status(campaign, today)
    end = running.period.end if running is not None and not running.ended else None
    if end is not None:
        reasons.append(_("公示期至{date}结束，尚未期满").format(date=chinese_date(end)))
    return numbers, end, reasons


def check_final(campaign: Campaign, user: User, today: dt.date, override_reason: str = "") -> None:
    """Refuse the final list while the 公示 is not settled, unless the office head overrides
    it with a reason (recorded)."""
    numbers, end, reasons = problems(campaign, today)
    if not reasons:
        return
    override_reason = (override_reason or "").strip()
    if not override_reason:
        raise Waiting(
            _("不能发布认定名单：{why}。").format(why="；".join(reasons))
            + (
                _("如确需提前发布，请由负责人填写提前发布的理由。")
                if access.can_override(user)
                else ""
            )
        )
    if not access.can_override(user):
        raise Waiting(_("只有省质量强省办负责人可以在异议未办结或公示期未满时发布认定名单。"))
    if len(override_reason) > MAX_REASON:
        raise Waiting(_("理由不能超过 {n} 个字").format(n=MAX_REASON))
    FinalListOverride.objects.create(
        campaign=campaign,
        reason=override_reason,
        open_objections=numbers,
        period_end=end,
        decided_by=user,
    )
