"""One county's values for the form: typed as the county file checks them, tabulated once."""

from __future__ import annotations

import math
from typing import Any

from qcounty.core.cohort import County, check_record, check_value
from qcounty.core.framework.inputs import (
    Input,
    RecordsInput,
)
from qcounty.core.framework.model import Framework
from qcounty.core.rules.base import Condition
from qcounty.core.table import Table, build_table


class _FormValues:
    """One county's values, typed and tabulated once."""

    def __init__(
        self, framework: Framework, county: str, city: str, year: int, values: dict[str, Any]
    ) -> None:
        self.framework = framework
        self.year = year
        self.invalid: dict[str, list[str]] = {}
        self.values = {x.key: self._typed(x, values.get(x.key)) for x in framework.inputs()}
        tier = framework.tier_of_city().get(city, 0)
        c = County(name=county, city=city, tier=tier, values=self.values)
        self.table: Table = build_table(framework, [c], year)

    # ---------------------------------------------------------------- values

    def _typed(self, spec: Input, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(spec, RecordsInput) and isinstance(value, list):
            kept = []
            for n, record in enumerate(value, start=1):
                try:
                    kept.append(check_record(spec, record))
                except ValueError as e:
                    self.invalid.setdefault(spec.key, []).append(f"第 {n} 条记录有误，未列入：{e}")
            return kept
        try:
            return check_value(spec, value)
        except ValueError:
            return None

    def col(self, key: str) -> float:
        try:
            return float(self.table.col(key)[0])
        except KeyError:
            return math.nan

    def holds(self, conditions: list[Condition]) -> bool | None:
        """Return whether all conditions hold: None when a value is missing and none fails."""
        known = True
        for c in conditions:
            x = self.col(c.value)
            if math.isnan(x):
                known = False
            elif not c.holds(x):
                return False
        return True if known else None
