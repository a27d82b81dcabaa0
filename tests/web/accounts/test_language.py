"""A browser that prefers English still gets the whole page in Chinese (no English catalogue)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User


def test_an_english_browser_gets_the_login_error_in_chinese(office: User) -> None:
    """The finding: Accept-Language: en showed Django's "Please enter a correct username…"."""
    response = Client().post(
        reverse("accounts:login"),
        {"username": "wendeng-office", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
        REMOTE_ADDR="10.1.1.2",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please enter" not in page
    assert "两者都区分大小写" in page
    assert response["Content-Language"] == "zh-hans"
