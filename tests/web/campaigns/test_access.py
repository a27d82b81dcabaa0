"""Who opens applications: `campaigns.access`, for every role."""

from __future__ import annotations

import pytest

from qcounty.web.campaigns import access
from tests.web.conftest import World


def test_a_county_office_opens_for_its_own_county(world: World) -> None:
    assert access.county_to_open_for(world.office) == world.wendeng
    assert access.county_to_open_for(world.rongcheng_office) == world.rongcheng


@pytest.mark.parametrize("who", ["market_clerk", "evaluator", "admin"])
def test_nobody_else_opens_an_application(world: World, who: str) -> None:
    # a clerk belongs to a county too, and still opens nothing
    assert access.county_to_open_for(getattr(world, who)) is None
