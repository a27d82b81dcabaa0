"""Who may see and attach an indicator's evidence: `evidence.access`, for every role."""

from __future__ import annotations

import pytest
from django.http import Http404

from qcounty.web.evidence import access
from qcounty.web.reporting import access as reporting
from tests.web.conftest import World


def _indicator_of(world: World, key: str) -> int:
    found = reporting.indicator_of_key(world.campaign.framework, key)
    assert found is not None
    return found.number


def test_the_clerk_of_the_department_attaches_to_its_indicator(world: World) -> None:
    number = _indicator_of(world, "i17.metrologists")  # 区市场监管局's
    assert access.can_attach(world.market_clerk, world.application, number)
    access.require_visible(world.market_clerk, world.application, number)


def test_another_departments_clerk_neither_attaches_nor_sees_it(world: World) -> None:
    number = _indicator_of(world, "i17.metrologists")
    assert not access.can_attach(world.statistics_clerk, world.application, number)
    with pytest.raises(Http404):
        access.require_visible(world.statistics_clerk, world.application, number)


def test_the_county_office_attaches_to_any_indicator(world: World) -> None:
    number = _indicator_of(world, "i17.metrologists")
    assert access.can_attach(world.office, world.application, number)


def test_the_province_sees_but_does_not_attach(world: World) -> None:
    number = _indicator_of(world, "i17.metrologists")
    assert not access.can_attach(world.evaluator, world.application, number)
    access.require_visible(world.evaluator, world.application, number)


def test_an_indicator_the_framework_does_not_have(world: World) -> None:
    assert not access.can_attach(world.office, world.application, 999)
    with pytest.raises(Http404):
        access.require_visible(world.office, world.application, 999)
