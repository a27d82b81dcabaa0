"""Scoring speed: the engine against a bare numpy floor. Prints figures; asserts nothing.

Run with `make bench`. Figures go into docs/performance.md by hand, with the machine they
came from.
"""

from __future__ import annotations

import gc
import os
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from qcounty.core import load_framework
from qcounty.core.cohort import parse_cohort
from qcounty.core.evaluate import (
    VARIABLE_POLICIES,
    RobustnessSpec,
    leave_one_out,
    robustness,
    what_if,
)
from qcounty.core.framework.model import Framework
from qcounty.core.rules.efficacy import Efficacy
from qcounty.core.scoring import score_cohort, score_table
from qcounty.core.synth import generate_cohort
from qcounty.core.table import Table, build_table

REPEATS = 7


def best(f: Callable[[], Any], repeats: int = REPEATS) -> float:
    """Return the best wall time of several runs, each after a full collection."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - start)
        del result
    return min(times)


def numpy_floor(framework: Framework, table: Table) -> tuple[Callable[[], Any], int]:
    """Return a bare computation of every efficacy part: group max/min by tier, d, points.

    No gates, thresholds, policies or explanations: the least work any engine must do.
    """
    parts = []
    for ind in framework.indicators():
        for c in ind.criteria:
            if isinstance(c.rule, Efficacy):
                for p in c.rule.parts:
                    parts.append((table.col(p.value), c.points * p.weight, ind.tiered))
    x = np.nan_to_num(np.array([p[0] for p in parts]))  # parts × counties
    weights = np.array([p[1] for p in parts])[:, None]
    tiered = np.array([p[2] for p in parts])
    tiers = np.array([c.tier for c in table.counties])
    masks = [tiers == t for t in np.unique(tiers)]

    def run() -> Any:
        lo = np.empty_like(x)
        hi = np.empty_like(x)
        lo[~tiered] = x[~tiered].min(axis=1, keepdims=True)
        hi[~tiered] = x[~tiered].max(axis=1, keepdims=True)
        for m in masks:
            sub = x[tiered][:, m]
            lo[np.ix_(tiered, m)] = sub.min(axis=1, keepdims=True)
            hi[np.ix_(tiered, m)] = sub.max(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            d = 60 + 40 * (x - lo) / (hi - lo)
        return (weights * np.nan_to_num(d, nan=100.0) / 100).sum(axis=0)

    return run, len(parts)


def measure(framework: Framework, n: int) -> int:
    """Print one line of figures for a generated cohort of n counties."""
    data = generate_cohort(framework, counties=n, seed=7)
    cohort = parse_cohort(data, framework)
    ingest = best(lambda: build_table(framework, cohort.counties, cohort.year), 3)
    table = build_table(framework, cohort.counties, cohort.year)
    score = best(lambda: score_table(framework, table))
    results = best(lambda: score_table(framework, table).results())
    floor_run, n_parts = numpy_floor(framework, table)
    floor = best(floor_run, 50)

    def texts() -> int:
        rendered = 0
        for r in score_table(framework, table).results():
            for ind in r.indicators:
                for c in ind.criteria:
                    rendered += len([m.render() for m in c.messages])
        return rendered

    text_time = best(texts, 3)
    print(
        f"{n:>8} {ingest * 1e3:>7.1f}ms {score * 1e3:>7.1f}ms {(results - score) * 1e3:>7.1f}ms"
        f" {results * 1e3:>7.1f}ms {n / results:>10,.0f} {floor * 1e3:>7.2f}ms"
        f" {score / floor:>10.1f}x {text_time * 1e3:>7.0f}ms"
    )
    return n_parts


def evaluation(framework: Framework) -> None:
    """Print the province's evaluation figures: robustness and what-if on 136 counties."""
    data = generate_cohort(framework, counties=136, seed=7, year=2023)
    cohort = parse_cohort(data, framework)
    scored = score_table(framework, build_table(framework, cohort.counties, cohort.year))
    print("\nevaluation of 136 counties (43 indicators):")
    for policies, label in (
        ((), "weights ±10 % only"),
        (tuple(VARIABLE_POLICIES), "weights + all 7 policies"),
    ):
        spec = RobustnessSpec(replications=10_000, weight_noise=0.1, policies=policies, seed=1)
        t = best(lambda spec=spec: robustness(scored, spec), 3)
        print(f"  robustness, 10,000 replications, {label}: {t:.2f} s (target < 5 s)")
    i = int(np.flatnonzero(scored.ranks)[0])
    value = {"i17.public_standards": 1000}
    t = best(lambda: what_if(scored, i, value), 20)
    full = best(lambda: score_cohort(framework, cohort.counties, cohort.year), 10)
    print(
        f"  what-if (one value changed, whole cohort rescored): {t * 1e3:.1f} ms (target < 50 ms)"
    )
    print(f"  (for comparison, a full rescore from the county objects: {full * 1e3:.1f} ms)")
    t = best(lambda: leave_one_out(scored, 10), 5)
    print(f"  leave-one-indicator-out, 43 indicators: {t * 1e3:.1f} ms")


def main() -> None:
    framework = load_framework("shandong-county-2022")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}"
    )
    print(f"best of {REPEATS} runs; wall time\n")
    header = f"{'counties':>8} {'ingest':>9} {'score':>9} {'results':>9} {'full':>9} {'c/s full':>10} {'floor':>9} {'score/floor':>11} {'texts':>9}"
    print(header)
    parts = 0
    for n in (136, 2850):
        parts = measure(framework, n)
    print(
        f"\ningest: cohort objects → columns (records filtered by window, derived values)\n"
        f"score: gates, 71 criteria, caps, totals and ranks for every county (the score-only path)\n"
        f"results: building every county's result objects (numbers eager, reasons on first read)\n"
        f"full: score + results; c/s full = counties per second\n"
        f"floor: bare numpy efficacy coefficients, {parts} parts with tiers, nothing else\n"
        f"texts: full, plus rendering every explanation line of every county in Chinese"
    )
    evaluation(framework)


if __name__ == "__main__":
    main()
