"""The web benchmark's arithmetic and tables: percentiles, ratios to the login page, targets."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


def percentile(values: Sequence[float], p: float) -> float:
    """Return the p-th percentile (nearest rank: the smallest value with p % at or below it)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Tally:
    """What one kind of request did during a run: latencies of the answers, and the errors."""

    ok: list[float] = field(default_factory=list)  # seconds, of every answer (conflicts too)
    conflicts: int = 0  # a save refused because someone else saved first (a correct answer)
    errors: int = 0  # a status ≥ 400, an unexpected page, a timeout, a refused connection
    statuses: dict[int, int] = field(default_factory=dict)

    def add(self, seconds: float, status: int, outcome: str) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if outcome in ("ok", "conflict"):
            self.ok.append(seconds)
            self.conflicts += outcome == "conflict"
        else:
            self.errors += 1

    @property
    def answered(self) -> int:
        return len(self.ok)

    @property
    def succeeded(self) -> int:
        return len(self.ok) - self.conflicts


@dataclass
class Row:
    kind: str
    throughput: float  # good answers (saved or conflict) per second
    p50: float  # milliseconds, over the answers
    p95: float
    p99: float
    errors: int
    conflicts: int
    target: float | None  # the least ratio to the login page the issue asks for

    def ratio(self, login: float) -> float:
        return self.throughput / login if login else math.nan


def row(kind: str, tally: Tally, seconds: float, target: float | None = None) -> Row:
    """Summarise a kind's tally over a run of `seconds`."""
    ms = [t * 1000 for t in tally.ok]
    return Row(
        kind=kind,
        throughput=tally.answered / seconds if seconds else math.nan,
        p50=percentile(ms, 50),
        p95=percentile(ms, 95),
        p99=percentile(ms, 99),
        errors=tally.errors,
        conflicts=tally.conflicts,
        target=target,
    )


def ratio_text(ratio: float) -> str:
    """Write a ratio as a fraction of the login page: 0.125 → '1/8.0'."""
    if math.isnan(ratio) or ratio <= 0:
        return "–"
    if ratio >= 1:
        return f"{ratio:.2f}"
    return f"1/{1 / ratio:.1f}"


def verdict(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "MISSED")


def ratio_table(rows: Sequence[Row], login_kind: str) -> list[str]:
    """Return the lines of the capacity table: each kind's figures and its ratio to the login's.

    The login page's throughput is the mean of its rows (measured first and last, so that a
    change of the machine's load during the runs shows, and weighs on both sides).
    """
    logins = [r.throughput for r in rows if r.kind.startswith(login_kind)]
    login = sum(logins) / len(logins) if logins else math.nan
    lines = [
        "| endpoint kind | req/s | p50 ms | p95 ms | p99 ms | errors | conflicts "
        "| ratio to login | target | |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        ratio = r.ratio(login)
        met = None if r.target is None else ratio >= r.target and r.errors == 0
        reference = r.kind.startswith(login_kind)
        met = None if reference else met
        target = "(reference)" if reference else ratio_target_text(r.target)
        lines.append(
            f"| {r.kind} | {r.throughput:,.1f} | {ms(r.p50)} | {ms(r.p95)} | {ms(r.p99)} "
            f"| {r.errors} | {r.conflicts} | {ratio_text(ratio)} | {target} | {verdict(met)} |"
        )
    return lines


def ratio_target_text(target: float | None) -> str:
    return "" if target is None else f"≥ 1/{1 / target:g}"


def ms(value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def markdown(header: Sequence[str], body: Iterable[Sequence[object]]) -> list[str]:
    """Return a Markdown table's lines; numbers right-aligned."""
    rows = [list(map(str, r)) for r in body]
    align = [
        "---:" if rows and all(_numeric(r[i]) for r in rows) else "---" for i in range(len(header))
    ]
    return [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(r) + " |" for r in rows),
    ]


def _numeric(text: str) -> bool:
    stripped = text.replace(",", "").replace(".", "").replace("–", "").strip()
    return stripped.isdigit() or text == "–"
