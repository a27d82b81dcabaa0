"""Where the province looks first: plausibility flags of every application it holds (issue 17).

The core checks the campaign's current cohort (the values after the province's decisions)
against the county's application of the previous campaign of the same framework, and the
evidence files by SHA-256 across counties, and which scoring claims carry no evidence. One
check per state of the cohort, keyed without reading a value (`held_state`): the values of an
application the province holds change only through a decision or a reconciliation
(append-only rows), or after the application leaves the province's hands, which only a return
or a reopening does (each writes a ReturnNote); every other write path refuses a held
application (`reporting.access.is_editable`) except a lock to the statistics office's figure,
keyed by the feed batches and lock changes (`_fed`). A flag whose input has a decision in force
(accepted, corrected, reconciled) is settled: the queue sorts by the open ones (`open_flags`);
`flagged` shows both in the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Model
from django.utils import timezone

from qcounty.core.cohort import Cohort
from qcounty.core.framework.model import Framework
from qcounty.core.plausibility import Flag, check_cohort, same_evidence
from qcounty.core.plausibility.coverage import check_coverage
from qcounty.core.plausibility.flags import SEVERITIES
from qcounty.core.wording import wording
from qcounty.web.adjudication.cohort import (
    HELD,
    Held,
    current_values,
    decided_claims,
    events_of_all,
)
from qcounty.web.adjudication.effective import Event, events_of, is_current
from qcounty.web.adjudication.models import Decision, Reconciliation
from qcounty.web.caching import Cache
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evidence import coverage
from qcounty.web.reporting.scoring import county_from_values, values_of
from qcounty.web.review.models import ReturnNote
from qcounty.web.statfeed.figures import official_of_campaign, stamp
from qcounty.web.statfeed.models import FeedBatch, LockChange

CACHED = 8  # campaigns' flag sets kept per process (one per state of a cohort)

_flags: Cache[tuple[Any, ...], dict[int, list[Flag]]] = Cache("adjudication.flags", CACHED)
# campaign id → the flags its cohort gave last in this process, for partial pages
_latest: Cache[int, dict[int, list[Flag]]] = Cache("adjudication.latest_flags", CACHED)

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


def _fed(campaign: Campaign) -> tuple[tuple[int, int | None], ...]:
    """Return the campaign's feed batches and lock changes (both append-only): count, newest."""
    return tuple(
        (found["n"], found["last"])
        for found in (
            model._default_manager.filter(campaign=campaign).aggregate(
                n=Count("pk"), last=Max("pk")
            )
            for model in (FeedBatch, LockChange)
        )
    )


def held_state(campaign: Campaign, ids: list[int], files: dict[int, list[Any]]) -> tuple[Any, ...]:
    """Return what the flags of the campaign's held applications (`ids`, their evidence `files`)
    depend on, in three queries whatever their number: which applications the province holds,
    the decisions and reconciliations made, the returns and reopenings, which files back what."""
    rows = [r for found in files.values() for r in found]
    return (
        tuple(ids),  # submitted or accepted: the same values
        _appended(Decision, campaign),
        _appended(Reconciliation, campaign),
        _appended(ReturnNote, campaign),
        tuple(sorted((r.application_id, r.sha256) for r in rows)),
        coverage.state_of(rows),
    )


def held_ids(campaign: Campaign) -> list[int]:
    """Return the ids of the applications the province holds (one query, no rows built)."""
    rows = Application.objects.filter(campaign=campaign, status__in=HELD).order_by("pk")
    return list(rows.values_list("pk", flat=True))


def _state_before(campaign: Campaign | None) -> tuple[Any, ...] | None:
    if campaign is None:
        return None
    return held_state(campaign, held_ids(campaign), {})


def _cohort(campaign: Campaign, held: Values) -> Cohort:
    counties = [county_from_values(a, v) for a, v in held]
    return Cohort(campaign.framework_id, campaign.evaluation_year, counties)


@dataclass
class State:
    """A campaign's flags (cached per state of its cohort) and the decisions in force now."""

    framework: Framework
    flags: dict[int, list[Flag]]  # application id → its flags, riskiest first
    settled: dict[int, dict[str, Event]]  # application id → input key → its decision in force
    held: Held

    def settlement(self, application_id: int, flag: Flag) -> Event | None:
        """Return the decision in force on the input the flag is about (its first key), if any."""
        if not flag.keys:
            return None  # the same evidence file: about a file, not an input
        key = input_of(self.framework, flag.keys[0])
        return self.settled.get(application_id, {}).get(key)

    def open(self, application_id: int) -> list[Flag]:
        """Return the application's flags no decision has settled, riskiest first."""
        flags = self.flags.get(application_id, [])
        return [f for f in flags if self.settlement(application_id, f) is None]


