"""The county's 自查 panel: plausibility flags on its own data, with its explanations.

The core checks the county against the campaign's reference cohort (the peers the score panel
uses) and against its own previous application, if there is one, and which of its scoring
claims carry no evidence (its own files only). Its messages never name another county, and
nothing here reads `Flag.others`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from qcounty.core.cohort import Cohort
from qcounty.core.plausibility import Flag, check_county
from qcounty.core.plausibility.coverage import check_coverage
from qcounty.core.plausibility.stakes import sort_flags
from qcounty.web.caching import Cache
from qcounty.web.campaigns.models import Application
from qcounty.web.evidence import coverage
from qcounty.web.reporting import access
from qcounty.web.reporting.models import FlagNote
from qcounty.web.reporting.queues.county import FieldLink, field_link
from qcounty.web.reporting.scoring import (
    county_from_values,
    fingerprint,
    reference_of,
    values_of,
)
from qcounty.web.review.board import field_label
from qcounty.web.statfeed.figures import official_of_application, stamp

CACHED = 64  # flag lists kept per process (one per application and state of values)

_flags: Cache[tuple[Any, ...], list[Flag]] = Cache("selfcheck.flags", CACHED)

Identity = tuple[str, str, int]  # (kind, keys joined by ",", 1-based record or 0)


def identity(flag: Flag) -> Identity:
    """Return what identifies a flag within its application (to keep its explanation)."""
    return (flag.kind, ",".join(flag.keys), flag.record or 0)


def ident_text(ident: Identity) -> str:
    return f"{ident[0]}|{ident[1]}|{ident[2]}"


def parse_ident(text: str) -> Identity | None:
    """Return the identity a form sent (`kind|keys|record`), None if malformed."""
    parts = text.split("|")
    if len(parts) != 3 or not parts[2].isascii() or not parts[2].isdigit():
        return None
    return (parts[0], parts[1], int(parts[2]))


def previous_application(application: Application) -> Application | None:
    """Return the county's application of the latest earlier campaign of the same framework."""
    campaign = application.campaign
    return (
        access.applications()
        .filter(
            county_id=application.county_id,
            campaign__framework_id=campaign.framework_id,
            campaign__evaluation_year__lt=campaign.evaluation_year,
        )
        .exclude(status=Application.Status.DRAFT)
        .order_by("-campaign__evaluation_year", "-pk")
        .first()
    )


def flags_of(application: Application) -> list[Flag]:
    """Return the flags on the application's own data, riskiest first (once per state)."""
    campaign = application.campaign
    values = values_of(application)
    before = previous_application(application)
    before_values = values_of(before) if before is not None else None
    today = timezone.localdate()
    files = coverage.evidence_rows([application.pk])[application.pk]
    official = official_of_application(application)
    key = (
        application.pk,
        campaign.created_at,
        campaign.reference_version,
        fingerprint(values),
        before.pk if before is not None else None,
        fingerprint(before_values) if before_values is not None else None,
        today,
        coverage.state_of(files),
        stamp(official),
    )

    def check() -> list[Flag]:
        county = county_from_values(application, values)
        reference = reference_of(campaign)
        peers = reference or Cohort(campaign.framework_id, campaign.evaluation_year, [])
        previous = None
        if before is not None and before_values is not None:
            last = county_from_values(before, before_values)
            previous = Cohort(campaign.framework_id, before.campaign.evaluation_year, [last])
        flags = check_county(
            campaign.framework, county, peers, previous, today=today, official=official
        )
        mine = {(county.city, county.name): coverage.evidenced(values, files)}
        flags += check_coverage(campaign.framework, peers, mine, county=county)
        return sort_flags(flags)

    return _flags.get_or_set(key, check)


@dataclass
class Shown:
    """A flag as the panel shows it: where to correct it and the county's explanation."""

    flag: Flag
    ident: str
    label: str
    link: FieldLink
    note: FlagNote | None

    @property
    def text(self) -> str:
        return self.flag.explain()


def input_key(application: Application, key: str) -> str:
    """Return the input a flag's key names (`key.option` of a counts input: the input)."""
    framework = application.campaign.framework
    if framework.input_or_none(key) is None and "." in key:
        base = key.rsplit(".", 1)[0]
        if framework.input_or_none(base) is not None:
            return base
    return key


def indicator_number(application: Application, key: str) -> int:
    """Return the number of the indicator holding an input (0: a gate, or unknown)."""
    indicator = access.indicator_of_key(application.campaign.framework, key)
    return indicator.number if indicator is not None else 0


def visible(application: Application, units: set[str] | None, number: int, key: str) -> bool:
    """Return whether a user who sees `units` sees the field (a gate's input: its units)."""
    if units is None:
        return True
    framework = application.campaign.framework
    if number:
        return access.indicator_visible(units, framework.indicator(number))
    return any(
        units & set(x.units or gate.units)
        for gate in framework.gates
        for x in gate.inputs
        if x.key == key or key.startswith(x.key + ".")
    )


def notes_of(application: Application) -> dict[Identity, FlagNote]:
    rows = FlagNote.objects.filter(application=application).select_related("by")
    return {(n.kind, n.keys, n.record): n for n in rows}


def shown(application: Application, flags: list[Flag], units: set[str] | None) -> list[Shown]:
    """Return the flags whose indicator the user sees, with links and explanations."""
    notes = notes_of(application)
    framework = application.campaign.framework
    out = []
    for flag in flags:
        key = input_key(application, flag.keys[0])
        number = indicator_number(application, key)
        if not visible(application, units, number, key):
            continue
        label = field_label(framework, key)
        ident = identity(flag)
        out.append(
            Shown(flag, ident_text(ident), label, field_link(number, key, label), notes.get(ident))
        )
    return out


def panel(application: Application, units: set[str] | None) -> list[Shown]:
    """Return what the 自查 panel shows to a user who sees `units` (None: every indicator)."""
    return shown(application, flags_of(application), units)
