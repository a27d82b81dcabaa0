"""A county outside the comparison group (ineligible, vetoed) is placed against the group's bounds."""

from __future__ import annotations

import numpy as np
import pytest

from qcounty.core.efficacy import PartStatus, efficacy_part
from qcounty.core.framework.policies import EcZeroRange, Policies


def _part(x, group, zero_range=EcZeroRange.FULL):
    return efficacy_part(
        np.array(x, dtype=float),
        group=np.array(group),
        group_ids=np.zeros(len(x), dtype=np.int64),
        policies=Policies(ec_zero_range=zero_range),
    )


def test_outside_the_group_d_is_clipped_to_60_and_100():
    # group {10, 20}: an ineligible 25 would be d = 60 + 40 × 15/10 = 120 → 100; 5 → 40 → 60
    r = _part([10, 20, 25, 5], [True, True, False, False])
    assert r.d.tolist() == pytest.approx([60, 100, 100, 60])
    assert PartStatus(int(r.status[2])) is PartStatus.OUTSIDE_GROUP


@pytest.mark.parametrize("zero_range", list(EcZeroRange))
def test_against_a_group_of_equal_values_above_is_100_below_is_60_equal_follows_the_policy(
    zero_range,
):
    # the group is one county at 2.36 (x_h = x_s = 2.36); ineligible counties at 3, 1 and 2.36
    r = _part([2.36, 3.0, 1.0, 2.36], [True, False, False, False], zero_range)
    level = 100.0 if zero_range is EcZeroRange.FULL else 60.0
    assert r.d.tolist() == pytest.approx([level, 100, 60, level])


def test_joining_the_group_never_lowers_a_countys_d():
    """Passing the prerequisite must not cost points: below the group's minimum is 60 either way."""
    outside = _part([2.36, 4.0, 2.0], [True, True, False])
    inside = _part([2.36, 4.0, 2.0], [True, True, True])
    assert outside.d[2] == 60.0 and inside.d[2] == 60.0
