"""The efficacy coefficient method (功效系数法), vectorised over a cohort.

    d = 60 + 40 × (x − x_s) / (x_h − x_s)

x_h is the satisfactory value (满意值), x_s the unacceptable value (不允许值). By default both
come from the comparison group (its maximum and minimum); every open question is a policy
(see framework/policies.py and docs/scoring-policies.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np

from qcounty.core.framework.policies import (
    EcGrowthZeroBase,
    EcMapping,
    EcTargetClip,
    EcThresholdFloor,
    EcZeroRange,
    EcZeroRaw,
    Policies,
)
from qcounty.core.rules.base import Array, Mask


class PartStatus(IntEnum):
    IN_GROUP = 0
    OUTSIDE_GROUP = 1  # qualified but not in the group (ineligible, vetoed): d clipped
    MISSING = 2
    BELOW_THRESHOLD = 3
    ZERO_RAW = 4
    ZERO_BASE = 5
    ZERO_RANGE = 6
    NO_GROUP = 7
    TARGET = 8
    NO_TARGET = 9  # bounds are targets, but none is given for this county's group


@dataclass
class PartResult:
    """One efficacy part over the cohort: d, its share of the points, and the bounds used."""

    d: Array  # NaN where the part gives nothing
    share: Array  # fraction of the points (0–1) the part earns, before its weight
    xs: Array
    xh: Array
    size: np.ndarray[Any, np.dtype[np.int64]]
    status: np.ndarray[Any, np.dtype[np.int8]]


def mapping(d: Array, policies: Policies) -> Array:
    """Return the share of the points earned at efficacy value d (0 where d is NaN)."""
    share = d / 100.0 if policies.ec_mapping is EcMapping.D_OVER_100 else (d - 60.0) / 40.0
    return np.where(np.isnan(d), 0.0, np.clip(share, 0.0, 1.0))


@dataclass(frozen=True)
class _Bounds:
    """The x_s, x_h and group size of every county (filled in place), and the groups."""

    xs: Array
    xh: Array
    size: np.ndarray[Any, np.dtype[np.int64]]
    group_masks: list[tuple[int, Mask]]


def _qualified(
    x: Array,
    sign: float,
    policies: Policies,
    threshold: float | None,
    zero_raw: bool,
    zero_base: Mask | None,
) -> tuple[Mask, np.ndarray[Any, np.dtype[np.int8]]]:
    """Return which counties qualify for a value, and every county's status so far."""
    valid = ~np.isnan(x)
    qualified = valid.copy()
    status = np.full(len(x), PartStatus.IN_GROUP, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        if threshold is not None:
            below = valid & (sign * x < sign * threshold)
            qualified &= ~below
            status[below] = PartStatus.BELOW_THRESHOLD
        if zero_raw and policies.ec_zero_raw is EcZeroRaw.EXCLUDED:
            zero = valid & (x == 0)
            qualified &= ~zero
            status[zero] = PartStatus.ZERO_RAW
    status[~valid] = PartStatus.MISSING
    if zero_base is not None:
        status[zero_base] = PartStatus.ZERO_BASE
    return qualified, status


def _against_targets(
    x: Array,
    targets: dict[int, tuple[float, float]],
    bounds: _Bounds,
    qualified: Mask,
    status: np.ndarray[Any, np.dtype[np.int8]],
    policies: Policies,
    sign: float = 1.0,
) -> Array:
    """Return the efficacy values against each group's target bounds (x_s, x_h given)."""
    xs, xh = bounds.xs, bounds.xh
    for g, sel in bounds.group_masks:
        low, high = targets.get(g, targets.get(0, (np.nan, np.nan)))
        xs[sel], xh[sel] = low, high
    with np.errstate(divide="ignore", invalid="ignore"):
        d = 60.0 + 40.0 * (x - xs) / (xh - xs)
    lowest = 60.0 if policies.ec_target_clip is EcTargetClip.SIXTY else 0.0
    d = np.clip(d, lowest, 100.0)
    # x_s = x_h (the checks allow it only where the scheme sets ec_zero_range): 0 / 0 gave no
    # points exactly at the target; there d is as the policy says (beyond it 100, short 60)
    level = qualified & (xh == xs)
    if level.any():
        at = 100.0 if policies.ec_zero_range is EcZeroRange.FULL else 60.0
        with np.errstate(invalid="ignore"):
            d[level] = np.where(x == xh, at, np.where(sign * (x - xh) > 0, 100.0, lowest))[level]
    status[qualified] = PartStatus.TARGET
    # no target for the group: estimate at the floor rather than invent a bound
    untargeted = qualified & np.isnan(xs)
    d[untargeted] = 60.0
    status[untargeted] = PartStatus.NO_TARGET
    return d


def _within_groups(
    x: Array,
    group: Mask,
    bounds: _Bounds,
    qualified: Mask,
    status: np.ndarray[Any, np.dtype[np.int8]],
    policies: Policies,
    higher_is_better: bool,
    threshold: float | None,
) -> Array:
    """Return the efficacy values between each group's worst and best qualified member."""
    xs, xh = bounds.xs, bounds.xh
    sign = 1.0 if higher_is_better else -1.0
    full_d = 100.0 if policies.ec_zero_range is EcZeroRange.FULL else 60.0
    members_all = qualified & group
    for _, sel in bounds.group_masks:
        members = members_all & sel
        if not members.any():
            continue
        values = x[members]
        best = values.max() if higher_is_better else values.min()
        if threshold is not None and policies.ec_threshold_floor is EcThresholdFloor.THRESHOLD:
            worst = threshold
        else:
            worst = values.min() if higher_is_better else values.max()
        xs[sel], xh[sel], bounds.size[sel] = worst, best, int(members.sum())
    span = xh - xs
    with np.errstate(divide="ignore", invalid="ignore"):
        d = 60.0 + 40.0 * (x - xs) / span
    outside = qualified & ~group
    flat = qualified & (span == 0)
    # a county outside the group is placed against its bounds: above x_h is 100 and
    # below x_s is 60, also when the group's values are all equal
    with np.errstate(invalid="ignore"):
        d[flat & outside] = np.where(sign * (x - xh) > 0, 100.0, 60.0)[flat & outside]
    d[outside] = np.clip(d[outside], 60.0, 100.0)
    status[outside] = PartStatus.OUTSIDE_GROUP
    level = flat & (~outside | (x == xh))
    d[level] = full_d
    status[level] = PartStatus.ZERO_RANGE
    empty = qualified & np.isnan(span)
    d[empty] = full_d
    status[empty] = PartStatus.NO_GROUP
    return d


def efficacy_part(
    x: Array,
    *,
    group: Mask,
    group_ids: np.ndarray[Any, np.dtype[np.int64]],
    policies: Policies,
    higher_is_better: bool = True,
    threshold: float | None = None,
    zero_raw: bool = False,
    zero_base: Mask | None = None,
    targets: dict[int, tuple[float, float]] | None = None,
    group_masks: list[tuple[int, Mask]] | None = None,
) -> PartResult:
    """Return the efficacy value of every county's x within its comparison group."""
    n = len(x)
    sign = 1.0 if higher_is_better else -1.0
    qualified, status = _qualified(x, sign, policies, threshold, zero_raw, zero_base)
    xs = np.full(n, np.nan)
    xh = np.full(n, np.nan)
    size = np.zeros(n, dtype=np.int64)
    if group_masks is None:
        group_masks = [(int(g), group_ids == g) for g in np.unique(group_ids)]
    bounds = _Bounds(xs, xh, size, group_masks)
    if targets is not None:
        d = _against_targets(x, targets, bounds, qualified, status, policies, sign)
    else:
        d = _within_groups(
            x, group, bounds, qualified, status, policies, higher_is_better, threshold
        )
    d[~qualified] = np.nan
    if zero_base is not None and policies.ec_growth_zero_base is EcGrowthZeroBase.SIXTY_FLAG:
        d[zero_base] = 60.0
    return PartResult(d=d, share=mapping(d, policies), xs=xs, xh=xh, size=size, status=status)
