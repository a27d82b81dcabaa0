"""The robustness of the selection: a seeded Monte Carlo over weights and policies."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from qcounty.core.cohort import County
from qcounty.core.evaluate.policies import VARIABLE_POLICIES, EvaluationError
from qcounty.core.framework.model import Framework
from qcounty.core.results import Status
from qcounty.core.rules.base import Array
from qcounty.core.scoring import CohortScore, score_table
from qcounty.core.tree import tree_points

MAX_REPLICATIONS = 100_000


MAX_WORK = 500_000_000  # replications × counties × indicators: about a minute on two cores


MAX_NOISE = 0.5  # ±50 % of an indicator's weight


CHUNK = 1_000  # replications per progress report


QUANTILES = (0.05, 0.5, 0.95)


@dataclass(frozen=True)
class RobustnessSpec:
    """What a robustness run varies; the same spec and cohort give the same figures, bit for bit."""

    replications: int = 1_000
    weight_noise: float = 0.1  # each indicator's weight × U(1 − x, 1 + x), then renormalised
    policies: tuple[str, ...] = ()  # policies drawn at random, each setting equally likely
    seed: int = 0
    top: int = 10

    def check(self, counties: int = 0, indicators: int = 43) -> None:
        """Refuse absurd parameters with a Chinese message."""
        problems = []
        if not isinstance(self.replications, int) or self.replications < 1:
            problems.append("模拟次数必须是正整数")
        elif self.replications > MAX_REPLICATIONS:
            problems.append(f"模拟次数不能超过 {MAX_REPLICATIONS:,} 次")
        elif self.replications * max(counties, 1) * indicators > MAX_WORK:
            limit = MAX_WORK // (max(counties, 1) * indicators)
            problems.append(f"{counties} 个县时模拟次数不能超过 {limit:,} 次")
        if not math.isfinite(self.weight_noise) or self.weight_noise < 0:
            problems.append("权重扰动幅度不能为负数")
        elif self.weight_noise > MAX_NOISE:
            problems.append(f"权重扰动幅度不能超过 ±{MAX_NOISE:.0%}")
        unknown = [p for p in self.policies if p not in VARIABLE_POLICIES]
        if unknown:
            problems.append(
                f"不能随机抽取的政策：{'、'.join(unknown)}；可选：{'、'.join(VARIABLE_POLICIES)}"
            )
        if len(set(self.policies)) != len(self.policies):
            problems.append("随机抽取的政策有重复")
        if not isinstance(self.top, int) or self.top < 1:
            problems.append("前 N 名（认定名额）的 N 必须是正整数")
        if not isinstance(self.seed, int) or not 0 <= self.seed < 2**63:
            problems.append("随机种子必须是 0 到 2⁶³−1 之间的整数")
        if problems:
            raise EvaluationError("；".join(problems))


@dataclass
class Robustness:
    """Per county: the distribution of its rank over the replications."""

    spec: RobustnessSpec
    counties: list[County]
    base_ranks: np.ndarray[Any, np.dtype[np.int64]]  # 0: not ranked
    rank_low: Array  # 5 % quantile of the rank (NaN: not ranked)
    rank_median: Array
    rank_high: Array  # 95 %
    p_top: Array  # share of replications in the top N (NaN: not ranked)
    mean_total: Array
    policy_draws: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def uncertain(self) -> list[int]:
        """Counties whose selection is uncertain: 0.05 < P(top N) < 0.95."""
        p = np.nan_to_num(self.p_top, nan=0.0)
        return [int(i) for i in np.flatnonzero((p > 0.05) & (p < 0.95))]

    def order(self) -> list[int]:
        """Ranked counties by base rank, then by P(top N)."""
        ranked = [i for i in range(len(self.counties)) if self.base_ranks[i] > 0]
        return sorted(ranked, key=lambda i: (self.base_ranks[i], -self.p_top[i]))

    def to_json(self) -> dict[str, Any]:
        """The figures as JSON (for storage and the command line's --json)."""

        def num(x: float) -> float | None:
            return None if math.isnan(x) else round(float(x), 6)

        return {
            "spec": {
                "replications": self.spec.replications,
                "weight_noise": self.spec.weight_noise,
                "policies": list(self.spec.policies),
                "seed": self.spec.seed,
                "top": self.spec.top,
            },
            "uncertain": len(self.uncertain),
            "policy_draws": self.policy_draws,
            "counties": [
                {
                    "name": c.name,
                    "city": c.city,
                    "tier": c.tier,
                    "rank": int(self.base_ranks[i]) or None,
                    "rank_low": num(self.rank_low[i]),
                    "rank_median": num(self.rank_median[i]),
                    "rank_high": num(self.rank_high[i]),
                    "p_top": num(self.p_top[i]),
                    "mean_total": round(float(self.mean_total[i]), 6),
                }
                for i, c in enumerate(self.counties)
            ],
        }


Progress = Callable[[int, int], None]


def robustness(
    score: CohortScore, spec: RobustnessSpec, progress: Progress | None = None
) -> Robustness:
    """Run the Monte Carlo analysis of the cohort's ranking (seeded, repeatable)."""
    framework, table = score.framework, score.table
    n, indicators = len(score.counties), framework.indicators()
    spec.check(n, len(indicators))
    rankable = np.flatnonzero(score.status == Status.ELIGIBLE.value)
    m = len(rankable)
    rng = np.random.default_rng(spec.seed)
    options = [VARIABLE_POLICIES[p] for p in spec.policies]
    draws = _policy_draws(spec, options, rng)  # drawn first: the seed's stream stays as it was
    weights = np.array([ind.points for ind in indicators])
    factors = _weight_factors(spec, weights, rng)

    points: dict[tuple[int, ...], Array] = {}  # a set of policies → indicators × rankable

    def indicator_points(combo: tuple[int, ...]) -> Array:
        if combo not in points:
            if not spec.policies:
                s = score
            else:
                update = {p: o[c] for p, o, c in zip(spec.policies, options, combo, strict=True)}
                s = score_table(framework, table, policies=score.policies.with_overrides(update))
            points[combo] = s.indicator_points[:, rankable]
        return points[combo]

    add_up = _product if score.tree is None else partial(_tree_totals, framework, weights)
    hist, in_top, total_sum = _replicate(
        spec, draws, factors, indicator_points, m, score.policies.decimals, progress, add_up
    )
    if progress is not None and not m:
        progress(spec.replications, spec.replications)

    quantiles = np.full((len(QUANTILES), n), np.nan)
    if m:
        quantiles[:, rankable] = _rank_quantiles(hist, m, spec.replications)
    p_top = np.full(n, np.nan)
    p_top[rankable] = in_top / spec.replications
    mean_total = score.totals.astype(float).copy()
    mean_total[rankable] = total_sum / spec.replications
    counts: dict[str, dict[str, int]] = {}
    for j, (p, o) in enumerate(zip(spec.policies, options, strict=True)):
        tally = np.bincount(draws[:, j], minlength=len(o))
        counts[p] = {o[k]: int(tally[k]) for k in range(len(o))}
    return Robustness(
        spec,
        score.counties,
        score.ranks.copy(),
        quantiles[0],
        quantiles[1],
        quantiles[2],
        p_top,
        mean_total,
        counts,
    )


def _policy_draws(
    spec: RobustnessSpec, options: list[tuple[str, ...]], rng: np.random.Generator
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Return each replication's setting of each varied policy (replications × policies)."""
    return np.stack(
        [rng.integers(0, len(o), size=spec.replications) for o in options]
        or [np.zeros(spec.replications, dtype=np.int64)],
        axis=1,
    )


def _weight_factors(spec: RobustnessSpec, weights: Array, rng: np.random.Generator) -> Array:
    """Return each replication's factor on each indicator's points (replications × indicators)."""
    noise = rng.uniform(-spec.weight_noise, spec.weight_noise, (spec.replications, len(weights)))
    perturbed = weights * (1.0 + noise)
    # renormalised to the scheme's total: totals stay on the 100-point scale
    factors: Array = (1.0 + noise) * (weights.sum() / perturbed.sum(axis=1))[:, None]
    return factors


def _product(factors: Array, points: Array) -> Array:
    """Return the replications' totals of a scheme of plain sums (replications × counties)."""
    totals: Array = factors @ points
    return totals


TREE_COLUMNS = 100_000  # replications × counties put through the tree at once (memory)


def _tree_totals(framework: Framework, weights: Array, factors: Array, points: Array) -> Array:
    """Return the replications' totals as the scheme's tree adds them up.

    A replication is the scheme with each indicator's weight × its factor: the indicator's
    points and maximum scale together (its share stays), so caps above the indicator, blocks
    and geometric or minimum aggregation count the perturbed weights exactly as scoring
    would; the caps stay as written.
    """
    r, m = factors.shape[0], points.shape[1]
    out = np.empty((r, m))
    step = max(1, TREE_COLUMNS // max(m, 1))
    for start in range(0, r, step):
        f = factors[start : start + step]  # replications × indicators
        k = f.shape[0]
        scaled = (f.T[:, :, None] * points[:, None, :]).reshape(len(weights), k * m)
        most = np.repeat((f * weights).T, m, axis=1)  # column = replication × m + county
        out[start : start + k] = tree_points(framework, scaled, most).totals.reshape(k, m)
    return out


def _replicate(
    spec: RobustnessSpec,
    draws: np.ndarray[Any, np.dtype[np.int64]],
    factors: Array,
    indicator_points: Callable[[tuple[int, ...]], Array],
    m: int,
    decimals: int,
    progress: Progress | None,
    add_up: Callable[[Array, Array], Array] = _product,
) -> tuple[np.ndarray[Any, np.dtype[np.int64]], np.ndarray[Any, np.dtype[np.int64]], Array]:
    """Rank the m rankable counties in every replication, in chunks.

    Return the histogram of county × rank, how often each county was in the top, and the sum
    of each county's totals.
    """
    hist = np.zeros(m * (m + 1), dtype=np.int64)  # county × rank → replications
    in_top = np.zeros(m, dtype=np.int64)
    total_sum = np.zeros(m)
    positions = np.arange(1, m + 1)
    offsets = np.arange(m) * (m + 1)
    done = 0
    while done < spec.replications and m:
        stop = min(done + CHUNK, spec.replications)
        rows = np.arange(done, stop)
        totals = np.empty((len(rows), m))
        combos = [tuple(int(x) for x in row) for row in draws[rows]]
        for combo in dict.fromkeys(combos):
            members = [k for k, c in enumerate(combos) if c == combo]
            totals[members] = add_up(factors[rows[members]], indicator_points(combo))
        total_sum += totals.sum(axis=0)
        ranks = _competition_ranks(np.round(totals, decimals), positions)
        in_top += (ranks <= spec.top).sum(axis=0)
        hist += np.bincount((ranks + offsets).ravel(), minlength=m * (m + 1))
        done = stop
        if progress is not None:
            progress(done, spec.replications)
    return hist, in_top, total_sum


def _rank_quantiles(
    hist: np.ndarray[Any, np.dtype[np.int64]], m: int, replications: int
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Return the QUANTILES of each county's rank from the histogram (quantiles × counties)."""
    cumulative = hist.reshape(m, m + 1).cumsum(axis=1)
    out = np.empty((len(QUANTILES), m), dtype=np.int64)
    for q, level in enumerate(QUANTILES):
        # the smallest rank whose cumulative share reaches the level (inverted CDF)
        needed = math.ceil(level * replications - 1e-9)
        out[q] = (cumulative >= max(needed, 1)).argmax(axis=1)
    return out


def _competition_ranks(
    totals: Array, positions: np.ndarray[Any, np.dtype[np.int64]]
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Return competition ranks (1, 2, 2, 4) of each row, highest total first."""
    order = np.argsort(-totals, axis=1, kind="stable")
    ordered = np.take_along_axis(totals, order, axis=1)
    new = np.ones(ordered.shape, dtype=bool)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    ranked = np.maximum.accumulate(np.where(new, positions, 0), axis=1)
    ranks = np.empty_like(ranked)
    np.put_along_axis(ranks, order, ranked, axis=1)
    return ranks
