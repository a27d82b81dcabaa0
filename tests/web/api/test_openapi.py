"""The OpenAPI document is valid, and every operation it describes holds to it: schemathesis
sends generated requests (valid and invalid) to each, with a read-write county token, and
checks that nothing answers 500 and every answer matches its documented status, content type
and schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import schemathesis
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance

from qcounty.web.accounts.models import User
from qcounty.web.api import actions
from tests.web.api.wsgi import InTransaction
from tests.web.conftest import World

load_all_checks()
DOCUMENT = "/api/v1/openapi.json"


def document(client: Client) -> dict[str, Any]:
    response = client.get(DOCUMENT)
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_the_openapi_document_is_valid_openapi(client: Client, db: None) -> None:
    doc = document(client)
    validate(doc)
    assert doc["info"]["version"] == "1"
    assert doc["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_every_operation_documents_its_refusals_and_needs_a_token(client: Client, db: None) -> None:
    for path, operations in document(client)["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404", "422", "429"} <= codes, (method, path)
            if method != "get":
                assert "409" in codes, (method, path)
            assert operation["security"] == [{"TokenAuth": []}], (method, path)


@pytest.fixture
def api_schema(world: World, settings: Any) -> Any:
    settings.API_RATE_LIMIT = 100_000  # fuzzing is not a client to slow down
    return schemathesis.openapi.from_wsgi(DOCUMENT, InTransaction())


@pytest.fixture
def secret(world: World) -> str:
    created = actions.create_token(
        world.admin,
        "schemathesis",
        world.wendeng,
        User.Role.COUNTY_OFFICE,
        "write",
        timezone.now() + dt.timedelta(days=1),
    )
    return created.secret


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_holds_to_its_document(case: Any, secret: str) -> None:
    # a body valid by the document may still be refused by the scheme (422): a value's type
    # depends on its key, which the core checks, not the document; so "valid data accepted"
    # does not hold by design
    case.call_and_validate(
        headers={"Authorization": f"Bearer {secret}"}, excluded_checks=[positive_data_acceptance]
    )
