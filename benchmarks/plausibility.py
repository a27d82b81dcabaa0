"""Plausibility checks: recall and false positives on planted anomalies, and their speed.

Seeded synthetic cohorts (core/synth.py) are first made internally coherent (unique titles and
texts, increases within their totals, an activity record for every tick) and given a previous
campaign (the values shrunk by a plausible growth, the base years carried over); then, kind by
kind, anomalies are planted in a few counties and the checks run. Recall: the planted
(county, key) pairs flagged with their kind; false positives: flags of that kind elsewhere, over
the clean county-key pairs the kind examines. Run with `make bench`; the figures go into
docs/plausibility.md. Environment: BENCH_SEEDS (default 3), BENCH_PLANTS (per kind, default 20).
"""

from __future__ import annotations

import copy
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plausibility_plant import (
    EVIDENCE,
    KINDS,
    Planted,
    clean,
    full_evidence,
    pairs_examined,
    previous_of,
)
from qcounty.core import load_framework
from qcounty.core.cohort import Cohort, parse_cohort
from qcounty.core.framework.model import Framework
from qcounty.core.plausibility import Thresholds, check_cohort
from qcounty.core.plausibility.coverage import Evidenced, check_coverage
from qcounty.core.synth import generate_cohort

RECALL_TARGET = 0.95
FP_TARGET = 0.02
SPEED_TARGETS = {136: 1.0, 2850: 10.0}


@dataclass
class Tally:
    planted: int = 0
    found: int = 0
    false: int = 0
    examined: int = 0

    def recall(self) -> float:
        return self.found / self.planted if self.planted else float("nan")

    def fp(self) -> float:
        return self.false / self.examined if self.examined else float("nan")


def cohorts(framework: Framework, n: int, seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return a coherent synthetic cohort and its previous campaign, as JSON data."""
    data = clean(framework, generate_cohort(framework, n, seed), np.random.default_rng(seed))
    return data, previous_of(framework, data, np.random.default_rng(seed + 1000))


def run_kind(
    framework: Framework, kind: str, seed: int, n: int, plants: int, thresholds: Thresholds
) -> Tally:
    """Plant `plants` anomalies of one kind and count what the checks find."""
    data, before = cohorts(framework, n, seed)
    rng = np.random.default_rng(seed * 7919 + len(kind))
    data, before = copy.deepcopy(data), copy.deepcopy(before)
    planted: list[Planted] = KINDS[kind](framework, data, before, rng, plants)
    examined = pairs_examined(framework, kind, n)
    evidence = data.pop(EVIDENCE, None)
    cohort = parse_cohort(data, framework)
    previous = parse_cohort(before, framework)
    flags = check_cohort(framework, cohort, previous, thresholds=thresholds, stakes=False)
    if evidence is not None:  # only the web knows the files: the planter gives them here
        files = {who: Evidenced(frozenset(e["indicators"]), frozenset(e["records"]))
                 for who, e in evidence.items()}  # fmt: skip
        flags += check_coverage(framework, cohort, files)
    kind = kind.split(" ")[0]  # a variant of a kind's planting: the same flags
    hits = {(f.county, key) for f in flags if f.kind == kind for key in f.keys}
    want = {(p.county, p.key) for p in planted}
    found = sum(1 for w in want if w in hits)
    false = len({(f.county, f.keys[0]) for f in flags if f.kind == kind} - _planted_keys(planted))
    examined -= len(want)
    return Tally(len(want), found, false, examined)


def _planted_keys(planted: list[Planted]) -> set[tuple[str, str]]:
    return {(p.county, k) for p in planted for k in p.keys}


def accuracy(framework: Framework, thresholds: Thresholds, seeds: int, plants: int) -> None:
    print(
        "| 类别 kind | 植入 planted | 检出 found | 召回率 recall (目标 ≥ 95 %) | 误报 FP | 误报率 FP rate (目标 ≤ 2 %) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind in KINDS:
        total = Tally()
        for seed in range(1, seeds + 1):
            t = run_kind(framework, kind, seed, 136, plants, thresholds)
            total.planted += t.planted
            total.found += t.found
            total.false += t.false
            total.examined += t.examined
        ok = total.recall() >= RECALL_TARGET and total.fp() <= FP_TARGET
        print(
            f"| {kind} | {total.planted} | {total.found} | {total.recall():.1%} | "
            f"{total.false} / {total.examined} | {total.fp():.2%} {'✓' if ok else '✗'} |"
        )


def sweep(framework: Framework, kind: str, name: str, values: list[float], seeds: int) -> None:
    """Print recall and false positives of one kind over threshold values."""
    print(f"\n{kind}: {name}")
    print("| 阈值 | 召回率 | 误报率 |\n| ---: | ---: | ---: |")
    for v in values:
        th = Thresholds(**{name: v})
        total = Tally()
        for seed in range(1, seeds + 1):
            t = run_kind(framework, kind, seed, 136, 20, th)
            total.planted, total.found = total.planted + t.planted, total.found + t.found
            total.false, total.examined = total.false + t.false, total.examined + t.examined
        print(f"| {v:g} | {total.recall():.1%} | {total.fp():.2%} |")


def best_of(f: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def speed(framework: Framework) -> None:
    print(
        "\n| 县数 counties | 全部检查 all checks | 目标 target | 含应失分 with points at stake | 旗标 flags "
        "| 证据覆盖 evidence coverage |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, target in SPEED_TARGETS.items():
        data, before = cohorts(framework, n, 7)
        cohort: Cohort = parse_cohort(data, framework)
        previous = parse_cohort(before, framework)
        repeats = 5 if n < 1000 else 2
        plain = best_of(partial(check_cohort, framework, cohort, previous, stakes=False), repeats)
        full = best_of(partial(check_cohort, framework, cohort, previous), repeats)
        flags = len(check_cohort(framework, cohort, previous, stakes=False))
        evidence = full_evidence(framework, data, np.random.default_rng(7))
        files = {w: Evidenced(frozenset(e["indicators"]), frozenset(e["records"]))
                 for w, e in evidence.items()}  # fmt: skip
        covered = best_of(partial(check_coverage, framework, cohort, files), repeats)
        mark = "✓" if full + covered < target else "✗"
        print(
            f"| {n} | {plain:.2f} s | < {target:g} s | {full:.2f} s {mark} | {flags} "
            f"| {covered:.2f} s |"
        )


def main() -> None:
    framework = load_framework("shandong-county-2022")
    seeds = int(os.environ.get("BENCH_SEEDS", "3"))
    plants = int(os.environ.get("BENCH_PLANTS", "20"))
    print(f"## Plausibility checks: {seeds} seeds × 136 counties, {plants} plants per kind\n")
    accuracy(framework, Thresholds(), seeds, plants)
    if os.environ.get("BENCH_SWEEP"):
        sweep(framework, "peer_outlier", "outlier_z", [3, 3.5, 4, 4.5, 5, 6], seeds)
        sweep(framework, "jump", "jump_factor", [3, 4, 5, 6], seeds)
    speed(framework)


if __name__ == "__main__":
    main()
