"""Where the province looks first: plausibility flags of every application it holds (issue 17).

The core checks the campaign's current cohort (the values after the province's decisions)
against the county's application of the previous campaign of the same framework, and the
evidence files by SHA-256 across counties. One check per state of the cohort, keyed without
reading a value (`held_state`): the values of an application the province holds change only
through a decision or a reconciliation (append-only rows), or after the application leaves
the province's hands, which only a return or a reopening does (each writes a ReturnNote);
every other write path refuses a held application (`reporting.access.is_editable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qcounty.core.cohort import Cohort
from qcounty.core.plausibility import Flag, check_cohort, same_evidence
from qcounty.core.plausibility.flags import SEVERITIES
from qcounty.web.adjudication.cohort import HELD, among, current_values
from qcounty.web.adjudication.models import Decision, Reconciliation
from qcounty.web.caching import Cache
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evidence.models import Evidence
from qcounty.web.reporting import selfcheck
from qcounty.web.reporting.models import FlagNote
from qcounty.web.reporting.scoring import county_from_values
from qcounty.web.review.board import field_label
from qcounty.web.review.models import ReturnNote

CACHED = 8  # campaigns' flag sets kept per process (one per state of a cohort)

_flags: Cache[tuple[Any, ...], dict[int, list[Flag]]] = Cache("adjudication.flags", CACHED)

Values = list[tuple[Application, dict[str, Any]]]


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """Return the latest earlier campaign of the same framework, if any."""
    return (
        Campaign.objects.filter(
            framework_id=campaign.framework_id, evaluation_year__lt=campaign.evaluation_year
        )
        .defer("reference_cohort")
        .order_by("-evaluation_year", "-pk")
        .first()
    )


def _appended(model: type[Model], campaign: Campaign) -> tuple[int, int | None]:
    """Return how many rows of an append-only table the campaign has, and the newest's id."""
    found = model._default_manager.filter(application__campaign=campaign).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    return (found["n"], found["last"])


def held_state(campaign: Campaign) -> tuple[Any, ...]:
    """Return what the flags of the campaign's held applications depend on, in five queries
    whatever their number: which applications the province holds, the
    decisions and reconciliations made, the returns and reopenings, and the evidence files."""
    # ids only (a key compares them, nothing reads the rows): loading the applications with
    # their counties and cities cost each page of the workspace two cohorts' worth of objects
    ids = list(
        Application.objects.filter(campaign=campaign, status__in=HELD)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    wanted = set(ids)
    rows = Evidence.objects.filter(among(ids, campaign)).values_list("application_id", "sha256")
    evidence = sorted(row for row in rows if row[0] in wanted)
    return (
        tuple(ids),  # submitted or accepted: the same values
        _appended(Decision, campaign),
        _appended(Reconciliation, campaign),
        _appended(ReturnNote, campaign),
        tuple(evidence),
    )


def _cohort(campaign: Campaign, held: Values) -> Cohort:
    counties = [county_from_values(a, v) for a, v in held]
    return Cohort(campaign.framework_id, campaign.evaluation_year, counties)


def cohort_flags(campaign: Campaign) -> dict[int, list[Flag]]:
    """Return application id → its flags, riskiest first, for every application held."""
    state = held_state(campaign)
    if not state[0]:
        return {}
    before = previous_campaign(campaign)
    today = timezone.localdate()
    key = (
        campaign.pk,
        campaign.created_at,
        today,
        state,
        held_state(before) if before is not None else None,
    )

    def check() -> dict[int, list[Flag]]:
        held = current_values(campaign)
        held_before = current_values(before) if before is not None else []
        evidence = state[-1]
        previous = _cohort(before, held_before) if before is not None and held_before else None
        flags = check_cohort(campaign.framework, _cohort(campaign, held), previous, today=today)
        who = {(a.county.parent.name if a.county.parent else "", a.county.name): a for a, _ in held}
        by_id = {a.pk: a for a, _ in held}
        pairs = [((_city(by_id[pk]), by_id[pk].county.name), sha) for pk, sha in evidence]
        flags += same_evidence(pairs)
        out: dict[int, list[Flag]] = {a.pk: [] for a, _ in held}
        for flag in flags:
            application = who.get((flag.city, flag.county))
            if application is not None:
                out[application.pk].append(flag)
        for found in out.values():
            found.sort(key=lambda f: (SEVERITIES.index(f.severity), -f.points_at_stake))
        return out

    return _flags.get_or_set(key, check)


def _city(application: Application) -> str:
    return application.county.parent.name if application.county.parent else ""


def risk_key(flags: list[Flag]) -> tuple[int, float, int]:
    """Return the sort key of an application by its flags: high first, then points at stake.

    The largest points at stake of one flag, not their sum: several flags on one value (a part
    above its whole, the same part jumping) each put the same points at stake.
    """
    if not flags:
        return (len(SEVERITIES), 0.0, 0)
    worst = min(SEVERITIES.index(f.severity) for f in flags)
    return (worst, -max(f.points_at_stake for f in flags), -len(flags))


@dataclass
class Risk:
    """An application's flags in the index: how many are high, the most points one puts at stake."""

    high: int
    flags: int
    points: float


def risk_of(flags: list[Flag]) -> Risk:
    return Risk(
        sum(1 for f in flags if f.severity == "high"),
        len(flags),
        round(max((f.points_at_stake for f in flags), default=0.0), 2),
    )


@dataclass
class Shown:
    """A flag in the workspace: the field, the link to its group, the county's explanation."""

    flag: Flag
    label: str
    link: str
    note: FlagNote | None

    @property
    def text(self) -> str:
        return self.flag.explain()

    @property
    def others(self) -> str:
        named = "、".join(f"{city}{name}" for city, name in self.flag.others)
        more = self.flag.others_n - len(self.flag.others)
        return named + (_("等 {n} 个县").format(n=self.flag.others_n) if more > 0 else "")


def workspace_flags(application: Application) -> list[Shown]:
    """Return the application's flags with links into the workspace and the county's notes."""
    if application.status not in (Application.Status.SUBMITTED, Application.Status.ACCEPTED):
        return []
    flags = cohort_flags(application.campaign).get(application.pk, [])
    notes = selfcheck.notes_of(application)
    framework = application.campaign.framework
    page = reverse("adjudication:application", args=[application.pk])
    out = []
    for flag in flags:
        if flag.keys:
            key = selfcheck.input_key(application, flag.keys[0])
            number = selfcheck.indicator_number(application, key)
            label = field_label(framework, key)
            link = (
                f"{page}?indicator={number}#indicator-{number}" if number else f"{page}#indicator-0"
            )
        else:
            label, link = "", ""
        out.append(Shown(flag, label, link, notes.get(selfcheck.identity(flag))))
    return out
