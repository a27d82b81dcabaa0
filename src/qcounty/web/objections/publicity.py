"""The province's working-day calendar and the 公示 period of a campaign's 公示 list.

`today()` is the date every rule of the period uses: the local date, or the date given by the
QCOUNTY_TODAY setting (an ISO date, from the environment variable of the same name) that the
end-to-end tests and a rehearsal of the cycle set to run through a period without waiting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from qcounty.core.workdays import Calendar, DatedDay
from qcounty.web.campaigns.models import Campaign
from qcounty.web.evaluation.models import Publication
from qcounty.web.objections.models import CalendarDay


def today() -> dt.date:
    """Return today's date for the 公示 period's rules (QCOUNTY_TODAY when set)."""
    forced = getattr(settings, "QCOUNTY_TODAY", "")
    if forced:
        return dt.date.fromisoformat(forced)
    return timezone.localdate()


def calendar() -> Calendar:
    """Return the working-day calendar with the province's dated exceptions."""
    rows = CalendarDay.objects.values_list("day", "kind", "name")
    return Calendar.of(DatedDay(d, k == CalendarDay.Kind.WORKDAY, n) for d, k, n in rows)


@dataclass(frozen=True)
class Period:
    """A 公示 period: from `start` to `end`, `working_days` working days long."""

    start: dt.date
    end: dt.date
    working_days: int

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "working_days": self.working_days,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Period | None:
        if not data:
            return None
        return cls(
            dt.date.fromisoformat(data["start"]),
            dt.date.fromisoformat(data["end"]),
            int(data["working_days"]),
        )


def period_of(publication: Publication) -> Period | None:
    """Return the 公示 period frozen in a list's figures (None: published without one)."""
    return Period.from_json(publication.figures.get("meta", {}).get("publicity"))


def latest_proposed(campaign: Campaign | int) -> Publication | None:
    """Return the campaign's newest 公示 list."""
    campaign_id = campaign if isinstance(campaign, int) else campaign.pk
    return (
        Publication.objects.filter(campaign_id=campaign_id, kind=Publication.Kind.PROPOSED)
        .order_by("-version")
        .first()
    )


@dataclass(frozen=True)
class Status:
    """Where a campaign stands in its 公示 period on a given day."""

    publication: Publication
    period: Period
    today: dt.date
    days_left: int  # working days left, today included

    @property
    def started(self) -> bool:
        return self.today >= self.period.start

    @property
    def ended(self) -> bool:
        return self.today > self.period.end

    @property
    def running(self) -> bool:
        return self.started and not self.ended


def status(campaign: Campaign | int, day: dt.date | None = None) -> Status | None:
    """Return the campaign's 公示 period as it stands today (None: no period set)."""
    publication = latest_proposed(campaign)
    period = period_of(publication) if publication else None
    if publication is None or period is None:
        return None
    day = day or today()
    first = max(day, period.start)
    return Status(publication, period, day, calendar().days_left(first, period.end))
