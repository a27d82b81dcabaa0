"""A session ends after two idle hours or twelve hours after sign-in, with a Chinese message."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.sessions import LAST_SEEN, SIGNED_IN_AT
from tests.web.conftest import World

MINUTE = 60
HOUR = 60 * MINUTE


def _shift(client: Client, **seconds_ago: int) -> None:
    """Move the session's recorded times into the past (the clock of the idle limit)."""
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"last_seen": LAST_SEEN, "signed_in_at": SIGNED_IN_AT}[key]] = now - ago
    session.save()


@pytest.fixture
def office_client(world: World) -> Client:
    client = Client()
    client.force_login(world.office)
    return client


def test_signing_in_starts_the_session_clock(office_client: Client) -> None:
    session = office_client.session
    assert abs(session[LAST_SEEN] - time.time()) < 5
    assert session[SIGNED_IN_AT] == session[LAST_SEEN]


def test_a_session_idle_over_two_hours_is_signed_out_with_a_message(
    office_client: Client,
) -> None:
    _shift(office_client, last_seen=2 * HOUR + MINUTE)

    response = office_client.get(reverse("accounts:preferences"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=%2Faccounts%2Fpreferences%2F"
    assert SESSION_KEY not in office_client.session
    login_page = office_client.get(response["Location"]).content.decode()
    assert "登录已超时，请重新登录" in login_page
    # the session is gone, not only the page: the next request is anonymous too
    assert office_client.get(reverse("accounts:preferences")).status_code == 302


def test_a_session_used_within_two_hours_goes_on_and_its_clock_moves(
    office_client: Client,
) -> None:
    _shift(office_client, last_seen=2 * HOUR - MINUTE)

    assert office_client.get(reverse("accounts:preferences")).status_code == 200
    assert abs(office_client.session[LAST_SEEN] - time.time()) < 5


def test_a_request_soon_after_the_last_does_not_write_the_session(
    office_client: Client,
) -> None:
    """Saving field after field must not rewrite the session row each time."""
    _shift(office_client, last_seen=MINUTE)
    key = office_client.session.session_key
    before = Session.objects.get(pk=key).expire_date
    recorded = office_client.session[LAST_SEEN]

    for _ in range(3):
        assert office_client.get(reverse("accounts:preferences")).status_code == 200
    assert Session.objects.get(pk=key).expire_date == before
    assert office_client.session[LAST_SEEN] == recorded


def test_a_session_ends_twelve_hours_after_sign_in_even_when_busy(
    office_client: Client,
) -> None:
    _shift(office_client, last_seen=MINUTE, signed_in_at=12 * HOUR + MINUTE)

    response = office_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert SESSION_KEY not in office_client.session


def test_the_idle_limit_comes_from_the_setting(office_client: Client, settings: Any) -> None:
    settings.QCOUNTY_SESSION_IDLE_MINUTES = 15
    _shift(office_client, last_seen=16 * MINUTE)
    assert office_client.get(reverse("home")).status_code == 302


def test_an_expired_htmx_request_sends_the_browser_to_the_login_page(
    office_client: Client, world: World
) -> None:
    """htmx would put a followed redirect's login page inside the field; HX-Redirect moves the page."""
    _shift(office_client, last_seen=3 * HOUR)
    url = reverse("reporting:save", args=[world.application.pk, "i17.metrologists"])

    response = office_client.post(url, {"value": "9"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:login")
    assert SESSION_KEY not in office_client.session


def test_an_expired_post_is_not_carried_out(office_client: Client, world: World) -> None:
    _shift(office_client, last_seen=3 * HOUR)
    url = reverse("reporting:save", args=[world.application.pk, "i17.metrologists"])

    response = office_client.post(url, {"value": "9"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not world.application.values.filter(key="i17.metrologists").exists()


def test_a_session_from_before_the_clock_gets_one(office_client: Client) -> None:
    session = office_client.session
    del session[LAST_SEEN]
    del session[SIGNED_IN_AT]
    session.save()

    assert office_client.get(reverse("accounts:preferences")).status_code == 200
    assert abs(office_client.session[LAST_SEEN] - time.time()) < 5
