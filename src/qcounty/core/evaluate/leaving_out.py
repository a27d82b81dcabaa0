"""Leave one indicator out: how the ranking moves without each indicator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qcounty.core.evaluate.policies import EvaluationError
from qcounty.core.ranking import rank as _rank
from qcounty.core.results import Status
from qcounty.core.scoring import CohortScore


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
    first, _ = score.level_points()
    base = set(np.flatnonzero((score.ranks > 0) & (score.ranks <= top)).tolist())
    out = []
    zeros = np.zeros(len(score.counties), dtype=np.int64)
    row = 0
    for f_index, f in enumerate(framework.first_level):
        for s in f.second_level:
            for ind in s.indicators:
                points = score.indicator_points[row]
                reduced_first = first.copy()
                reduced_first[f_index] = first[f_index] - points
                ranks = _rank(score.totals - points, reduced_first, rankable, score.policies, zeros)
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


def counties_named(score: CohortScore, indices: Sequence[int]) -> list[str]:
    """Return `city + county` names of cohort positions (for messages)."""
    return [score.counties[i].city + score.counties[i].name for i in indices]
