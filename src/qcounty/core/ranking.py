"""Competition ranks (1, 2, 2, 4) of totals within groups, ties broken as the policies say."""

from __future__ import annotations

from typing import Any

import numpy as np

from qcounty.core.framework.policies import Policies, TieBreak
from qcounty.core.rules.base import Array, Mask


def rank(
    totals: Array,
    first: Array,
    rankable: Mask,
    policies: Policies,
    groups: np.ndarray[Any, np.dtype[np.int64]],
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Return competition ranks (1, 2, 2, 4) within each group; 0 for unranked counties."""
    ranks = np.zeros(len(totals), dtype=np.int64)
    rounded = np.round(totals, policies.decimals)
    keys = [rounded]
    if policies.tie_break is TieBreak.FIRST_LEVEL:
        keys += [np.round(row, policies.decimals) for row in first[::-1]]
    for g in np.unique(groups[rankable]):
        members = np.flatnonzero(rankable & (groups == g))
        # lexsort sorts by the last key first: give it the keys in reverse, negated for descending
        order = members[np.lexsort([-k[members] for k in reversed(keys)])]
        new = np.zeros(len(order), dtype=bool)
        new[0] = True
        for k in keys:
            new[1:] |= k[order][1:] != k[order][:-1]
        positions = np.arange(1, len(order) + 1)
        # a county equal to the one before it keeps that one's rank: 1, 2, 2, 4
        ranks[order] = np.maximum.accumulate(np.where(new, positions, 0))
    return ranks
