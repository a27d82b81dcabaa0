"""Grades on the total (A/B/C/D, 优秀/良好/合格/不合格) and gates that force one."""

from __future__ import annotations

from typing import Any

import numpy as np

from qcounty.core.framework.model import Framework, Gate
from qcounty.core.framework.structure import GradeBand
from qcounty.core.messages import Message, fmt
from qcounty.core.rules.base import Array, Mask

Grades = np.ndarray[Any, np.dtype[np.str_]]


def band_text(band: GradeBand) -> str:
    """Return the band's range in words ("90分及以上"), the scheme's own if it gives them."""
    if band.label:
        return band.label
    return f"{fmt(band.at_least)}分及以上" if band.at_least is not None else "其余"


def grade_of(bands: list[GradeBand], total: float) -> str:
    """Return the grade of a total already rounded as the scheme shows it."""
    for band in bands:
        if band.at_least is None or total >= band.at_least - 1e-9:
            return band.grade
    return ""  # only when the last band has a bound above the total


def forcing_gate(f: Framework, gate_passed: dict[str, Mask], i: int) -> Gate | None:
    """Return the failed gate that decides county i's grade (the one forcing the lowest)."""
    order = {b.grade: k for k, b in enumerate(f.grades)}
    failed = [g for g in f.gates if g.forces_grade and not gate_passed[g.id][i]]
    return max(failed, key=lambda g: order[g.forces_grade or ""], default=None)


def grade_cohort(
    f: Framework, totals: Array, eligible: Mask, gate_passed: dict[str, Mask], decimals: int
) -> Grades:
    """Return every county's grade ('' where the scheme has no grades or none is given)."""
    out = np.full(len(totals), "", dtype="<U16")
    if not f.grades:
        return out
    rounded = np.round(totals, decimals)
    for i in range(len(totals)):
        gate = forcing_gate(f, gate_passed, i)
        if gate is not None:
            out[i] = gate.forces_grade or ""
        elif eligible[i]:
            out[i] = grade_of(f.grades, float(rounded[i]))
    return out


def grade_notes(
    f: Framework, grade: str, total: float, gate_passed: dict[str, Mask], i: int
) -> list[Message]:
    """Return why county i has its grade, or why it has none."""
    if not f.grades:
        return []
    gate = forcing_gate(f, gate_passed, i)
    if gate is not None:
        params = {"gate": gate.name, "consequence": gate.consequence.rstrip("。"), "grade": grade}
        return [Message("grade.forced", params)]
    if not grade:
        failed = next((g.name for g in f.gates if not gate_passed[g.id][i]), "")
        return [Message("grade.none", {"gate": failed})]
    band = next(b for b in f.grades if b.grade == grade)
    return [Message("grade.band", {"total": fmt(total), "band": band_text(band), "grade": grade})]
