"""Selection of the titled counties, a what-if on one county, and the comparison of policies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from qcounty.core.cohort import County
from qcounty.core.evaluate.policies import EvaluationError
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import (
    Policies,
)
from qcounty.core.rules.base import Mask
from qcounty.core.scoring import CohortScore, score_table
from qcounty.core.table import Table, build_table


@dataclass(frozen=True)
class Selection:
    """The counties within the campaign's number of titles (rank ≤ titles)."""

    titles: int
    selected: list[int]  # cohort positions, in ranking order
    tied_at_boundary: list[int]  # counties sharing the last rank that would exceed the titles
    unranked: list[int]  # ineligible or vetoed counties: never ranked or selected


def select(score: CohortScore, titles: int) -> Selection:
    """Return the counties ranked within `titles` places (a tie at the boundary is reported)."""
    if titles < 1:
        raise EvaluationError("认定名额必须是正整数")
    order = score.ranked()
    selected = [i for i in order if 0 < score.ranks[i] <= titles]
    tied: list[int] = []
    if len(selected) > titles:
        last = int(score.ranks[selected[-1]])
        tied = [i for i in selected if score.ranks[i] == last]
    unranked = [i for i in order if score.ranks[i] == 0]
    return Selection(titles, selected, tied, unranked)


def replace_county(table: Table, i: int, county: County) -> Table:
    """Return a copy of the table with county i replaced (derived values recomputed for it).

    Only the changed county's columns are rebuilt; the others are copied. The result equals
    `build_table` of the changed cohort (a test checks this).
    """
    one = build_table(table.framework, [county], table.year)
    counties = list(table.counties)
    counties[i] = county
    columns = {}
    for key, column in table.columns.items():
        copy = column.copy()
        copy[i] = one.columns[key][0]
        columns[key] = copy
    counted = {}
    for key, rows in table.counted.items():
        rows = list(rows)
        rows[i] = one.counted[key][0]
        counted[key] = rows
    notes: dict[str, dict[int, Any]] = {}
    for key, by_county in table.notes.items():
        kept = {j: m for j, m in by_county.items() if j != i}
        if kept:
            notes[key] = kept
    for key, by_county in one.notes.items():
        if 0 in by_county:
            notes.setdefault(key, {})[i] = by_county[0]
    zero_base: dict[str, Mask] = {}
    for key, mask in table.zero_base.items():
        flags = mask.copy()
        flags[i] = one.zero_base[key][0]
        zero_base[key] = flags
    return Table(table.framework, table.year, counties, columns, counted, notes, zero_base)


@dataclass(frozen=True)
class CountyChange:
    index: int
    total_before: float
    total_after: float
    rank_before: int | None
    rank_after: int | None

    @property
    def delta(self) -> float:
        return self.total_after - self.total_before


@dataclass
class WhatIf:
    """A cohort scored before and after one county's values change (nothing is saved)."""

    before: CohortScore
    after: CohortScore
    county: int
    changed_keys: list[str]

    def changes(self, decimals: int = 2) -> list[CountyChange]:
        """Every county whose total (to the decimals) or rank moved, the changed county first."""
        out = []
        for i in range(len(self.before.counties)):
            tb, ta = float(self.before.totals[i]), float(self.after.totals[i])
            rb, ra = int(self.before.ranks[i]) or None, int(self.after.ranks[i]) or None
            if i == self.county or round(tb, decimals) != round(ta, decimals) or rb != ra:
                out.append(CountyChange(i, tb, ta, rb, ra))
        out.sort(key=lambda c: (c.index != self.county, c.rank_after or 10**9, -c.total_after))
        return out


def what_if(score: CohortScore, i: int, values: Mapping[str, Any]) -> WhatIf:
    """Rescore the cohort with county i's inputs replaced by `values` (checked core values)."""
    county = score.counties[i]
    unknown = [k for k in values if score.framework.input_or_none(k) is None]
    if unknown:
        raise EvaluationError(f"评价体系中没有字段：{'、'.join(unknown)}")
    changed = replace(county, values={**county.values, **values})
    table = replace_county(score.table, i, changed)
    after = score_table(score.framework, table, policies=score.policies)
    return WhatIf(score, after, i, sorted(values))


@dataclass
class PolicyComparison:
    """The same cohort under two sets of policies."""

    a: CohortScore
    b: CohortScore
    differences: dict[str, tuple[str, str]]  # policy → (setting in a, setting in b)

    def rows(self) -> list[tuple[int, float, float, int | None, int | None]]:
        """(county, total a, total b, rank a, rank b) in a's ranking order."""
        return [
            (
                i,
                float(self.a.totals[i]),
                float(self.b.totals[i]),
                int(self.a.ranks[i]) or None,
                int(self.b.ranks[i]) or None,
            )
            for i in self.a.ranked()
        ]


def compare_policies(
    framework: Framework, table: Table, a: Policies, b: Policies
) -> PolicyComparison:
    """Score the table under two sets of policies."""
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    differences = {k: (str(da[k]), str(db[k])) for k in da if da[k] != db[k]}
    return PolicyComparison(
        score_table(framework, table, policies=a),
        score_table(framework, table, policies=b),
        differences,
    )
