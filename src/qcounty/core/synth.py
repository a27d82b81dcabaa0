"""A synthetic cohort: the real Shandong counties with plausible, correlated values.

Each county gets a latent development level from its city tier, its city and whether it is an
urban district; every input is drawn around that level within the ranges of public statistics (docs/scoring-policies.md), so a
strong county tends to be strong everywhere, as in real data. A few counties fail the
prerequisite, a few are vetoed, and some records fall outside their windows. Same seed, same
cohort. Values for inputs this module does not know come from their type alone, so another
framework still gets a usable cohort.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qcounty.core.cohort import COHORT_FORMAT, shandong_counties
from qcounty.core.framework import inputs
from qcounty.core.framework.model import Framework
from qcounty.core.synth_text import Place, matter, plain_text, record_text

# Good-day ratio of the city's air in 2021 (%), rounded public figures: the coast is cleanest.
AIR: dict[str, float] = {
    "威海市": 90, "烟台市": 87, "青岛市": 84, "日照市": 81, "东营市": 75, "潍坊市": 72,
    "临沂市": 71, "济南市": 67, "淄博市": 66, "滨州市": 68, "德州市": 64, "聊城市": 62,
    "泰安市": 66, "济宁市": 67, "枣庄市": 64, "菏泽市": 61,
}  # fmt: skip
Array = NDArray[np.float64]
Maker = Callable[["_Draw", dict[str, Any]], Any]
TIER_LEVEL = {1: 0.8, 2: 0.15, 3: -0.45}


class _Draw:
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


def generate_cohort(
    framework: Framework, counties: int = 136, seed: int = 7, year: int | None = None
) -> dict[str, Any]:
    """Return a cohort file (as JSON data) of `counties` counties for the framework."""
    year = year or framework.default_evaluation_year
    rng = np.random.default_rng(seed)
    known = list(shandong_counties())
    tiers = framework.tier_of_city()
    if counties <= len(known):
        picked = [known[i] for i in sorted(rng.choice(len(known), counties, replace=False))]
        identities = [(k.county, k.city, k.kind == "district", False) for k in picked]
    else:
        identities = [(k.county, k.city, k.kind == "district", False) for k in known]
        cities = sorted(tiers) or ["虚拟市"]
        for j in range(len(known), counties):
            city = cities[j % len(cities)]
            identities.append((f"虚拟县{j + 1:04d}", city, bool(j % 3 == 0), True))
    city_effect = {city: rng.normal(0, 0.35) for city in sorted(tiers)}
    makers = [(spec, SHANDONG.get(spec.key)) for spec in framework.inputs()]
    out = []
    for name, city, district, synthetic in identities:
        tier = tiers.get(city, 2)
        z = (
            TIER_LEVEL.get(tier, 0.0)
            + city_effect.get(city, 0.0)
            + 0.3 * district
            + rng.normal(0, 0.55)
        )
        q = 1 / (1 + math.exp(-1.6 * z))
        draw = _Draw(rng, q, year)
        draw.place = Place(name, city)
        # the values are drawn plain (dates as text, fresh lists and dicts): written as they are
        county: dict[str, Any] = {"name": name, "city": city}
        if synthetic:
            county["synthetic"] = True
        county["values"] = _values(makers, draw, city, district)
        out.append(county)
    return {
        "format": COHORT_FORMAT,
        "framework": framework.id,
        "evaluation_year": year,
        "generator": {"kind": "synthetic", "seed": seed, "counties": counties},
        "counties": out,
    }


def _values(
    makers: list[tuple[inputs.Input, Maker | None]], draw: _Draw, city: str, district: bool
) -> dict[str, Any]:
    population = int(draw.around(250_000, 1_400_000, 0.25) * (0.8 if district else 1.0))
    gdp = draw.around(15, 470, 0.15)  # billion yuan
    values: dict[str, Any] = {}
    prerequisite_ok = draw.rng.random() > 0.08
    vetoed = draw.rng.random() < 0.025
    context = {
        "city": city,
        "district": district,
        "population": population,
        "gdp": gdp,
        "ok": prerequisite_ok,
        "vetoed": vetoed,
        "values": values,
        "spec": None,
    }
    for spec, make in makers:
        if make is not None:
            context["spec"] = spec  # one context a county: no maker keeps it
            values[spec.key] = make(draw, context)
        else:
            values[spec.key] = _by_type(spec, draw)
    return values


def _by_type(spec: inputs.Input, d: _Draw) -> Any:
    """Return a value of the right type for an input this module has no model of."""
    if isinstance(spec, inputs.BoolInput):
        return d.yes()
    if isinstance(spec, inputs.ChoiceInput):
        ids = [o.id for o in spec.options]
        return ids[0] if d.yes(0.3, 0.6) else ids[min(1, len(ids) - 1)] if d.yes() else ids[-1]
    if isinstance(spec, inputs.ChecklistInput):
        return [o.id for o in spec.options if d.yes(0.6, 0.38)]
    if isinstance(spec, inputs.CountsInput):
        return {o.id: max(spec.min, d.count(3 * d.q)) for o in spec.options}
    if isinstance(spec, inputs.CountInput):
        return d.count(5 + 20 * d.q)
    if isinstance(spec, inputs.PercentInput):
        return round(d.around(max(spec.min, 40), min(spec.max, 100)), 2)
    if isinstance(spec, inputs.NumberInput):
        low = spec.min if spec.min is not None else 0.0
        high = spec.max if spec.max is not None else low + 100.0
        return round(d.around(low, high), 2)
    if isinstance(spec, inputs.TextInput):
        return plain_text(spec.key, spec.label, d.place)
    if isinstance(spec, inputs.DateInput):
        return d.day().isoformat()
    if isinstance(spec, inputs.RecordsInput):
        return _records(spec, d, d.count(1 + 3 * d.q))
    return None


def _records(spec: inputs.RecordsInput, d: _Draw, n: int, **fixed: Any) -> list[dict[str, Any]]:
    out = []
    # a choice field's weights depend on the county alone: its distribution is worked out once
    cdfs = {
        f.key: _cdf(np.array([1.0 + k * (1.5 - d.q) for k in range(len(f.options))]))
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


def _levels(ids: list[str]) -> Callable[[_Draw, dict[str, Any]], str]:
    def make(d: _Draw, c: dict[str, Any]) -> str:
        if d.yes(0.25, 0.65):
            return ids[0]
        return ids[1] if d.yes(0.5, 0.3) else ids[2]

    return make


def _rec(mean: Callable[[float], float], **fixed: Any) -> Callable[[_Draw, dict[str, Any]], Any]:
    def make(d: _Draw, c: dict[str, Any]) -> Any:
        return _records(c["spec"], d, d.count(mean(d.q)), **fixed)

    return make


def _pct(
    low: float, high: float, noise: float = 0.08, cap: float = 100.0
) -> Callable[[_Draw, dict[str, Any]], float]:
    return lambda d, c: round(min(cap, d.around(low, high, noise)), 2)


def _stations(d: _Draw, c: dict[str, Any]) -> int:
    return int(d.rng.integers(8, 26))


def _star(
    share_ok: tuple[float, float], share_fail: tuple[float, float]
) -> Callable[[_Draw, dict[str, Any]], int]:
    def make(d: _Draw, c: dict[str, Any]) -> int:
        stations: int = c["values"]["pre.stations"]
        low, high = share_ok if c["ok"] else share_fail
        return math.ceil(stations * d.rng.uniform(low, high))

    return make


def _veto(which: int) -> Callable[[_Draw, dict[str, Any]], bool]:
    return lambda d, c: bool(c["vetoed"] and (which == 0 or d.rng.random() < 0.2))


def _before(current: str, mean_growth: float) -> Callable[[_Draw, dict[str, Any]], Any]:
    """Return the previous year's value: the current one shrunk by a growth rate."""

    def make(d: _Draw, c: dict[str, Any]) -> Any:
        now = c["values"][current]
        if d.rng.random() < 0.01:
            return 0  # a zero base happens in real data: the growth rate is then flagged
        g = d.rng.normal(mean_growth + 0.1 * d.q, 0.1)
        previous = now / max(0.5, 1 + g)
        return round(previous, 2) if isinstance(now, float) else round(previous)

    return make


