"""Machine tokens: created by the administrator for an organisation and a role, shown once,
stored hashed, refused once expired or revoked, every use recorded."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qcounty.web.accounts.models import User
from qcounty.web.api import actions
from qcounty.web.api.models import ApiToken, TokenUse
from tests.web.api.conftest import Api
from tests.web.conftest import World

Role = User.Role


def later(days: int = 30) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def test_a_token_is_stored_as_the_sha256_of_its_secret_and_never_in_clear(world: World) -> None:
    created = actions.create_token(
        world.admin, "省大数据平台", world.province, Role.EVALUATOR, "read", later()
    )
    token = ApiToken.objects.get(pk=created.token.pk)
    assert created.secret.startswith("qct_") and len(created.secret) > 40
    assert token.digest == hashlib.sha256(created.secret.encode()).hexdigest()
    assert created.secret not in {str(v) for v in ApiToken.objects.values().get().values()}
    assert created.secret.startswith(token.prefix) and len(token.prefix) < 12


def test_a_tokens_account_has_its_role_and_organisation_but_never_signs_in(
    world: World, client: Client
) -> None:
    created = actions.create_token(
        world.admin, "文登区系统", world.wendeng, Role.COUNTY_OFFICE, "write", later()
    )
    user = created.token.user
    assert (user.role, user.organisation, user.is_active) == (
        Role.COUNTY_OFFICE,
        world.wendeng,
        False,
    )
    assert not user.has_usable_password()
    login = {"username": user.username, "password": created.secret}
    client.post(reverse("accounts:login"), login)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("role", "organisation", "message"),
    [
        (Role.COUNTY_OFFICE, "province", "角色与组织不匹配"),
        (Role.CLERK, "wendeng", "角色与组织不匹配"),
        (Role.EVALUATOR, "wendeng", "角色与组织不匹配"),
        (Role.ADMIN, "province", "角色与组织不匹配"),  # no token acts as the administrator
    ],
)
def test_a_token_whose_role_does_not_fit_its_organisation_is_refused(
    world: World, role: str, organisation: str, message: str
) -> None:
    with pytest.raises(actions.Refused, match=message):
        actions.create_token(world.admin, "x", getattr(world, organisation), role, "read", later())
    assert not ApiToken.objects.exists()


def test_only_the_administrator_creates_tokens_and_expiry_is_bounded(
    world: World, settings: Any
) -> None:
    with pytest.raises(actions.Refused, match="只有系统管理员"):
        actions.create_token(world.evaluator, "x", world.province, Role.EVALUATOR, "read", later())
    with pytest.raises(actions.Refused, match="晚于现在"):
        actions.create_token(world.admin, "x", world.province, Role.EVALUATOR, "read", later(-1))
    settings.API_TOKEN_MAX_DAYS = 10
    with pytest.raises(actions.Refused, match="最长 10 天"):
        actions.create_token(world.admin, "x", world.province, Role.EVALUATOR, "read", later(11))
    assert not ApiToken.objects.exists()


def test_a_request_without_a_valid_token_is_refused_in_chinese(world: World) -> None:
    for api in (Api(None), Api("qct_no-such-token")):
        response = api.get("/campaigns")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        body = response.json()
        assert body["code"] == "unauthorized" and "令牌" in body["message"]


def test_an_expired_token_is_refused(world: World, make_token: Callable[..., Any]) -> None:
    token, api = make_token(world.wendeng, Role.COUNTY_OFFICE)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    for response in (
        api.get("/campaigns"),
        api.put(f"/applications/{world.application.pk}/values/i17.metrologists", {"value": 3}),
    ):
        assert response.status_code == 401
        assert "已过期" in response.json()["message"]
    assert not world.application.values.exists()


def test_a_revoked_token_is_refused_at_once(world: World, make_token: Callable[..., Any]) -> None:
    token, api = make_token(world.wendeng, Role.COUNTY_OFFICE)
    assert api.get("/campaigns").status_code == 200
    assert actions.revoke_token(world.admin, token) is True
    assert actions.revoke_token(world.admin, token) is False  # once
    response = api.put(
        f"/applications/{world.application.pk}/values/i17.metrologists", {"value": 3}
    )
    assert response.status_code == 401
    assert "已被吊销" in response.json()["message"]
    assert not world.application.values.exists()


def test_a_read_only_token_reads_but_never_writes(
    world: World, make_token: Callable[..., Any]
) -> None:
    _token, api = make_token(world.wendeng, Role.COUNTY_OFFICE, "read")
    a = world.application.pk
    assert api.get(f"/applications/{a}/values").status_code == 200
    refused = [
        api.put(f"/applications/{a}/values/i17.metrologists", {"value": 3}),
        api.post(f"/applications/{a}/records", {"key": "i24.trainings", "data": {}}),
        api.delete(f"/applications/{a}/records/1"),
        api.post(f"/applications/{a}/selfcheck/notes", {"flag": "x|y|0", "text": "已核实"}),
    ]
    for response in refused:
        assert response.status_code == 403
        assert response.json()["code"] == "read_only"
        assert "只读" in response.json()["message"]
    assert not world.application.values.exists()


def test_every_use_of_a_token_is_recorded_with_its_answer(
    world: World, make_token: Callable[..., Any]
) -> None:
    token, api = make_token(world.wendeng, Role.COUNTY_OFFICE)
    api.get("/campaigns")
    api.get(f"/applications/{world.other_application.pk}")
    actions.revoke_token(world.admin, token)
    api.get("/campaigns")
    uses = list(
        TokenUse.objects.filter(token=token).order_by("id").values_list("method", "path", "status")
    )
    assert uses == [
        ("GET", "/api/v1/campaigns", 200),
        ("GET", f"/api/v1/applications/{world.other_application.pk}", 404),
        ("GET", "/api/v1/campaigns", 401),
    ]
    with pytest.raises(PermissionError):
        TokenUse.objects.filter(token=token).delete()


# --- the administrator's page ----------------------------------------------------------------


def test_the_administrator_creates_a_token_and_sees_its_secret_only_once(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.admin)
    url = reverse("tokens:index")
    form = {
        "name": "省政务数据共享交换平台",
        "organisation": world.province.pk,
        "role": Role.EVALUATOR,
        "scope": "read",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    html = client.post(url, form).content.decode()
    token = ApiToken.objects.get()
    secret = html.split('<code class="secret">')[1].split("</code>")[0]
    assert actions.digest_of(secret) == token.digest
    assert "只显示这一次" in html
    again = client.get(url).content.decode()
    assert secret not in again and token.prefix in again and "省政务数据共享交换平台" in again
    assert Api(secret).get("/campaigns").status_code == 200


def test_the_page_refuses_a_role_that_does_not_fit_and_creates_nothing(
    world: World, login: Callable[[User], Client]
) -> None:
    form = {
        "name": "x",
        "organisation": world.wendeng.pk,
        "role": Role.EVALUATOR,
        "scope": "write",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    html = login(world.admin).post(reverse("tokens:index"), form).content.decode()
    assert "角色与组织不匹配" in html
    assert not ApiToken.objects.exists()


def test_the_administrator_revokes_a_token_on_the_page(
    world: World, login: Callable[[User], Client], make_token: Callable[..., Any]
) -> None:
    token, api = make_token(world.wendeng, Role.COUNTY_OFFICE)
    client = login(world.admin)
    response = client.post(reverse("tokens:revoke", args=[token.pk]), follow=True)
    assert "已吊销" in response.content.decode()
    assert api.get("/campaigns").status_code == 401


@pytest.mark.parametrize("who", ["evaluator", "office", "market_clerk"])
def test_nobody_but_the_administrator_sees_or_uses_the_page(
    who: str, world: World, login: Callable[[User], Client], make_token: Callable[..., Any]
) -> None:
    token, api = make_token(world.wendeng, Role.COUNTY_OFFICE)
    client = login(getattr(world, who))
    assert client.get(reverse("tokens:index")).status_code == 404
    assert client.post(reverse("tokens:revoke", args=[token.pk])).status_code == 404
    assert api.get("/campaigns").status_code == 200
