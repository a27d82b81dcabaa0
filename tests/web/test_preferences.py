"""A user sets their e-mail address and the daily digest; a bad address is refused."""

from __future__ import annotations

from django.urls import reverse

from tests.web.conftest import World


def test_a_user_turns_on_the_daily_digest_with_an_email_address(world: World, login) -> None:
    client = login(world.office)
    response = client.post(
        reverse("accounts:preferences"), {"email": "office@wendeng.example", "wants_digest": "on"}
    )
    assert response.status_code == 302
    world.office.refresh_from_db()
    assert world.office.wants_digest is True
    assert world.office.email == "office@wendeng.example"


def test_a_bad_email_address_is_refused_and_nothing_changes(world: World, login) -> None:
    client = login(world.office)
    response = client.post(
        reverse("accounts:preferences"), {"email": "不是邮箱", "wants_digest": "on"}
    )
    assert response.status_code == 200
    assert "输入一个有效的 Email 地址" in response.content.decode()
    world.office.refresh_from_db()
    assert world.office.wants_digest is False


def test_the_settings_page_needs_a_login(client) -> None:
    response = client.get(reverse("accounts:preferences"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