def _grades(ids: list[str], mean: float) -> Callable[[_Draw, dict[str, Any]], dict[str, int]]:
    return lambda d, c: {g: d.count(mean * (k + 1) * (0.5 + d.q)) for k, g in enumerate(ids)}


def _increase(ids: list[str]) -> Callable[[_Draw, dict[str, Any]], dict[str, int]]:
    return lambda d, c: {
        g: int(d.rng.poisson(0.4 * d.q * (k + 1))) - int(d.rng.random() < 0.05)
        for k, g in enumerate(ids)
    }


INCENTIVE_KINDS = [
    "china_quality_award",
    "national",
    "governor_quality_award",
    "provincial",
    "city",
]


def _incentive_kind(d: _Draw, j: int) -> str:
    if d.kinds is None:
        d.kinds = _cdf(np.array([0.01, 0.12 * (0.5 + d.q), 0.04, 0.3, 0.53]))
    return INCENTIVE_KINDS[bisect_right(d.kinds, d.rng.random())]


def _cdf(weights: Array) -> list[float]:
    """Return the distribution `rng.choice(len(weights), p=…)` draws from, as numpy builds it.

    Drawing `bisect_right(cdf, rng.random())` is then numpy's own draw (the same arithmetic,
    the same single uniform) without its per-call checks: a seed still gives the same cohort.
    """
    cdf = (weights / weights.sum()).cumsum()
    cdf /= cdf[-1]
    return cdf.tolist()  # type: ignore[no-any-return]


