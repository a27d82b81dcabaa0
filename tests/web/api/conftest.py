"""Fixtures of the API tests: tokens of every role of the web tests' world, and a client
that sends one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from qcounty.web.accounts.models import User
from qcounty.web.api import actions
from qcounty.web.organisations.models import Organisation
from tests.web.conftest import World

# the evaluation tests' hand-computed cohort and its snapshot (test_evaluation)
from tests.web.evaluation.conftest import (  # noqa: F401 -- fixtures
    _fresh_snapshot_cache,
    _immediate_tasks,
    cohort,
    snapshot,
)

Role = User.Role
BASE = "/api/v1"


class Api:
    """A test client that sends a token with every request (or none)."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(BASE + path, params, headers=self.headers)

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(
            BASE + path, body, content_type="application/json", headers=self.headers
        )

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            BASE + path, body, content_type="application/json", headers=self.headers
        )

    def upload(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(BASE + path, data, headers=self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(BASE + path, headers=self.headers)


@pytest.fixture
def make_token(world: World) -> Callable[..., tuple[Any, Api]]:
    """Return a function that creates a token (write scope by default) and its client."""

    def make(
        organisation: Organisation, role: str, scope: str = "write", days: int = 30
    ) -> tuple[Any, Api]:
        created = actions.create_token(
            world.admin,
            f"{organisation.name}-{role}-{scope}",
            organisation,
            role,
            scope,
            timezone.now() + dt.timedelta(days=days),
        )
        return created.token, Api(created.secret)

    return make


@pytest.fixture
def tokens(world: World, make_token: Callable[..., tuple[Any, Api]]) -> dict[str, Api]:
    """Return a client per role of the world, each with a read-write token."""
    return {
        "office": make_token(world.wendeng, Role.COUNTY_OFFICE)[1],
        "market_clerk": make_token(world.market_dept, Role.CLERK)[1],
        "statistics_clerk": make_token(world.statistics_dept, Role.CLERK)[1],
        "rongcheng_office": make_token(world.rongcheng, Role.COUNTY_OFFICE)[1],
        "evaluator": make_token(world.province, Role.EVALUATOR)[1],
        "expert": make_token(world.province, Role.EXPERT)[1],
    }
