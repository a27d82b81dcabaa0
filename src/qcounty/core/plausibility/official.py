"""A county's claim against the statistics office's figure for the same input (统计部门数据).

The province feeds official figures (issue 19); the web hands them over as plain data, one
mapping per county: input key → {"value": number, "source": text, "date": ISO date}. A claim
differs when it is unequal to the figure at the figure's own precision (85.3 against 85.27 is
the same figure rounded; 85.3 against 85.4 is not).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qcounty.core.cohort import County
from qcounty.core.messages import Message, fmt
from qcounty.core.plausibility.flags import Context, Flag, number, plain

OFFICIAL = "official"  # the group: against data held outside the application

Figures = Mapping[str, Mapping[str, Any]]  # input key → {"value", "source", "date"}


def decimals(value: float) -> int:
    """Return the number of decimal places the figure is written with (0 for 1200 or 1200.0)."""
    if float(value).is_integer():
        return 0
    text = repr(float(value))
    if "e" in text:
        return 10
    return len(text.split(".", 1)[1])


def differs(claim: float, official: float) -> bool:
    """Return whether a claim differs from the official figure at the figure's precision."""
    places = decimals(official)
    # two different roundings differ by a whole unit of the last place; half of it absorbs
    # binary fractions (0.1 + 0.2)
    return abs(round(claim, places) - round(official, places)) > 0.5 * 10.0**-places


def official_mismatches(ctx: Context, county: County, figures: Figures | None) -> list[Flag]:
    """Flag the county's numeric claims that differ from the official figures given for it."""
    out: list[Flag] = []
    for key, figure in (figures or {}).items():
        official = figure.get("value")
        if isinstance(official, bool) or not isinstance(official, int | float):
            continue
        claim = number(county, key)
        if claim is None or not differs(claim, float(official)):
            continue
        params = {
            "label": ctx.label(key),
            "value": fmt(claim),
            "official": fmt(official),
            "source": figure.get("source", ""),
            "date": figure.get("date", ""),
        }
        out.append(
            Flag(
                kind="official_mismatch",
                group=OFFICIAL,
                severity="medium",
                city=county.city,
                county=county.name,
                keys=(key,),
                values={key: plain(claim), f"{key}@official": plain(official)},
                message=Message("plaus.official", params),
                correction={key: official},
                basis="统计部门数据",
            )
        )
    return out
