"""The county's queues: a clerk's fields and a county office's sections, deadlines and decisions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify

from qcounty.web.accounts.models import User
from qcounty.web.adjudication.models import Decision, Reconciliation
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.queues.base import (
    S,
)
from qcounty.web.review import board
from qcounty.web.review.models import Section
from qcounty.web.review.sections import department_units

# ---------------------------------------------------------------- a clerk


@dataclass
class FieldLink:
    label: str
    indicator: int
    link: str  # on the application page: the field's section opened, the field's anchor
    key: str = ""  # the input's key (a gate's input is worded by its gate's kind)


@dataclass
class ClerkItem:
    application: Application
    section: Section
    missing: list[FieldLink]
    notes: list[board.Note]
    overdue: bool


def field_link(indicator: int, key: str, label: str) -> FieldLink:
    if indicator == 0:
        return FieldLink(label, 0, "#gates", key)
    return FieldLink(label, indicator, f"?indicator={indicator}#field-{slugify(key)}", key)


def clerk_queue(user: User, applications: list[Application]) -> list[ClerkItem]:
    """Return the clerk's section of each application they see, with what it still lacks."""
    today = timezone.localdate()
    out = []
    for application in applications:
        units = department_units(application)
        section = board.clerk_section(user, application, units)
        if section is None:
            continue
        inputs = board.inputs_by_section(application, [section], units)
        missing = board.missing_by_section(application, inputs)[section.pk]
        out.append(
            ClerkItem(
                application,
                section,
                [field_link(m.indicator, m.key, m.label) for m in missing],
                board.open_notes(section),
                board.is_overdue(section, today),
            )
        )
    return out


# ---------------------------------------------------------------- a county office


def review_link(section: Section) -> str:
    """Return where the office accepts or returns a department's section: the department's
    own review page where there is one, else its row on the application page's panel."""
    try:
        return reverse("review:section", args=[section.pk])
    except NoReverseMatch:
        page = reverse("reporting:application", args=[section.application_id])
        return f"{page}#section-{section.pk}"


@dataclass
class Queued:
    """A department's section in the office's queue, with where the office reviews it."""

    row: board.Row
    link: str

    @property
    def section(self) -> Section:
        return self.row.section

    @property
    def missing(self) -> int:
        return len(self.row.missing)


def queued(rows: list[board.Row]) -> list[Queued]:
    return [Queued(r, review_link(r.section)) for r in rows]


@dataclass
class OfficeItem:
    application: Application
    waiting: list[Queued]  # submitted or resubmitted: the office accepts or returns them
    returned: list[Queued]  # returned, not yet resubmitted by the department
    overdue: list[Queued]
    rows: list[board.Row]
    decisions: int  # the province's checks, corrections and reconciliations
    corrected: int
    department_days: int
    application_days: int
    province_notes: list[board.Note]  # why the province returned the application, if it did

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.rows if r.section.status == S.ACCEPTED)


def office_queue(applications: list[Application]) -> list[OfficeItem]:
    """Return, for each of the county's applications, what waits for the office."""
    today = timezone.localdate()
    out = []
    for application in applications:
        rows = board.section_rows(application, today)
        decisions = Decision.objects.filter(application=application).aggregate(
            n=Count("pk"), corrected=Count("pk", filter=Q(kind=Decision.Kind.CORRECTED))
        )
        campaign = application.campaign
        out.append(
            OfficeItem(
                application,
                queued([r for r in rows if r.section.status in (S.SUBMITTED, S.RESUBMITTED)]),
                queued([r for r in rows if r.section.status == S.RETURNED]),
                queued([r for r in rows if r.overdue]),
                rows,
                decisions["n"] + Reconciliation.objects.filter(application=application).count(),
                decisions["corrected"],
                (campaign.department_deadline - today).days,
                (campaign.application_deadline - today).days,
                board.application_notes(application),
            )
        )
    return out
