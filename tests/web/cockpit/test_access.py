"""Who may use the cockpit: every question of `cockpit.access`, for every role."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from qcounty.web.accounts.models import User
from qcounty.web.cockpit import access
from tests.web.conftest import World

Role = User.Role


def _expert(world: World) -> User:
    return User.objects.create_user(
        "expert-1", password="x", role=Role.EXPERT, organisation=world.province
    )


@pytest.mark.parametrize(
    ("who", "cockpit", "dashboard"),
    [
        ("office", True, True),
        ("admin", True, True),
        ("evaluator", True, False),
        ("market_clerk", False, False),
    ],
)
def test_each_role_has_the_cockpit_and_the_dashboard_or_not(
    world: World, who: str, cockpit: bool, dashboard: bool
) -> None:
    user = getattr(world, who)
    assert access.may_use_cockpit(user) is cockpit
    assert access.may_see_dashboard(user) is dashboard


def test_an_expert_has_neither(world: World) -> None:
    expert = _expert(world)
    assert not access.may_use_cockpit(expert) and not access.may_see_dashboard(expert)


def test_the_county_office_gets_its_application_for_both_pages(world: World) -> None:
    pk = world.application.pk
    assert access.get_application_for_cockpit(world.office, pk) == world.application
    assert access.get_application_for_dashboard(world.office, pk) == world.application


def test_another_countys_application_is_not_found(world: World) -> None:
    with pytest.raises(Http404):
        access.get_application_for_cockpit(world.rongcheng_office, world.application.pk)
    with pytest.raises(Http404):
        access.get_application_for_dashboard(world.rongcheng_office, world.application.pk)


def test_a_clerk_sees_the_application_but_not_its_cockpit(world: World) -> None:
    with pytest.raises(PermissionDenied):
        access.get_application_for_cockpit(world.market_clerk, world.application.pk)


@pytest.mark.parametrize(
    ("who", "county", "answer"),
    [
        ("office", "wendeng", None),
        ("office", "rongcheng", Http404),
        ("market_clerk", "wendeng", PermissionDenied),
        ("market_clerk", "rongcheng", Http404),
        ("evaluator", "rongcheng", None),
        ("admin", "wendeng", None),
    ],
)
def test_the_years_of_a_county(world: World, who: str, county: str, answer: type | None) -> None:
    user, organisation = getattr(world, who), getattr(world, county)
    if answer is None:
        access.require_county_history(user, organisation)
    else:
        with pytest.raises(answer):
            access.require_county_history(user, organisation)


def test_an_expert_may_not_see_the_years(world: World) -> None:
    with pytest.raises(PermissionDenied):
        access.require_county_history(_expert(world), world.wendeng)
