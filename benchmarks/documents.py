"""Word documents for Wendeng (the demo county): each writer's time beside its target.

Run with `make bench`. The inputs are built as the demo builds them, without Django
(`tests/office/wendeng.py`); the times are of the writers alone (the web's job adds the
assessment and the database reads). Prints figures; asserts nothing. Figures go into
docs/performance.md by hand, with the machine's load.
"""

from __future__ import annotations

import gc
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the shared builder lives beside the tests

from tests.office.wendeng import CITY, GENERATED, NAME, Wendeng, wendeng  # noqa: E402

from qcounty.office.annex2 import annex2_docx  # noqa: E402
from qcounty.office.county_report import write_county_report  # noqa: E402
from qcounty.office.publication_frame import ListMeta  # noqa: E402
from qcounty.office.quality_report import write_quality_report  # noqa: E402
from qcounty.office.score_sheet import score_sheet_docx  # noqa: E402

REPEATS = 5


def timed(f: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, float, Any]:
    """Return the first run's wall time, the best of several (each after a collection), a result."""
    times = []
    result = None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - start)
    return times[0], min(times), result


def county_report_args(w: Wendeng) -> tuple[Any, ...]:
    """Return the county report's arguments: Wendeng in its 136-county reference."""
    score = w.reference
    mine = score.county(score.index(NAME))
    meta = ListMeta(
        campaign=w.campaigns[-1].campaign,
        evaluation_year=w.year,
        framework_name=w.framework.name,
        framework_version=w.framework.version,
        kind="final",
        version=1,
        published_on=GENERATED,
        titles=10,
        snapshot_id=1,
        snapshot_sha256="0" * 64,
    )
    medians = score.medians().first, score.medians(mine.tier).first
    return (meta, mine, *medians, True)


def main() -> None:
    w = wendeng()
    fw = w.framework
    documents: list[tuple[str, Callable[[], bytes], float | None]] = [
        ("score sheet .docx", lambda: score_sheet_docx(fw, w.result, w.departments), 1.0),
        ("Annex 2 .docx", lambda: annex2_docx(fw, NAME, CITY, w.year, w.values), 0.5),
        (
            "quality report .docx",
            lambda: write_quality_report(fw, NAME, CITY, w.campaigns, generated=GENERATED),
            1.0,
        ),
        # no target: the province's documents, built with the same tables
        ("county report .docx", lambda: write_county_report(*county_report_args(w)), None),
    ]
    load = os.getloadavg()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(f"{NAME} ({CITY}), {w.year}: best of {REPEATS} runs, wall time, writer only\n")
    print(f"{'document':<22} {'first':>8} {'best':>8} {'target':>8} {'size':>9}")
    for name, build, target in documents:
        first, t, data = timed(build)
        goal = "—" if target is None else f"{target:.1f}s"
        verdict = "" if target is None else "met" if t < target else "MISSED"
        print(
            f"{name:<22} {first:>7.2f}s {t:>7.2f}s {goal:>8} {len(data) / 1024:>7.0f}KB  {verdict}"
        )
    print(
        "\nfirst: the first build in this process (the quality report's includes loading"
        " matplotlib and its fonts); best: the best of all runs, the figure against the target"
    )


if __name__ == "__main__":
    main()
