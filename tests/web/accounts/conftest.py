"""Fixtures of the account tests: users with a known password, and a login by the form."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from tests.web.conftest import World

PASSWORD = "Wendeng-2023-right"
SignIn = Callable[..., HttpResponse]


@pytest.fixture
def office(world: World) -> User:
    """文登区's county office, with the password PASSWORD."""
    world.office.set_password(PASSWORD)
    world.office.save()
    return world.office


@pytest.fixture
def sign_in() -> SignIn:
    """Return a function that posts the login form, from an address, with a client."""

    def post(
        username: str, password: str, address: str = "10.1.1.1", client: Client | None = None
    ) -> HttpResponse:
        return (client or Client()).post(
            reverse("accounts:login"),
            {"username": username, "password": password},
            REMOTE_ADDR=address,
        )

    return post
