"""The command line at national scale: whole processes, as a user runs them. Asserts nothing.

Run with `make bench` (after benchmarks/scoring.py). Each command runs in a fresh process:
`qcounty cohort generate --counties 2850`, `qcounty score` of that file (top 20 rows) and
`qcounty score --json` (streamed to a file). Prints the best wall time of a few runs, the
peak memory (resident set) of the process, and each figure beside its target (issue 12),
with the machine's load: the machine may be shared, and load inflates wall times.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

COUNTIES = 2850
RUNS = 3


@dataclass
class Run:
    wall: float  # seconds
    peak_mb: float  # the process's peak resident set
    cpu: float  # user + system seconds


def run(args: list[str], stdout: Path | None = None) -> Run:
    """Run `qcounty ARGS` in a fresh process; return its wall time, peak memory and CPU time."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "qcounty.cli", *args], stdout=out, stderr=subprocess.PIPE
        )
        # wait4: the resource usage of this child alone (getrusage would give the largest child)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    finally:
        if stdout:
            out.close()  # type: ignore[union-attr]
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"qcounty {' '.join(args)} failed:\n{stderr}")
    return Run(wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def best(args: list[str], stdout: Path | None = None) -> tuple[Run, list[Run]]:
    runs = [run(args, stdout) for _ in range(RUNS)]
    return min(runs, key=lambda r: r.wall), runs


def line(label: str, r: Run, runs: list[Run], target: str, met: bool) -> None:
    walls = "/".join(f"{x.wall:.2f}" for x in runs)
    print(
        f"  {label:<44} {r.wall:>6.2f} s  (runs {walls} s; cpu {r.cpu:.2f} s)"
        f"  peak {r.peak_mb:>5.0f} MB   target {target:<10} {'met' if met else 'MISSED'}"
    )


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    print(f"\ncommand line at national scale: {COUNTIES:,} counties, best of {RUNS} processes")
    print(f"  before: {load()}")
    with tempfile.TemporaryDirectory(prefix="qcounty-bench-") as tmp:
        cohort = Path(tmp) / "cohort.json"
        generate = ["cohort", "generate", "--counties", str(COUNTIES), "--output", str(cohort)]
        g, g_runs = best(generate)
        size = cohort.stat().st_size / 1e6
        s, s_runs = best(["score", str(cohort)])
        result = Path(tmp) / "result.json"
        j, j_runs = best(["score", str(cohort), "--json"], stdout=result)
        out_size = result.stat().st_size / 1e6
        line(
            f"cohort generate --counties {COUNTIES} ({size:.0f} MB)", g, g_runs, "< 2 s", g.wall < 2
        )
        line("score (whole process, top 20 rows)", s, s_runs, "< 2 s", s.wall < 2)
        line(f"score --json ({out_size:.0f} MB, streamed)", j, j_runs, "< 300 MB", j.peak_mb < 300)
    print(f"  after:  {load()}")
    print(
        "  score --json has no time target: rendering every explanation line of every county"
        " is most of it (see 'texts' above)."
    )


if __name__ == "__main__":
    main()
