"""A user changes their own password: the old one is checked, the rules apply, in Chinese."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from tests.web.accounts.conftest import PASSWORD, SignIn

URL = reverse("accounts:password_change")
NEW = "Wendeng-2024-new"


@pytest.fixture
def client(office: User) -> Client:
    client = Client()
    client.force_login(office)
    return client


def _change(client: Client, old: str, new: str, again: str | None = None):
    return client.post(
        URL, {"old_password": old, "new_password1": new, "new_password2": again or new}
    )


def test_the_page_is_linked_from_the_settings_and_labelled_in_chinese(client: Client) -> None:
    assert URL in client.get(reverse("accounts:preferences")).content.decode()
    page = client.get(URL).content.decode()
    for label in ["原密码", "新密码", "再次输入新密码", "密码至少包含 10 个字符。"]:
        assert label in page, label


def test_a_wrong_old_password_is_refused_in_chinese(client: Client, office: User) -> None:
    response = _change(client, "not-my-password", NEW)
    assert response.status_code == 200
    assert "原密码不正确，请重新输入。" in response.content.decode()
    office.refresh_from_db()
    assert office.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Short-1", "密码太短，至少需要 10 个字符。"),
        ("1234567890123", "密码只包含数字。"),
        ("password1234", "这个密码太常见了。"),
    ],
)
def test_a_password_against_the_rules_is_refused_in_chinese(
    client: Client, office: User, new: str, message: str
) -> None:
    response = _change(client, PASSWORD, new)
    assert response.status_code == 200
    assert message in response.content.decode()
    office.refresh_from_db()
    assert office.check_password(PASSWORD)


def test_two_different_new_passwords_are_refused(client: Client, office: User) -> None:
    response = _change(client, PASSWORD, NEW, again=NEW + "x")
    assert "两次输入的新密码不一致。" in response.content.decode()
    office.refresh_from_db()
    assert office.check_password(PASSWORD)


def test_a_changed_password_keeps_the_user_signed_in_and_the_old_one_stops_working(
    client: Client, office: User, sign_in: SignIn, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="qcounty"):
        response = _change(client, PASSWORD, NEW)
    assert response.status_code == 302
    assert "密码已修改" in client.get(response["Location"]).content.decode()
    assert SESSION_KEY in client.session
    assert client.get(reverse("home")).wsgi_request.user == office
    assert "password changed: username=wendeng-office" in caplog.text

    assert sign_in("wendeng-office", PASSWORD).status_code == 200
    assert sign_in("wendeng-office", NEW).status_code == 302


def test_a_changed_password_signs_out_the_users_other_sessions(
    client: Client, office: User
) -> None:
    elsewhere = Client()
    elsewhere.force_login(office)
    _change(client, PASSWORD, NEW)
    assert elsewhere.get(reverse("accounts:preferences")).status_code == 302


def test_the_page_needs_a_login() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
