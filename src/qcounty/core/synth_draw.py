"""Random draws for a synthetic unit: a value of any input type, records, shared by generators.

Each unit gets a development level q (0–1); every draw is shifted by it, so a strong unit tends to
be strong everywhere. Shandong's generator (core/synth.py) adds a model of each of its inputs;
the generic one (core/synth_generic.py) uses these draws alone.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qcounty.core.framework.inputs import (
    BoolInput,
    ChecklistInput,
    ChoiceInput,
    CountInput,
    CountsInput,
    DateInput,
    Input,
    NumberInput,
    PercentInput,
    RecordsInput,
    TextInput,
)
from qcounty.core.synth_text import Place, plain_text, record_text

Array = NDArray[np.float64]


class Draw:
    """Random draws for one county, all shifted by its development level q (0–1)."""

    def __init__(self, rng: np.random.Generator, q: float, year: int) -> None:
        self.rng, self.q, self.year = rng, q, year
        self.place = Place("", "")  # the county, for its texts (no draw depends on it)
        self.kinds: list[float] | None = None  # the distribution of incentive kinds, once

    def yes(self, base: float = 0.5, slope: float = 0.45) -> bool:
        return bool(self.rng.random() < min(0.98, base + slope * self.q))

    def around(self, low: float, high: float, noise: float = 0.08) -> float:
        """Return a value between low and high, higher for a more developed county."""
        t = min(1.0, max(0.0, self.q + self.rng.normal(0, noise)))
        return low + (high - low) * t

    def count(self, mean: float) -> int:
        return int(self.rng.poisson(max(mean, 0.0)))

    def day(self, start_offset: int = -3, end_offset: int = -1, stray: float = 0.1) -> date:
        """Return a date in Y+start … Y+end, or with probability `stray` a year before it."""
        first = self.year + start_offset
        if self.rng.random() < stray:
            first -= 1
            year = first
        else:
            year = int(self.rng.integers(first, self.year + end_offset + 1))
        return date(year, int(self.rng.integers(1, 13)), int(self.rng.integers(1, 29)))


def by_type(spec: Input, d: Draw) -> Any:
    """Return a value of the right type for an input this module has no model of."""
    if isinstance(spec, BoolInput):
        return d.yes()
    if isinstance(spec, ChoiceInput):
        ids = [o.id for o in spec.options]
        return ids[0] if d.yes(0.3, 0.6) else ids[min(1, len(ids) - 1)] if d.yes() else ids[-1]
    if isinstance(spec, ChecklistInput):
        return [o.id for o in spec.options if d.yes(0.6, 0.38)]
    if isinstance(spec, CountsInput):
        return {o.id: max(spec.min, d.count(3 * d.q)) for o in spec.options}
    if isinstance(spec, CountInput):
        return d.count(5 + 20 * d.q)
    if isinstance(spec, PercentInput):
        return round(d.around(max(spec.min, 40), min(spec.max, 100)), 2)
    if isinstance(spec, NumberInput):
        low = spec.min if spec.min is not None else 0.0
        high = spec.max if spec.max is not None else low + 100.0
        return round(d.around(low, high), 2)
    if isinstance(spec, TextInput):
        return plain_text(spec.key, spec.label, d.place)
    if isinstance(spec, DateInput):
        return d.day().isoformat()
    if isinstance(spec, RecordsInput):
        return records(spec, d, d.count(1 + 3 * d.q))
    return None


def records(spec: RecordsInput, d: Draw, n: int, **fixed: Any) -> list[dict[str, Any]]:
    out = []
    # a choice field's weights depend on the county alone: its distribution is worked out once
    cdfs = {
        f.key: cdf(np.array([1.0 + k * (1.5 - d.q) for k in range(len(f.options))]))
        for f in spec.fields
        if f.type == "choice" and f.key not in fixed and n
    }
    for j in range(n):
        r: dict[str, Any] = {}
        for f in spec.fields:
            if f.key in fixed:
                value = fixed[f.key]
                r[f.key] = value(d, j) if callable(value) else value
            elif f.type == "text":
                r[f.key] = record_text(spec.key, f.key, f.label, d.place, r, j)
            elif f.type == "date":
                r[f.key] = d.day(-3, -1).isoformat()
            elif f.type == "bool":
                r[f.key] = d.yes(0.75, 0.2)
            elif f.type == "choice":
                r[f.key] = f.options[bisect_right(cdfs[f.key], d.rng.random())].id
            else:
                r[f.key] = d.count(50)
        out.append(r)
    return out


def cdf(weights: Array) -> list[float]:
    """Return the distribution `rng.choice(len(weights), p=…)` draws from, as numpy builds it.

    Drawing `bisect_right(cdf, rng.random())` is then numpy's own draw (the same arithmetic,
    the same single uniform) without its per-call checks: a seed still gives the same cohort.
    """
    cdf = (weights / weights.sum()).cumsum()
    cdf /= cdf[-1]
    return cdf.tolist()  # type: ignore[no-any-return]
