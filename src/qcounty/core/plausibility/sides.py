"""Cross-county duplicates side by side: which records of another county claim the same thing."""

from __future__ import annotations

from typing import Any

from qcounty.core.framework.model import Framework
from qcounty.core.plausibility.flags import matches, normalise


def same_claim_places(
    framework: Framework, key: str, record: dict[str, Any], others: list[dict[str, Any]]
) -> list[int]:
    """Return the 1-based places in `others` of the records claiming what `record` claims.

    The identity is the one `same_claim` flags by: the normalised fields of a `unique`
    declaration of the list whose filters both records pass.
    """
    found: set[int] = set()
    for u in framework.plausibility.unique:
        if u.records != key or not matches(record, u.where):
            continue
        mine = "|".join(normalise(record.get(f)) for f in u.fields)
        if not mine.strip("|"):
            continue
        for n, other in enumerate(others, start=1):
            if (
                matches(other, u.where)
                and "|".join(normalise(other.get(f)) for f in u.fields) == mine
            ):
                found.add(n)
    return sorted(found)