def _incentive_date(d: _Draw, j: int) -> str:
    return d.day(-3, -1, stray=0.15).isoformat()


def _matter(d: _Draw, j: int) -> str | None:
    return matter(d.place, int(d.rng.integers(1, 4))) if d.rng.random() < 0.2 else None


SHANDONG: dict[str, Callable[[_Draw, dict[str, Any]], Any]] = {
    "pre.stations": _stations,
    "pre.three_star": _star((0.17, 0.45), (0.05, 0.15)),
    "pre.four_star": _star((0.09, 0.25), (0.0, 0.07)),
    "veto.safety_accident": _veto(0),
    "veto.quality_incident": _veto(1),
    "veto.environment_incident": _veto(2),
    "veto.statistics_falsified": _veto(3),
    "i02.model": _levels(["promotable", "partly", "none"]),
    "i08.plan": _levels(["implemented", "policy_only", "none"]),
    "i11.policy": _levels(["implemented", "policy_only", "none"]),
    "i12.platform": _levels(["running", "not_running", "none"]),
    "i04.commendations": _rec(lambda q: 0.5 + 3 * q),
    "i04.media_reports": _rec(lambda q: 0.5 + 3 * q),
    "i05.events": _rec(lambda q: 0.3 + 2.5 * q),
    "i06.meetings": _rec(lambda q: 0.5 + 1.5 * q, date=lambda d, j: d.day(-1, -1, 0.2).isoformat()),
    "i14.standards": _rec(lambda q: 0.5 + 5 * q),
    "i15.organisations": _rec(lambda q: 0.2 * q),
    "i15.pilots": _rec(lambda q: 0.3 + 2.5 * q),
    "i17.metrologists": lambda d, c: 2 + d.count(1 + 8 * d.q),
    "i17.public_standards": lambda d, c: max(0, round(d.around(8, 32, 0.15))),
    "i17.a_class_coverage": _pct(84, 100, 0.12),
    "i18.energy_review_coverage": _pct(82, 100, 0.12),
    "i18.demo_projects": lambda d, c: d.count(0.4 * d.q),
    "i18.shortlisted_projects": lambda d, c: d.count(0.6 * d.q),
    "i19.helped": lambda d, c: max(1, int(d.around(10, 120, 0.15))),
    "i19.helped_before": _before("i19.helped", 0.05),
    "i20.coverage": _pct(15, 70, 0.12),
    "i22.initial_check": _pct(92, 100.5, 0.15),
    "i22.completion": _pct(91, 100.5, 0.15),
    "i22.report_check": _pct(92, 100.5, 0.15),
    "i22.mediation": _pct(45, 85, 0.15),
    "i23.firms": lambda d, c: d.count(20 + 60 * d.q),
    "i24.exchanges": _rec(lambda q: 1.5 + 3 * q),
    "i24.trainings": _rec(lambda q: 1.5 + 3.5 * q),
    "i26.disposal_rate": _pct(85, 100.5, 0.15),
    "i26.referral_rate": _pct(86, 100.5, 0.15),
    "i30.resident_population": lambda d, c: c["population"],
    "i30.batches": lambda d, c: int(c["population"] / 1000 * d.around(0.7, 1.5, 0.2)),
    "i31.rd_share": lambda d, c: round(d.around(0.5, 4.0, 0.12), 2),
    "i32.green_area": lambda d, c: round(c["gdp"] * d.around(2_000, 6_000, 0.2), 0),
    "i33.prefab_area": lambda d, c: round(c["gdp"] * d.around(300, 2_000, 0.2), 0),
    "i34.taishan_residential": lambda d, c: d.count(0.5 * d.q),
    "i34.taishan_other": lambda d, c: d.count(0.5 * d.q),
    "i34.standardisation_demo": lambda d, c: d.count(1.2 * d.q),
    "i35.nursing_beds": lambda d, c: int(c["population"] / 1000 * d.around(1.5, 4, 0.2)),
    "i35.elderly_beds": lambda d, c: int(
        c["values"]["i35.nursing_beds"] / d.around(0.3, 0.7, 0.15)
    ),
    "i35.teachers": lambda d, c: int(c["population"] * d.around(0.007, 0.01, 0.3)),
    "i35.students": lambda d, c: int(c["values"]["i35.teachers"] / d.around(0.065, 0.09, 0.15)),
    "i35.medical_score": lambda d, c: round(d.around(0.5, 0.8, 0.15), 2),
    "i35.total_population": lambda d, c: int(c["population"] * d.rng.uniform(0.95, 1.08)),
    "i35.culture_area": lambda d, c: round(c["population"] / 10_000 * d.around(800, 3_000, 0.2), 0),
    "i35.scenic": _grades(["a5", "a4", "a3", "a2", "a1"], 0.6),
    "i35.scenic_increase": _increase(["a5", "a4", "a3", "a2", "a1"]),
    "i35.homestays": _grades(["first", "second", "third"], 1.0),
    "i35.homestays_increase": _increase(["first", "second", "third"]),
    "i35.hotels": _grades(["s5", "s4", "s3", "s2", "s1"], 0.4),
    "i35.hotels_increase": _increase(["s5", "s4", "s3", "s2", "s1"]),
    "i36.firms": lambda d, c: int(c["gdp"] * d.around(0.8, 1.6, 0.2)),
    "i36.revenue": lambda d, c: round(c["gdp"] * d.around(0.12, 0.5, 0.2), 2),
    "i38.energy_reduction": lambda d, c: round(d.around(-3, 10, 0.25), 2),
    "i39.good_days": lambda d, c: round(
        min(96.0, AIR.get(c["city"], 70) + d.rng.normal(0, 2.5)), 1
    ),
    "i39.pm25_improvement": lambda d, c: round(d.rng.normal(5, 5), 1),
    "i40.high_tech_share": lambda d, c: round(d.around(20, 65, 0.12), 2),
    "i41.patents": lambda d, c: round(d.around(1, 40, 0.12) * (1.3 if c["district"] else 0.8), 2),
    "i41.patents_before": _before("i41.patents", 0.08),
    "i42.awards": _rec(lambda q: 1.6 * q * q),
    "i43.incentives": _rec(
        lambda q: 2 + 5 * q, kind=_incentive_kind, date=_incentive_date, matter=_matter
    ),
}
