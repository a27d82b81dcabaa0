"""Compare two rankings of a cohort (figures.ranking): who moves, who enters or leaves the titles.

The published 公示 list shows each listed county's rank and total: it is out of date when the
titles change, and also when a county on it (before or after) has another rank or total.
"""

from __future__ import annotations

import math
from typing import Any

TOLERANCE = 0.005  # half of the 0.01 a list shows: a smaller change is not a change


def compare(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Return the counties whose total or rank changed, and those entering or leaving the list."""
    old = {r["application_id"]: r for r in before["rows"]}
    new = {r["application_id"]: r for r in after["rows"]}
    changed = []
    for application_id, n in new.items():
        o = old.get(application_id)
        if o is None:
            continue
        moved = o["rank"] != n["rank"]
        total_changed = not math.isclose(o["total"], n["total"], abs_tol=TOLERANCE)
        if moved or total_changed or o["selected"] != n["selected"]:
            changed.append(
                {
                    "application_id": application_id,
                    "county": n["city"] + n["county"],
                    "old_total": o["total"],
                    "new_total": n["total"],
                    "old_rank": o["rank"],
                    "new_rank": n["rank"],
                    "old_selected": o["selected"],
                    "new_selected": n["selected"],
                }
            )
    changed.sort(key=lambda r: (r["new_rank"] or math.inf, r["county"]))
    was = {a for a, r in old.items() if r["selected"]}
    now = {a for a, r in new.items() if r["selected"]}
    return {
        "changed": changed,
        "enter": sorted(new[a]["city"] + new[a]["county"] for a in now - was),
        "leave": sorted(old[a]["city"] + old[a]["county"] for a in was - now),
        "titles_changed": was != now,
        "list_changed": was != now or any(r["old_selected"] or r["new_selected"] for r in changed),
    }
