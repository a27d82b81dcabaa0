"""Only the province's administrator and evaluators reach the scheme library."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.schemes import access
from tests.web.conftest import World

PAGES = [
    reverse("schemes:index"),
    reverse("schemes:upload"),
    reverse("schemes:diff"),
    reverse("schemes:version", args=["anhui-quality-work-2014", "2014"]),
    reverse("schemes:preview", args=["anhui-quality-work-2014", "2014"]),
]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", True),
        ("evaluator", True),
        ("expert", False),
        ("county_office", False),
        ("clerk", False),
    ],
)
def test_only_the_province_administrator_and_evaluators_may_use_the_library(
    role: str, allowed: bool
) -> None:
    user = User(role=role)
    assert access.can_use(user) is allowed


def test_an_anonymous_user_may_not_use_the_library() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert access.can_use(AnonymousUser()) is False  # type: ignore[arg-type]


@pytest.mark.parametrize("who", ["office", "market_clerk"])
def test_county_roles_get_404_on_every_library_page(
    world: World, login: Callable[[User], Client], who: str
) -> None:
    client = login(getattr(world, who))
    for url in PAGES:
        assert client.get(url).status_code == 404, url


def test_an_expert_gets_404(world: World, login: Callable[[User], Client]) -> None:
    expert = User.objects.create(username="expert", role="expert", organisation=world.province)
    client = login(expert)
    assert client.get(reverse("schemes:index")).status_code == 404


@pytest.mark.parametrize("who", ["admin", "evaluator"])
def test_the_province_opens_every_library_page(
    world: World, login: Callable[[User], Client], who: str
) -> None:
    client = login(getattr(world, who))
    for url in PAGES:
        assert client.get(url).status_code == 200, url


def test_a_county_cannot_publish_or_delete(world: World, login: Callable[[User], Client]) -> None:
    from qcounty.web.schemes.actions import upload_scheme
    from tests.web.schemes.conftest import anhui

    row = upload_scheme(world.evaluator, anhui())
    client = login(world.office)
    assert client.post(reverse("schemes:publish", args=[row.pk])).status_code == 404
    assert client.post(reverse("schemes:delete", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.status == "draft"
