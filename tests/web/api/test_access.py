"""What each role's token may read and change: the web's rules, through the API.

A county's token never sees another county; a clerk's sees and changes its department's
indicators only; the province sees an application once submitted and changes no value; a
read-only scope never writes (test_tokens); nothing a token does exceeds its role.
"""

from __future__ import annotations

from typing import Any

import pytest

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting import access
from qcounty.web.reporting.models import InputValue
from tests.web.api.conftest import Api
from tests.web.conftest import World, framework

Status = Application.Status


def ids(page: Any) -> list[int]:
    return sorted(item["id"] for item in page.json()["items"])


def every_item(api: Api, path: str) -> list[dict[str, Any]]:
    """Return every item of a list, page by page."""
    items: list[dict[str, Any]] = []
    while True:
        body = api.get(path, limit=100, offset=len(items)).json()
        items += body["items"]
        if len(items) >= body["count"] or not body["items"]:
            return items


def test_each_roles_token_lists_the_applications_its_role_sees(
    world: World, tokens: dict[str, Api]
) -> None:
    mine, other = world.application.pk, world.other_application.pk
    Application.objects.filter(pk=other).update(status=Status.SUBMITTED)
    seen = {who: ids(api.get("/applications")) for who, api in tokens.items()}
    assert seen == {
        "office": [mine],
        "market_clerk": [mine],
        "statistics_clerk": [mine],
        "rongcheng_office": [other],
        # the province sees what the counties have submitted, never a draft
        "evaluator": [other],
        "expert": [other],
    }


def test_the_list_of_applications_agrees_with_can_view_for_every_role(world: World) -> None:
    Application.objects.filter(pk=world.other_application.pk).update(status=Status.SUBMITTED)
    users = [world.admin, world.evaluator, world.office, world.market_clerk, world.rongcheng_clerk]
    for user in users:
        listed = set(access.visible_applications(user).values_list("pk", flat=True))
        viewable = {a.pk for a in access.applications() if access.can_view(user, a)}
        assert listed == viewable, user.role


@pytest.mark.parametrize(
    "path",
    ["", "/values", "/records", "/self-assessment", "/selfcheck", "/evidence", "/published-scores"],
)
def test_a_countys_token_never_reads_another_county(
    world: World, tokens: dict[str, Api], path: str
) -> None:
    response = tokens["office"].get(f"/applications/{world.other_application.pk}{path}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "荣成" not in response.content.decode()


def test_a_countys_token_never_writes_another_county(world: World, tokens: dict[str, Api]) -> None:
    other = world.other_application.pk
    responses = [
        tokens["office"].put(f"/applications/{other}/values/i17.metrologists", {"value": 3}),
        tokens["office"].post(
            f"/applications/{other}/records", {"key": "i24.trainings", "data": {}}
        ),
    ]
    assert [r.status_code for r in responses] == [404, 404]
    assert not InputValue.objects.exists()


def test_a_clerks_token_sees_only_its_departments_indicators(
    world: World, tokens: dict[str, Api]
) -> None:
    fw = framework()
    units = {"statistics_clerk": "statistics", "market_clerk": "market_supervision"}
    for who, unit in units.items():
        items = every_item(tokens[who], f"/applications/{world.application.pk}/values")
        indicators = {v["indicator"] for v in items if v["indicator"]}
        assert indicators == {i.number for i in fw.indicators() if unit in i.units}, who
    office = every_item(tokens["office"], f"/applications/{world.application.pk}/values")
    assert len(office) == len(fw.inputs())


def test_a_clerks_token_changes_its_departments_input_but_not_anothers(
    world: World, tokens: dict[str, Api]
) -> None:
    a = world.application.pk
    ok = tokens["statistics_clerk"].put(f"/applications/{a}/values/i31.rd_share", {"value": 2.5})
    assert ok.status_code == 200, ok.json()
    refused = tokens["statistics_clerk"].put(
        f"/applications/{a}/values/i17.metrologists", {"value": 9}
    )
    assert refused.status_code == 404
    assert list(InputValue.objects.values_list("key", "value")) == [("i31.rd_share", 2.5)]


def test_the_provinces_tokens_change_no_value_of_a_submitted_application(
    world: World, tokens: dict[str, Api]
) -> None:
    Application.objects.filter(pk=world.application.pk).update(status=Status.SUBMITTED)
    for who in ("evaluator", "expert", "office"):
        response = tokens[who].put(
            f"/applications/{world.application.pk}/values/i17.metrologists", {"value": 3}
        )
        assert response.status_code == 403, who
        assert response.json()["code"] == "forbidden"
        assert "不能由您修改" in response.json()["message"]
    assert not InputValue.objects.exists()


def test_the_province_reads_the_evaluation_and_a_county_does_not(
    world: World, tokens: dict[str, Api]
) -> None:
    for path in ("/snapshots", "/publications"):
        assert tokens["evaluator"].get(path).status_code == 200
        assert tokens["office"].get(path).status_code == 404
        assert tokens["market_clerk"].get(path).status_code == 404


def test_the_selfcheck_is_the_countys_and_not_the_provinces(
    world: World, tokens: dict[str, Api]
) -> None:
    a = world.application.pk
    Application.objects.filter(pk=a).update(status=Status.SUBMITTED)
    assert tokens["office"].get(f"/applications/{a}/selfcheck").status_code == 200
    assert tokens["evaluator"].get(f"/applications/{a}/selfcheck").status_code == 404


def test_every_role_reads_the_schemes_and_campaigns(world: World, tokens: dict[str, Api]) -> None:
    for who, api in tokens.items():
        ids = [s["id"] for s in api.get("/schemes").json()["items"]]
        assert "shandong-county-2022" in ids, who  # beside the other bundled schemes
        assert api.get("/campaigns").json()["count"] == 1, who


def test_a_user_account_is_not_a_token(world: World) -> None:
    # a signed-in browser session does not open the API: only a token does
    api = Api(None)
    api.client.force_login(world.admin)
    assert api.get("/campaigns").status_code == 401
    assert User.objects.filter(api_token__isnull=False).count() == 0


# (organisation, role, scope) → the answer to saving i17.metrologists (market supervision's)
# of 文登区's application in draft, and to reading its values
MATRIX = [
    ("wendeng", "county_office", "write", 200, 200),
    ("wendeng", "county_office", "read", 403, 200),
    ("market_dept", "clerk", "write", 200, 200),
    ("market_dept", "clerk", "read", 403, 200),
    ("statistics_dept", "clerk", "write", 404, 200),  # another department's input: not seen
    ("rongcheng", "county_office", "write", 404, 404),  # another county
    ("rongcheng_dept", "clerk", "write", 404, 404),
    ("province", "evaluator", "write", 404, 404),  # a draft: the province does not see it
    ("province", "expert", "write", 404, 404),
]


@pytest.mark.parametrize(("organisation", "role", "scope", "write", "read"), MATRIX)
def test_the_access_matrix_of_token_scopes_and_roles(
    world: World,
    make_token: Any,
    organisation: str,
    role: str,
    scope: str,
    write: int,
    read: int,
) -> None:
    _token, api = make_token(getattr(world, organisation), role, scope)
    a = world.application.pk
    assert api.get(f"/applications/{a}/values", key="i17.metrologists").status_code == read
    assert api.put(f"/applications/{a}/values/i17.metrologists", {"value": 4}).status_code == write
    saved = InputValue.objects.filter(key="i17.metrologists").values_list("value", flat=True)
    assert list(saved) == ([4] if write == 200 else [])
