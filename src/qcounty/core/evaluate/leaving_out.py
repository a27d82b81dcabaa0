"""Leave one indicator out: how the ranking moves without each indicator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qcounty.core.evaluate.policies import EvaluationError
from qcounty.core.framework.model import Framework
from qcounty.core.ranking import rank as _rank
from qcounty.core.results import Status
from qcounty.core.rules.base import Array
from qcounty.core.scoring import CohortScore
from qcounty.core.tree import tree_points


@dataclass(frozen=True)
class LeftOut:
    """The top N without one indicator, and how it differs from the real top N."""

    indicator: int
    name: str
    entering: list[int]  # counties that would enter the top N
    leaving: list[int]  # counties that would leave it

    @property
    def changes_selection(self) -> bool:
        return bool(self.entering or self.leaving)


def leave_one_out(score: CohortScore, top: int) -> list[LeftOut]:
    """For every indicator: the top N of the cohort scored without it."""
    if top < 1:
        raise EvaluationError("前 N 名的 N 必须是正整数")
    framework = score.framework
    rankable = score.status == Status.ELIGIBLE.value
    base = set(np.flatnonzero((score.ranks > 0) & (score.ranks <= top)).tolist())
    out = []
    zeros = np.zeros(len(score.counties), dtype=np.int64)
    levels, _ = score.level_points()
    row = 0
    for f_index, f in enumerate(framework.first_level):
        for s in f.second_level:
            for ind in s.indicators:
                if score.tree is None:  # plain sums: the indicator's points come off
                    points = score.indicator_points[row]
                    first = levels.copy()
                    first[f_index] = levels[f_index] - points
                    totals = score.totals - points
                else:
                    totals, first = totals_without(score, row)
                ranks = _rank(totals, first, rankable, score.policies, zeros)
                now = set(np.flatnonzero((ranks > 0) & (ranks <= top)).tolist())
                out.append(
                    LeftOut(
                        ind.number,
                        ind.name,
                        sorted(now - base, key=lambda i: ranks[i]),
                        sorted(base - now, key=lambda i: score.ranks[i]),
                    )
                )
                row += 1
    return out


def totals_without(score: CohortScore, row: int) -> tuple[Array, Array]:
    """Return the totals and the ranking's first-level points with indicator `row` left out.

    The scheme without the indicator: its points and its weight are gone, so a capped group
    or node may stop binding, a geometric mean weighs the others alone, full marks drop by
    its weight, and a bonus block counts what is left. A scheme of plain sums just loses the
    indicator's points.
    """
    framework = score.framework
    points = score.indicator_points.copy()
    points[row] = 0.0
    if score.tree is None:
        return score.totals - score.indicator_points[row], _first_level(framework, points)
    weights = np.array([ind.points for ind in framework.indicators()])
    weights[row] = 0.0
    tree = tree_points(framework, points, weights)
    return tree.totals, tree.first_shown()[tree.base_firsts]


def _first_level(framework: Framework, points: Array) -> Array:
    """Return the first-level sums of the indicators' points (a scheme of plain sums)."""
    rows, start = [], 0
    for f in framework.first_level:
        k = sum(len(s.indicators) for s in f.second_level)
        rows.append(points[start : start + k].sum(axis=0))
        start += k
    return np.array(rows)


def counties_named(score: CohortScore, indices: Sequence[int]) -> list[str]:
    """Return `city + county` names of cohort positions (for messages)."""
    return [score.counties[i].city + score.counties[i].name for i in indices]
