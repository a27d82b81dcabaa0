"""Peers: robust outliers within the county's tier (median and MAD), with the county's position."""

from __future__ import annotations

import warnings
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qcounty.core.cohort import County
from qcounty.core.framework.inputs import CountInput, CountsInput, PercentInput
from qcounty.core.messages import Message, fmt
from qcounty.core.plausibility.change import numeric_keys
from qcounty.core.plausibility.flags import PEERS, Context, Flag, number, plain

Array = NDArray[np.float64]
MAD_TO_SD = 1.4826  # the MAD of a normal distribution times this is its standard deviation
POISSON_SD = 0.5  # the standard deviation of √X for a Poisson count X, whatever its mean


@dataclass(frozen=True)
class Column:
    """A compared value: the key, or the key per head of `by` (× scale)."""

    key: str
    by: str = ""
    scale: float = 1.0
    scale_of: str = "log"  # log: log(1 + x), amounts spread multiplicatively; sqrt: counts; raw


def columns(ctx: Context) -> list[Column]:
    """Return the values compared with peers: per head where the framework says so."""
    per = {q.value: q for q in ctx.framework.plausibility.per_capita}
    counts = {x.key for x in ctx.framework.inputs() if isinstance(x, CountsInput)}
    out = []
    scales = {q.by for q in ctx.framework.plausibility.per_capita}
    for key in numeric_keys(ctx.framework):
        if key in scales:
            continue  # a population is what others are divided by, not a claim to compare
        spec = ctx.framework.input_or_none(key)
        how = "raw" if isinstance(spec, PercentInput) else "log"
        if isinstance(spec, CountInput) or (spec is None and key.rsplit(".", 1)[0] in counts):
            how = "sqrt"
        q = per.get(key)
        out.append(Column(key, q.by, q.scale, "log") if q else Column(key, scale_of=how))
    return out


def _matrix(counties: list[County], cols: list[Column]) -> Array:
    m = np.full((len(counties), len(cols)), np.nan)
    for i, c in enumerate(counties):
        for j, col in enumerate(cols):
            x = number(c, col.key)
            if x is None:
                continue
            if col.by:
                by = number(c, col.by)
                x = x / by * col.scale if by else None
            if x is not None:
                m[i, j] = x
    return m


def _scaled(raw: Array, cols: list[Column]) -> Array:
    """Return the values on each column's comparison scale (raw where a value is negative)."""
    negative = np.nanmin(np.where(np.isnan(raw), 0.0, raw), axis=0) < 0
    how = np.array([c.scale_of for c in cols])
    with np.errstate(invalid="ignore"):
        safe = np.where(raw >= 0, raw, np.nan)
        x = np.where(how == "log", np.log1p(safe), raw)
        x = np.where(how == "sqrt", np.sqrt(safe), x)
    return np.where(negative, raw, x)


def outliers(ctx: Context, counties: list[County], only: set[int] | None = None) -> list[Flag]:
    """Flag values far from the median of the county's tier (robust z beyond the threshold).

    `only`: the positions of the counties to flag (the others are peers); None: all.
    """
    cols: list[Column] = ctx.once("peer_columns", lambda: columns(ctx))
    raw = _matrix(counties, cols)
    x = _scaled(raw, cols)
    tiers: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(counties):
        tiers[c.tier].append(i)
    floors = np.array([POISSON_SD if c.scale_of == "sqrt" else 0.0 for c in cols])
    out: list[Flag] = []
    for rows in tiers.values():
        out += _tier(ctx, counties, cols, (raw, x, floors), np.array(rows), only)
    return out


def _tier(
    ctx: Context,
    counties: list[County],
    cols: list[Column],
    arrays: tuple[Array, Array, Array],
    rows: NDArray[np.int64],
    only: set[int] | None,
) -> list[Flag]:
    t = ctx.thresholds
    raw, x, floors = arrays
    sub = x[rows]
    counted = np.sum(~np.isnan(sub), axis=0)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a column no peer reported: NaN
        median = np.nanmedian(sub, axis=0) if len(rows) else np.full(len(cols), np.nan)
        mad = np.nanmedian(np.abs(sub - median), axis=0) * MAD_TO_SD
        # counts on the square-root scale spread at least as a Poisson count does (½)
        mad = np.maximum(mad, floors)
        z = (sub - median) / mad
        raw_median = np.nanmedian(raw[rows], axis=0)
    testable = (counted >= t.outlier_min_peers) & (mad > 0)
    hits = np.argwhere((np.abs(np.nan_to_num(z)) > t.outlier_z) & testable)
    out = []
    for r, j in hits:
        i = int(rows[r])
        if only is not None and i not in only:
            continue
        out.append(_flag(ctx, counties[i], cols[j], raw[rows, j], float(raw[i, j]),
                         float(raw_median[j]), float(z[r, j])))  # fmt: skip
    return out


def _flag(
    ctx: Context, county: County, col: Column, peers: Array, value: float, median: float, z: float
) -> Flag:
    known = peers[~np.isnan(peers)]
    rank = int(np.sum(known > value)) + 1
    label = ctx.label(col.key) + (f"（每 {fmt(col.scale)} 人）" if col.by else "")
    params = {
        "label": label,
        "value": fmt(value),
        "n": len(known),
        "median": fmt(median),
        "rank": rank,
        "z": fmt(abs(z), 1),
        "limit": fmt(ctx.thresholds.outlier_z),
        **ctx.word_params(),
    }
    by = number(county, col.by) if col.by else None
    corrected = median * by / col.scale if by else median
    own = number(county, col.key)
    if isinstance(ctx.framework.input_or_none(col.key), CountInput):
        corrected = round(corrected)
    return Flag(
        kind="peer_outlier",
        group=PEERS,
        severity="medium" if z > 0 else "low",
        city=county.city,
        county=county.name,
        keys=(col.key, *([col.by] if col.by else [])),
        values={
            col.key: plain(own),
            "median": plain(round(median, 4)),
            "rank": rank,
            "peers": len(known),
            "z": round(z, 2),
        },
        message=Message("plaus.outlier", params),
        correction={col.key: corrected} if z > 0 else {},
        basis=f"同{ctx.words.grouping}中位数",
    )
