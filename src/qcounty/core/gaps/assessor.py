"""Scoring one county against a fixed reference, and the range of a rescored total."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qcounty.core.cohort import Cohort, CohortError, County
from qcounty.core.efficacy import PartResult, PartStatus, mapping
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import Policies
from qcounty.core.gaps.reads import _reads_key
from qcounty.core.results import CountyResult
from qcounty.core.rules.efficacy import Efficacy
from qcounty.core.scoring import CohortScore, score_table
from qcounty.core.table import Table, build_table
from qcounty.core.tree import totals_of


class Assessor:
    """Score one county against a fixed reference, building the reference's columns once.

    Equivalent to `selfassess.self_assess` (the county replaces a reference county of the
    same city and name, or joins the cohort, at the last position); building the table is
    row by row, so the reference's rows are built once and the county's row is stacked on.
    """

    def __init__(
        self,
        framework: Framework,
        year: int,
        reference: Cohort | None,
        *,
        city: str,
        name: str,
        policies: Policies | None = None,
    ) -> None:
        if reference is not None and reference.year != year:
            raise CohortError(
                [f"参照数据的评价年度（{reference.year}）与本县数据的评价年度（{year}）不一致。"]
            )
        self.framework = framework
        self.year = year
        self.policies = policies or framework.policies
        self.identity = (city, name)
        others = (
            []
            if reference is None
            else [c for c in reference.counties if (c.city, c.name) != self.identity]
        )
        self.base = build_table(framework, others, year)
        self.positions = {id(ind): j for j, ind in enumerate(framework.indicators())}

    def score(self, county: County) -> CohortScore:
        """Return the cohort score of the reference with the county last."""
        if (county.city, county.name) != self.identity:
            raise ValueError("the assessor was built for another county")
        table = _stack(self.base, build_table(self.framework, [county], self.year))
        return score_table(self.framework, table, policies=self.policies)

    def result(self, county: County) -> CountyResult:
        """Return the county's result, as `self_assess` would."""
        score = self.score(county)
        return score.county(score.table.n - 1)


def _stack(base: Table, one: Table) -> Table:
    """Return the table of base's counties followed by one's (columns are row-wise)."""
    n = base.n
    notes = {key: dict(rows) for key, rows in base.notes.items()}
    for key, rows in one.notes.items():
        for i, messages in rows.items():
            notes.setdefault(key, {})[n + i] = messages
    return Table(
        framework=base.framework,
        year=base.year,
        counties=[*base.counties, *one.counties],
        columns={k: np.concatenate([v, one.columns[k]]) for k, v in base.columns.items()},
        counted={k: [*v, *one.counted[k]] for k, v in base.counted.items()},
        notes=notes,
        zero_base={k: np.concatenate([v, one.zero_base[k]]) for k, v in base.zero_base.items()},
    )


def _range(score: CohortScore, i: int, changes: dict[str, Any]) -> tuple[float, float]:
    """Return the total with the changed efficacy parts at d = 60 and at d = 100.

    Only the parts whose value the change moved take their ends; the other parts of the same
    criterion keep their estimate, and the indicator's cap still applies.
    """
    changed = set(changes)
    framework = score.framework
    ends = mapping(np.array([60.0, 100.0]), score.policies)
    extra: dict[int, tuple[float, float]] = {}  # indicator position → (low, high) change
    positions = {id(ind): j for j, ind in enumerate(framework.indicators())}
    for k, plan in enumerate(score.plans):
        rule = plan.criterion.rule
        if not isinstance(rule, Efficacy):
            continue
        parts: list[PartResult] = score.outcomes[k].detail["parts"]
        low = high = 0.0
        moved = False
        for part, r in zip(rule.parts, parts, strict=True):
            share = float(r.share[i])
            fixed = int(r.status[i]) == PartStatus.ZERO_BASE or math.isnan(float(r.d[i]))
            if _reads_key(framework, part.value) & changed and not fixed:
                moved = True
                low += part.weight * float(ends[0])
                high += part.weight * float(ends[1])
            else:
                low += part.weight * share
                high += part.weight * share
        if moved:
            now = float(score.criterion_points[k, i])
            points = plan.criterion.points
            j = positions[id(plan.indicator)]
            a, b = extra.get(j, (0.0, 0.0))
            extra[j] = (a + min(points, points * low) - now, b + min(points, points * high) - now)
    indicators = framework.indicators()
    if score.tree is None:  # plain sums: the moved indicators' differences add up
        low_total = high_total = float(score.totals[i])
        for j, (a, b) in extra.items():
            raw = float(score.indicator_raw[j, i])
            now = float(score.indicator_points[j, i])
            cap = indicators[j].points
            low_total += min(cap, raw + a) - now
            high_total += min(cap, raw + b) - now
        return low_total, high_total
    # caps above the indicator, blocks or aggregation: the scheme's tree adds the ends up
    ends = np.repeat(score.indicator_points[:, i : i + 1], 2, axis=1)
    for j, (a, b) in extra.items():
        raw, cap = float(score.indicator_raw[j, i]), indicators[j].points
        ends[j] = [min(cap, raw + a), min(cap, raw + b)]
    low, high = totals_of(framework, ends)
    return float(low), float(high)
