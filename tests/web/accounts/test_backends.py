"""A request's user comes with its organisation in one query; signing in works as before."""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qcounty.web.accounts.models import User
from tests.web.conftest import World

PASSWORD = "a long test password 7"


def _with_password(user: User) -> User:
    user.set_password(PASSWORD)
    user.save()
    return user


def test_a_signed_in_users_organisation_and_county_cost_no_query_of_their_own(
    world: World,
) -> None:
    clerk = _with_password(world.market_clerk)
    client = Client()
    assert (
        client.post(
            reverse("accounts:login"), {"username": clerk.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert client.session[BACKEND_SESSION_KEY] == "qcounty.web.accounts.backends.ModelBackend"
    seen = []

    def view_user(request):  # what the access checks read
        seen.append((request.user.organisation.name, request.user.county.name))

    request = RequestFactory().get("/")
    request.COOKIES.update({k: v.value for k, v in client.cookies.items()})
    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)
    with CaptureQueriesContext(connection) as queries:
        view_user(request)
    assert seen == [(clerk.organisation.name, world.wendeng.name)]
    assert len(queries) == 2  # the session, the user with its organisation and its parent


def test_a_session_signed_in_by_djangos_own_backend_stays_signed_in(world: World) -> None:
    client = Client()
    client.force_login(world.office, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("accounts:preferences")).status_code == 200


def test_a_wrong_password_is_refused_and_signalled_once(world: World) -> None:
    office = _with_password(world.office)
    failures = []

    def failed(**kwargs):
        failures.append(kwargs["credentials"]["username"])

    user_login_failed.connect(failed)
    try:
        response = Client().post(
            reverse("accounts:login"), {"username": office.username, "password": "wrong"}
        )
    finally:
        user_login_failed.disconnect(failed)
    assert response.status_code == 200
    assert SESSION_KEY not in response.wsgi_request.session
    assert failures == [office.username]
