"""Synthetic units for a scheme with bonus and deduction blocks look like real ones.

Before: every count was drawn around 5–25, so every synthetic 市（区） of Taizhou's scheme had
accidents and false reports enough to lose every deduction clause in full (扣分项 -3.00 for
all) and awards enough to hit the bonus cap (加分项 5.00 for all).
"""

from __future__ import annotations

from qcounty.core import load_framework
from qcounty.core.cohort import parse_cohort
from qcounty.core.scoring import score_cohort
from qcounty.core.synth_generic import generate_units

FAILURES = ("i10.accidents", "i15.false_reports", "i16.criticised")


def test_failures_are_rare_and_the_blocks_spread() -> None:
    f = load_framework("taizhou-quality-city-2011")
    data = generate_units(f, 60, seed=7)
    values = [c["values"] for c in data["counties"]]
    for key in FAILURES:
        zero = sum(v[key] == 0 for v in values)
        assert zero >= 30, (key, zero)  # most units report none
        assert max(v[key] for v in values) <= 6, key
    result = score_cohort(f, parse_cohort(data, f))
    rows = [result.county(i) for i in range(60)]
    deductions = [r.deduction for r in rows]
    bonuses = [r.bonus for r in rows]
    assert sum(d == 0 for d in deductions) >= 20 and max(deductions) > 0
    assert sum(b < 5 for b in bonuses) >= 30 and max(bonuses) > 0
