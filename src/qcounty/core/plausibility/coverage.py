"""Evidence coverage: claims that score points but carry no evidence.

The core does not know the evidence files; the web tells it, per county, which indicators have
a file for the indicator as a whole and which records have a file of their own (`Evidenced`).
A county the web says nothing about is not checked (a cohort file has no evidence).

Two flags of the kind `unevidenced`:

- an indicator that scores points on the county's claims and has no evidence file at all: the
  points at stake are the indicator's points (what it scores on these claims) when the scheme
  adds plain sums; under caps above the indicator, blocks or aggregation, what the total loses
  with the claims taken out, rescored (a capped group may lose nothing, a geometric mean more);
- where an indicator's evidence is uploaded record by record (no file for the indicator as a
  whole), a record without a file of its own that scores: removing it costs points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qcounty.core.cohort import Cohort, County
from qcounty.core.framework.inputs import Input, RecordsInput
from qcounty.core.framework.model import Framework, Indicator
from qcounty.core.messages import Message, fmt
from qcounty.core.plausibility.flags import Flag, plain
from qcounty.core.plausibility.stakes import HIGH_STAKE, sort_flags, with_stakes
from qcounty.core.scoring import score_table
from qcounty.core.table import build_table

COVERAGE = "coverage"  # the group of the kind, as the issue names it
KIND = "unevidenced"

Who = tuple[str, str]  # (city, county)


@dataclass(frozen=True)
class Evidenced:
    """Which of a county's claims carry evidence, as the web's evidence table says."""

    indicators: frozenset[int] = field(default_factory=frozenset)  # a file for the whole indicator
    records: frozenset[tuple[str, int]] = field(default_factory=frozenset)  # (list, 1-based)


def check_coverage(
    framework: Framework,
    cohort: Cohort,
    evidenced: Mapping[Who, Evidenced],
    *,
    county: County | None = None,
) -> list[Flag]:
    """Return the `unevidenced` flags of the counties `evidenced` names, riskiest first.

    `county`: check this county (it replaces the cohort's county of the same city and name, or
    joins the cohort); the cohort is what its points are scored against.
    """
    counties = list(cohort.counties)
    if county is not None:
        counties = [c for c in counties if (c.city, c.name) != (county.city, county.name)]
        counties.append(county)
    checked = [i for i, c in enumerate(counties) if (c.city, c.name) in evidenced]
    if not checked:
        return []
    score = score_table(framework, build_table(framework, counties, cohort.year))
    indicators = framework.indicators()
    out: list[Flag] = []
    records: list[Flag] = []
    for i in checked:
        c = counties[i]
        mine = evidenced[c.city, c.name]
        for j, indicator in enumerate(indicators):
            points = float(score.indicator_points[j, i])
            if points <= 0 or indicator.number in mine.indicators:
                continue
            lists = {x.key for x in indicator.inputs if isinstance(x, RecordsInput)}
            if any(key in lists for key, _ in mine.records):
                records += _records_without(c, indicator, mine)
            elif score.tree is None:
                out += _indicator_without(c, indicator, points)
            else:  # caps, blocks or aggregation above it: what the total loses, rescored
                records += _indicator_without(c, indicator, points, rescored=True)
    if records:
        scored = with_stakes(framework, cohort.year, counties, records)
        out += [f for f in scored if f.points_at_stake > 0]
    return sort_flags(out)


def claimed(value: Any) -> bool:
    """Return whether a value is a claim (reported and not empty)."""
    return value is not None and value != "" and value != [] and value != {}


def _scored(indicator: Indicator) -> list[Input]:
    return [x for x in indicator.inputs if not x.informational]


def _indicator_without(
    county: County, indicator: Indicator, points: float, rescored: bool = False
) -> list[Flag]:
    keys = tuple(x.key for x in _scored(indicator) if claimed(county.values.get(x.key)))
    if not keys:
        return []  # points without a claim (a missing value scored as the best): nothing to back
    labels = [x.label for x in _scored(indicator) if x.key in keys]
    shown = "、".join(labels[:3]) + ("等" if len(labels) > 3 else "")
    params = {"number": indicator.number, "labels": shown, "points": fmt(points)}
    return [
        Flag(
            kind=KIND,
            group=COVERAGE,
            severity="high" if points >= HIGH_STAKE and not rescored else "medium",
            city=county.city,
            county=county.name,
            keys=keys,
            values={"indicator": indicator.number, "points": plain(round(points, 4))},
            message=Message("plaus.unevidenced", params),
            correction={k: None for k in keys},
            basis="不计无佐证材料的申报",
            points_at_stake=round(points, 2),
        )
    ]


def _records_without(county: County, indicator: Indicator, mine: Evidenced) -> list[Flag]:
    out = []
    for spec in _scored(indicator):
        if not isinstance(spec, RecordsInput):
            continue
        rows = county.values.get(spec.key)
        if not isinstance(rows, list):
            continue
        for n, row in enumerate(rows, start=1):
            if (spec.key, n) in mine.records:
                continue
            title = str(row.get(spec.title_field) or "")
            params = {"label": spec.label, "index": n, "title": title}
            out.append(
                Flag(
                    kind=KIND,
                    group=COVERAGE,
                    severity="medium",
                    city=county.city,
                    county=county.name,
                    keys=(spec.key,),
                    values={spec.key: title, "indicator": indicator.number},
                    message=Message("plaus.unevidenced_record", params),
                    correction={spec.key: [r for k, r in enumerate(rows, start=1) if k != n]},
                    basis="删除该条记录",
                    record=n,
                )
            )
    return out
