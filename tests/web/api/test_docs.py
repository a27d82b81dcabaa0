"""docs/api.md and the OpenAPI document describe the same operations, and its client examples
run against the application; the browsable docs need nothing from the internet and hold to
the site's Content-Security-Policy."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.test import Client
from django.utils import timezone

from qcounty.web.accounts.models import User
from qcounty.web.api import actions
from tests.web.api.wsgi import InTransaction
from tests.web.conftest import World, framework

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "api.md"
LISTED = re.compile(r"`(GET|PUT|POST|DELETE|PATCH) (/api/v1/[^`\s]*)`")


def documented(client: Client) -> set[tuple[str, str]]:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    return {(method.upper(), path) for path, ops in paths.items() for method in ops}


def test_docs_api_md_lists_exactly_the_operations_of_the_openapi_document(
    client: Client, db: None
) -> None:
    listed = set(LISTED.findall(DOC.read_text(encoding="utf-8")))
    operations = documented(client)
    assert len(operations) > 20
    assert operations - listed == set(), "add these to docs/api.md"
    assert listed - operations == set(), "docs/api.md lists operations that do not exist"


def test_the_browsable_docs_load_only_the_sites_own_assets(client: Client, db: None) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    assert "<script>" not in html.replace('<script type="application/json"', "")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def examples() -> list[str]:
    """Return the Python blocks of docs/api.md, in order."""
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.fixture
def local_httpx(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """Make httpx.Client talk to this application (in the test's transaction), at the
    example's address."""
    settings.ALLOWED_HOSTS = ["qcounty.example.gov.cn"]

    class Local(httpx.Client):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, transport=httpx.WSGITransport(app=InTransaction()), **kwargs)

    monkeypatch.setattr(httpx, "Client", Local)


def test_the_client_example_reads_the_scheme_and_a_countys_self_assessment(
    world: World, local_httpx: None, capsys: pytest.CaptureFixture[str]
) -> None:
    created = actions.create_token(
        world.admin, "example", world.wendeng, User.Role.COUNTY_OFFICE, "read", later()
    )
    code = examples()[0].replace('TOKEN = "qct_…"', f'TOKEN = "{created.secret}"')
    exec(compile(code, "docs/api.md", "exec"), {})
    out = capsys.readouterr().out
    lines = out.splitlines()
    first = framework().first_level
    assert lines[: len(first)] == [f"{f.name} {f.points}" for f in first]
    # nothing reported yet: the core scores 0 and, the veto questions unanswered, "vetoed"
    assert lines[len(first)] == "文登区 vetoed 0.0"
    # then an indicator a line where points are lost, with the core's first reason
    assert lines[len(first) + 1].startswith("1. ")


def test_the_write_example_saves_and_reports_a_conflict(
    world: World, local_httpx: None, capsys: pytest.CaptureFixture[str]
) -> None:
    created = actions.create_token(
        world.admin, "example", world.wendeng, User.Role.COUNTY_OFFICE, "write", later()
    )
    namespace: dict[str, Any] = {"httpx": httpx}
    exec(compile(examples()[1], "docs/api.md", "exec"), namespace)
    headers = {"Authorization": f"Bearer {created.secret}"}
    with httpx.Client(base_url="https://qcounty.example.gov.cn/api/v1", headers=headers) as api:
        saved = namespace["save"](api, world.application.pk, "i17.metrologists", 12)
        assert (saved["value"], saved["version"]) == (12, 1)
        refused = namespace["save"](api, world.application.pk, "i17.metrologists", "十二")
        assert refused["code"] == "invalid"
    assert "refused: “注册计量师数量”" in capsys.readouterr().out


def later() -> Any:
    return timezone.now() + dt.timedelta(days=1)


def test_the_feed_example_pushes_figures_once_and_shows_a_refusal(
    world: World, local_httpx: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from qcounty.web.statfeed.models import FeedBatch, OfficialFigure

    created = actions.create_token(
        world.admin, "feed", world.province, User.Role.EVALUATOR, "write", later()
    )
    namespace: dict[str, Any] = {"httpx": httpx}
    exec(compile(examples()[2], "docs/api.md", "exec"), namespace)
    headers = {"Authorization": f"Bearer {created.secret}"}
    figures = [("文登区", "当地常住人口", 382_000), ("荣成市", "i30.resident_population", 383_000)]
    with httpx.Client(base_url="https://qcounty.example.gov.cn/api/v1", headers=headers) as api:
        first = namespace["push_feed"](api, world.campaign.pk, figures)
        again = namespace["push_feed"](api, world.campaign.pk, figures)
        # an unknown county and a value that is not a number: both named, nothing written
        wrong = [("文登区", "当地常住人口", 390_000), ("不存在县", "当地常住人口", 1)]
        refused = namespace["push_feed"](api, world.campaign.pk, wrong)
    assert (first["created"], first["changed"], again["repeated"]) == (2, 0, True)
    assert refused["code"] == "feed_refused" and len(refused["errors"]) >= 1
    assert FeedBatch.objects.get().origin == FeedBatch.Origin.API
    assert OfficialFigure.objects.get(county=world.wendeng).value == 382_000  # not 390,000
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"batch {first['batch_id']}: 2 new, 0 changed"
    assert out[1] == "the same figures are there already: nothing written"
    assert out[2].startswith("refused: ") and "不存在县" in out[2]


def test_a_county_token_cannot_feed_statistics(world: World, client: Client) -> None:
    created = actions.create_token(
        world.admin, "county", world.wendeng, User.Role.COUNTY_OFFICE, "write", later()
    )
    body = {"source": "x", "rows": [{"county": "文登区", "input": "当地常住人口", "value": 1}]}
    answer = client.post(
        f"/api/v1/campaigns/{world.campaign.pk}/feeds",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {created.secret}",
    )
    assert answer.status_code == 404