def input_of(framework: Framework, key: str) -> str:
    """Return the input a flag's key names (`key.option` of a counts input: the input)."""
    if framework.input_or_none(key) is None and "." in key:
        base = key.rsplit(".", 1)[0]
        if framework.input_or_none(base) is not None:
            return base
    return key


def cohort_state(campaign: Campaign) -> State:
    """Return the campaign's flags and the decisions in force on its held applications."""
    ids = held_ids(campaign)
    if not ids:
        return State(campaign.framework, {}, {}, Held([], {}, {}))
    files = coverage.evidence_rows(ids)
    before = previous_campaign(campaign)
    today = timezone.localdate()
    official = official_of_campaign(campaign)
    key = (
        campaign.pk,
        campaign.created_at,
        today,
        held_state(campaign, ids, files),
        _state_before(before),
        stamp(official),
        # a lock to the official figure (or a feed of a locked input) writes held values
        _fed(campaign),
    )

    def check() -> dict[int, list[Flag]]:
        now = current_values(campaign)
        held_before = current_values(before) if before is not None else []
        previous = _cohort(before, held_before) if before is not None and held_before else None
        cohort = _cohort(campaign, now)
        flags = check_cohort(campaign.framework, cohort, previous, today=today, official=official)
        who = {(_city(a), a.county.name): a for a, _ in now}
        pairs = [((_city(a), a.county.name), r.sha256) for a, _ in now for r in files[a.pk]]
        flags += same_evidence(pairs, wording(campaign.framework))
        evidenced = {(_city(a), a.county.name): coverage.evidenced(v, files[a.pk]) for a, v in now}
        flags += check_coverage(campaign.framework, cohort, evidenced)
        out: dict[int, list[Flag]] = {a.pk: [] for a, _ in now}
        for flag in flags:
            application = who.get((flag.city, flag.county))
            if application is not None:
                out[application.pk].append(flag)
        for found in out.values():
            found.sort(key=lambda f: (SEVERITIES.index(f.severity), -f.points_at_stake))
        return out

    flags = _flags.get_or_set(key, check)
    _latest.set(campaign.pk, flags)
    # the decisions in force, from the decisions and the claims of the decided inputs only
    events = events_of_all(ids, campaign)
    claims = decided_claims(campaign.framework, events)
    return State(campaign.framework, flags, _settled(claims, events), Held([], claims, events))


def application_state(application: Application) -> State:
    """Return the flags the campaign's cohort gave last in this process and this application's
    decisions in force, without loading the cohort (a partial page: a group, a decision).

    Loading and digesting a national cohort takes seconds; a partial page must not. While the
    province holds an application only its own corrections change its values, and a flag on a
    corrected input shows as settled whatever it says; the full page checks the cohort again.
    """
    campaign = application.campaign
    if campaign.pk not in _latest:
        return cohort_state(campaign)
    flags = _latest.get_or_set(campaign.pk, dict)
    claims = {application.pk: values_of(application)}
    events = {application.pk: events_of(application)}
    return State(campaign.framework, flags, _settled(claims, events), Held([], claims, events))


def _settled(
    claims_of: dict[int, dict[str, Any]], events_of_: dict[int, dict[str, list[Event]]]
) -> dict[int, dict[str, Event]]:
    """Return application id → input key → the decision in force (as `effective` reads it)."""
    out: dict[int, dict[str, Event]] = {}
    for application_id, by_key in events_of_.items():
        claims = claims_of.get(application_id, {})
        for key, events in by_key.items():
            current = [e for e in events if is_current(e, claims, key)]
            if current:
                latest = max(current, key=lambda e: (e.at, e.order))
                out.setdefault(application_id, {})[key] = latest
    return out


def cohort_flags(campaign: Campaign) -> dict[int, list[Flag]]:
    """Return application id → its flags, riskiest first, for every application held."""
    return cohort_state(campaign).flags


def open_flags(campaign: Campaign) -> dict[int, list[Flag]]:
    """Return application id → its flags no decision has settled (what the queue sorts by)."""
    state = cohort_state(campaign)
    return {pk: state.open(pk) for pk in state.flags}


def _city(application: Application) -> str:
    return application.county.city_name


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
