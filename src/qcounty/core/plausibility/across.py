"""Across counties: the same claim, the same free text or the same evidence file in two counties."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from qcounty.core.cohort import County
from qcounty.core.framework.inputs import TextInput
from qcounty.core.messages import Message
from qcounty.core.plausibility.flags import ACROSS, Context, Flag, matches, normalise, records
from qcounty.core.wording import Wording, wording

Owner = tuple[int, int]  # (county position, 1-based record index)
Who = tuple[str, str]  # (city, county)

# the other counties a flag names: the message gives how many there are; a claim made by
# hundreds of counties (a synthetic cohort's common award) names the first few, so that
# the flags of n counties sharing one claim cost n × SHOWN, not n²
SHOWN = 12


def same_claims(ctx: Context, counties: list[County], only: set[int] | None = None) -> list[Flag]:
    """Flag records no two counties can share (one standard, award or project) in several."""
    out = []
    for u in ctx.framework.plausibility.unique:
        spec = ctx.framework.records_input(u.records)
        seen: dict[str, list[Owner]] = defaultdict(list)
        for i, county in enumerate(counties):
            for j, r in enumerate(records(county, u.records)):
                identity = "|".join(normalise(r.get(f)) for f in u.fields)
                if identity.strip("|") and matches(r, u.where):
                    seen[identity].append((i, j + 1))
        for owners in seen.values():
            places = {i for i, _ in owners}
            if len(places) < 2:
                continue
            ordered = _ordered(counties, places)
            for i, index in owners:
                if only is not None and i not in only:
                    continue
                county = counties[i]
                record = records(county, u.records)[index - 1]
                others = _others(ordered, (county.city, county.name))
                title = str(record.get(spec.title_field) or record.get(u.fields[0]) or "")
                params = {
                    "label": ctx.label(u.records),
                    "title": title,
                    "others_n": len(places) - 1,
                    **ctx.word_params(),
                }
                kept = [r for k, r in enumerate(records(county, u.records)) if k != index - 1]
                out.append(
                    Flag(
                        kind="same_claim",
                        group=ACROSS,
                        severity="high",
                        city=county.city,
                        county=county.name,
                        keys=(u.records,),
                        values={u.records: title},
                        message=Message("plaus.same_claim", params),
                        correction={u.records: kept},
                        basis="删除该条记录",
                        others=others,
                        record=index,
                    )
                )
    return out


def same_texts(ctx: Context, counties: list[County], only: set[int] | None = None) -> list[Flag]:
    """Flag free texts (long enough not to coincide by chance) identical in several counties."""
    least = ctx.framework.plausibility.text_min_length
    keys = [x.key for x in ctx.framework.inputs() if isinstance(x, TextInput)]
    out = []
    for key in keys:
        seen: dict[str, set[int]] = defaultdict(set)
        for i, county in enumerate(counties):
            text = normalise(county.values.get(key))
            if len(text) >= least:
                seen[text].add(i)
        for places in seen.values():
            if len(places) < 2:
                continue
            ordered = _ordered(counties, places)
            for i in sorted(places):
                if only is not None and i not in only:
                    continue
                county = counties[i]
                others = _others(ordered, (county.city, county.name))
                params = {"label": ctx.label(key), "others_n": len(places) - 1, **ctx.word_params()}
                out.append(
                    Flag(
                        kind="same_text",
                        group=ACROSS,
                        severity="medium",
                        city=county.city,
                        county=county.name,
                        keys=(key,),
                        values={key: str(county.values.get(key))[:80]},
                        message=Message("plaus.same_text", params),
                        others=others,
                    )
                )
    return out


def same_evidence(
    pairs: Iterable[tuple[tuple[str, str], str]], words: Wording | None = None
) -> list[Flag]:
    """Flag evidence files (by SHA-256) found in the applications of several counties.

    `pairs`: ((city, county), sha256) for every evidence file of every application; the web
    holds the evidence table, the core only compares. `words`: the scheme's (Shandong's if None).
    """
    unit = (words or wording(None)).short
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for who, digest in pairs:
        seen[digest.lower()].add(who)
    out = []
    for digest, owners in sorted(seen.items()):
        if len(owners) < 2:
            continue
        ordered = sorted(owners)
        for city, name in ordered:
            others = _others(ordered, (city, name))
            params = {"short": digest[:12], "others_n": len(owners) - 1, "unit": unit}
            out.append(
                Flag(
                    kind="same_evidence",
                    group=ACROSS,
                    severity="high",
                    city=city,
                    county=name,
                    keys=(),
                    values={"sha256": digest},
                    message=Message("plaus.same_evidence", params),
                    others=others,
                )
            )
    return out


def _ordered(counties: list[County], places: set[int]) -> list[Who]:
    return sorted((counties[k].city, counties[k].name) for k in places)


def _others(ordered: list[Who], me: Who) -> tuple[Who, ...]:
    """Return the first SHOWN of the sorted owners other than `me`."""
    return tuple(who for who in ordered[: SHOWN + 1] if who != me)[:SHOWN]
