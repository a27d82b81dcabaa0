"""Logs an operator can use: one line a record on stderr, with the request id, the user and the
path; a 500 is logged with its traceback whatever DEBUG says, and the user sees the Chinese page."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

import pytest
from django.test import Client

from qcounty.web.logs import OneLineFormatter, request_id_from

PROXY_ID = "6f1c0e3a9b2d4c5e8f7a1b2c3d4e5f60"  # nginx's $request_id: 32 hex digits


@pytest.fixture
def stderr_log() -> Iterator[io.StringIO]:
    """Capture what the configured stderr handler writes (its filter and format unchanged)."""
    (handler,) = [
        h for h in logging.getLogger("django").handlers if isinstance(h.formatter, OneLineFormatter)
    ]
    assert handler in logging.getLogger("qcounty").handlers
    assert isinstance(handler, logging.StreamHandler)
    captured = io.StringIO()
    previous = handler.setStream(captured)
    try:
        yield captured
    finally:
        handler.setStream(previous)


@pytest.fixture
def failing_site(settings) -> None:
    settings.ROOT_URLCONF = "tests.web.failing_urls"


def _lines(log: io.StringIO) -> list[str]:
    return log.getvalue().splitlines()


def test_a_500_is_logged_on_one_line_with_the_request_id_user_path_and_traceback(
    world, failing_site, stderr_log
):
    client = Client(raise_request_exception=False)
    client.force_login(world.office)
    response = client.get("/fail/?tab=2", headers={"X-Request-ID": PROXY_ID})

    assert response.status_code == 500
    assert "系统出错" in response.content.decode()  # the Chinese page, no traceback
    assert "RuntimeError" not in response.content.decode()
    assert response.headers["X-Request-ID"] == PROXY_ID

    errors = [line for line in _lines(stderr_log) if " ERROR django.request " in line]
    assert len(errors) == 1
    (error,) = errors
    assert f"[{PROXY_ID}]" in error
    assert "user=wendeng-office" in error
    assert "GET /fail/?tab=2" in error
    assert "Traceback (most recent call last)" in error
    assert "RuntimeError: the view failed on purpose" in error


def test_a_warning_of_the_application_carries_the_same_request_context(
    world, failing_site, stderr_log
):
    client = Client(raise_request_exception=False)
    client.force_login(world.office)
    client.get("/fail/", headers={"X-Request-ID": PROXY_ID})

    (warning,) = [line for line in _lines(stderr_log) if "about to fail" in line]
    assert " WARNING qcounty.tests " in warning
    assert f"[{PROXY_ID}] user=wendeng-office GET /fail/" in warning


def test_a_500_is_logged_with_debug_on_too(world, failing_site, stderr_log, settings):
    settings.DEBUG = True
    client = Client(raise_request_exception=False)
    client.force_login(world.office)
    assert client.get("/fail/").status_code == 500
    assert any(
        " ERROR django.request " in line and "RuntimeError" in line for line in _lines(stderr_log)
    )


def test_every_response_carries_a_request_id_made_when_the_proxy_gave_none(client: Client):
    first = client.get("/accounts/login/").headers["X-Request-ID"]
    second = client.get("/accounts/login/").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second


@pytest.mark.parametrize(
    "header",
    ["", "short", "x" * 129, "id with spaces", 'id"quote', "ok-id\nFAKE ERROR line", "-leading"],
)
def test_an_ill_formed_request_id_from_the_client_is_replaced(header: str):
    assert re.fullmatch(r"[0-9a-f]{32}", request_id_from(header))


@pytest.mark.parametrize("header", [PROXY_ID, "3b1f8e02-62b2-4c1e-9d0b-bb1c2fb0f7a1", "lb:1234.5"])
def test_a_well_formed_request_id_from_the_proxy_is_kept(header: str):
    assert request_id_from(header) == header


def test_a_record_outside_any_request_has_dashes(stderr_log):
    logging.getLogger("qcounty.tests").warning("first line\nsecond line")
    (line,) = _lines(stderr_log)
    assert "[-] user=- -: first line\\nsecond line" in line
