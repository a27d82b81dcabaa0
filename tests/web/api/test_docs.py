"""docs/api.md and the OpenAPI document describe the same operations; the browsable docs
need nothing from the internet and hold to the site's Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

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
