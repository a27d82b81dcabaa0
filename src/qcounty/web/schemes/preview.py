"""Score a small synthetic cohort under a scheme, to see it work before it is published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from qcounty.core.cohort import parse_cohort
from qcounty.core.framework.model import Framework
from qcounty.core.results import STATUS_ZH, Status
from qcounty.core.scoring import score_cohort
from qcounty.core.synth import generate_cohort

UNITS = 12


@dataclass
class Preview:
    rows: list[dict[str, Any]]
    problem: str = ""  # why there is no preview ("" when there is one)


def preview(f: Framework, units: int = UNITS, seed: int = 1) -> Preview:
    """Return the totals, statuses, ranks and grades of `units` synthetic units."""
    try:
        cohort = parse_cohort(generate_cohort(f, counties=units, seed=seed), f)
        score = score_cohort(f, cohort)
    except Exception as e:  # the generator may not know an uploaded scheme's inputs
        return Preview(
            [],
            _("合成数据生成器暂不能为本评价体系生成参评单位（{error}），只显示体系概要。").format(
                error=type(e).__name__
            ),
        )
    rows = []
    for i, county in enumerate(score.counties):
        rows.append(
            {
                "name": county.city + county.name,
                "total": float(score.totals[i]),
                "status": STATUS_ZH[Status(str(score.status[i]))],
                "rank": int(score.ranks[i]) or None,
                "grade": str(score.grades[i]) if score.grades is not None else "",
            }
        )
    return Preview(sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, -r["total"])))
