"""Which claims of an application carry evidence, as the core's coverage check reads it.

A file attached to an indicator backs the indicator as a whole; a file attached to a record
backs that record. The core numbers records by their place in the list it checks (the claims,
or the values after the province's decisions), so a record is found there by its data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from qcounty.core.plausibility.coverage import Evidenced
from qcounty.web.evidence.models import Evidence


class Row(NamedTuple):
    """One evidence file of an application, as the checks read it."""

    application_id: int
    indicator: int
    record_id: int | None
    record__key: str | None
    record__data: Any
    sha256: str


FIELDS = Row._fields


def evidence_rows(ids: Iterable[int]) -> dict[int, list[Row]]:
    """Return application id → its evidence files (one query)."""
    wanted = list(ids)
    out: dict[int, list[Row]] = {i: [] for i in wanted}
    rows = Evidence.objects.filter(application_id__in=wanted).order_by("id").values_list(*FIELDS)
    for row in rows:
        out[row[0]].append(Row(*row))
    return out


def evidenced(values: dict[str, Any], rows: Iterable[Row]) -> Evidenced:
    """Return which indicators and records of `values` (as `values_of` gives them) have a file."""
    indicators: set[int] = set()
    records: set[tuple[str, int]] = set()
    seen: set[int] = set()
    for row in rows:
        if row.record_id is None or row.record__key is None:
            indicators.add(row.indicator)
            continue
        if row.record_id in seen:
            continue  # a second file of the same record
        seen.add(row.record_id)
        listed = values.get(row.record__key)
        for n, data in enumerate(listed if isinstance(listed, list) else [], start=1):
            if (row.record__key, n) not in records and data == row.record__data:
                records.add((row.record__key, n))
                break
    return Evidenced(frozenset(indicators), frozenset(records))


def state_of(rows: Iterable[Row]) -> tuple[tuple[int, int, int], ...]:
    """Return what a cache of the checks must key on: which files back what."""
    return tuple(sorted((r.application_id, r.indicator, r.record_id or 0) for r in rows))
