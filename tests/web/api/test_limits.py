"""Limits per token: a rate (429 with Retry-After, in Chinese), pages of at most 100 items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from qcounty.web.accounts.models import User
from qcounty.web.api.models import TokenUse
from tests.web.api.conftest import Api
from tests.web.conftest import World


def test_a_token_past_its_rate_is_told_when_to_come_back(
    world: World, make_token: Callable[..., Any], settings: Any
) -> None:
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW_SECONDS = 60
    token, api = make_token(world.wendeng, User.Role.COUNTY_OFFICE)
    _other, other = make_token(world.rongcheng, User.Role.COUNTY_OFFICE)
    assert [api.get("/campaigns").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/campaigns")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited" and "请求过于频繁" in refused.json()["message"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    # the limit is the token's: another token is served
    assert other.get("/campaigns").status_code == 200
    # refused requests do not count: once the window has passed, the token is served again
    earlier = timezone.now() - dt.timedelta(seconds=61)
    _age(token, earlier)
    assert api.get("/campaigns").status_code == 200


def _age(token: Any, when: dt.datetime) -> None:
    """Move the token's uses back in time (the table refuses updates: raw SQL in the test)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TokenUse._meta.db_table} SET at = %s WHERE token_id = %s", [when, token.pk]
        )


def test_every_list_is_paginated_at_most_100_a_page(world: World, tokens: dict[str, Api]) -> None:
    api = tokens["office"]
    path = f"/applications/{world.application.pk}/values"
    first = api.get(path, limit=100).json()
    assert first["count"] > 100 and len(first["items"]) == 100
    rest = api.get(path, limit=100, offset=100).json()
    assert len(rest["items"]) == first["count"] - 100
    assert {v["key"] for v in first["items"]}.isdisjoint(v["key"] for v in rest["items"])
    too_many = api.get(path, limit=101)
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0] == {"field": "limit", "message": "数值过大"}


def test_a_query_parameter_the_operation_does_not_take_is_refused(
    world: World, tokens: dict[str, Api]
) -> None:
    # a misspelt filter would otherwise return the whole list as if it were the filtered one
    response = tokens["office"].get("/applications", campagin=3)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "campagin", "message": "不支持的查询参数"}]
    assert tokens["office"].get("/applications", campaign=world.campaign.pk).status_code == 200
